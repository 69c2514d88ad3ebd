"""Translates the open document in the background, the paragraphs on screen first."""

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from reader.core.text.document import Document
from reader.core.errors import NoTranslationModel, ReaderError
from reader.core.translate.glossary import Glossary, glossary_keys
from reader.core.translate.reading import block_sentences, title_sentences
from reader.core.translate.schedule import CHUNK_SENTENCES, FIRST_CHUNK_SENTENCES, TranslationQueue, cached_blocks
from reader.core.session import ReadingSession, TranslationState
from reader.core.store import Store
from reader.ui.bilingual_view import BilingualView
from reader.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

NO_MODEL_NOTICE = (
    "No Indonesian → English translation model is installed, so this column stays empty.\n"
    "[Download the Indonesian → English model (about 70 MB)…](baca:install-model)\n"
    "Have the model file already (translate-id_en.argosmodel)? Use Install from File… in the same "
    "window (Translation › Translation Models…)."
)


class TranslationController(QObject):
    """Owns the translator and the queue of the open document; never touches the model itself.

    Translations go into the reading session, then the view is told to show them.
    """

    progress_changed = Signal(int, int)  # blocks translated, blocks in the document
    state_changed = Signal(object)  # TranslationState
    failed = Signal(object)  # an exception to show
    model_changed = Signal(object)  # the identity of the model now in use, or None

    def __init__(
        self,
        view: BilingualView,
        store: Store,
        tasks: TaskRunner,
        load_translator: Callable[[], object],
        session: ReadingSession,
    ):
        super().__init__(view)
        self._view = view
        self._session = session
        self._store = store
        self._tasks = tasks
        self._load_translator = load_translator
        self._translator = None
        self._loading = None
        self._document: Document | None = None
        self._sentences: list[list[str]] = []
        self._title: list[str] = []
        self._queue: TranslationQueue | None = None
        self._in_flight = None
        self._in_flight_blocks: list[int] = []
        self._title_pending = False
        self._first_chunk = True
        self._paused = False
        self._painted: Document | None = None  # the document the view last painted for the first time
        view.document_painted.connect(self._on_painted)
        self._glossary = Glossary()
        self._known: dict[str, str] = {}  # cached translations of the open document's sentences
        self._scores_wanted = False
        self._scoring = None  # the task scoring translations cached without scores

    @property
    def state(self) -> TranslationState:
        return self._session.state

    @property
    def translator(self):
        return self._translator

    @property
    def model_identity(self) -> str | None:
        return self._translator.identity if self._translator is not None else None

    def preload(self) -> None:
        """Load the model now, before any document needs it."""
        if self._translator is None and self._loading is None:
            self._set_state(TranslationState.LOADING)
            self._loading = self._tasks.run(self._load_translator, self._on_translator_loaded, self._on_load_failed)

    def cached(self, document: Document) -> tuple[dict[int, list[str]], str | None]:
        """The translations of `document`'s blocks and title that the cache holds for the model in use."""
        if self._translator is None:
            return {}, None
        return self._cached(block_sentences(document), title_sentences(document))

    def _cached(self, sentences: list[list[str]], title: list[str]) -> tuple[dict[int, list[str]], str | None]:
        everything = [s for block in sentences for s in block] + title
        keys = glossary_keys(self._glossary, everything)
        cached = self._store.cached_translations(self._translator.identity, everything, glossary_keys=keys)
        # Sentences cached in a block that is not: only the others go to the model.
        self._known = cached
        known_title = cached_blocks([title], cached).get(0) if title else None
        return cached_blocks(sentences, cached), " ".join(known_title) if known_title is not None else None

    def start(self, document: Document) -> None:
        """Translate `document` (already shown in the view); what was queued for another goes."""
        self._cancel_in_flight()
        self._document = document
        self._sentences = block_sentences(document)
        self._title = title_sentences(document)
        self._queue = None
        self._paused = False
        if self._translator is not None:
            self._begin()
        elif self._view.isVisible() and self._painted is not document:
            # Once the post is painted: loading the model imports CTranslate2 and numpy on its
            # thread, holding the GIL, which would hold up the first paint (decision 0021).
            self._view.document_painted.connect(lambda _document: self.preload(), Qt.ConnectionType.SingleShotConnection)
        else:
            self.preload()

    @property
    def glossary(self) -> Glossary:
        return self._glossary

    def set_glossary(self, glossary: Glossary) -> None:
        """Translate with `glossary` from now on: the open post's sentences whose entries changed
        are translated again in the background (the others come from the cache)."""
        if glossary == self._glossary:
            return
        self._glossary = glossary
        if self._document is None or self._translator is None or self._queue is None:
            return  # used when the model or the next post starts
        # A chunk under way was made with the old glossary: it is cached as such, then ignored.
        self._cancel_in_flight()
        self._paused = False
        self._begin()

    def reload_model(self) -> None:
        """Look for a model again (one was installed or removed) and retranslate the document."""
        self._cancel_in_flight()
        self._translator = None
        self._loading = None
        self._session.scores = {}  # another model's
        self.model_changed.emit(None)
        if self._document is not None:
            self._view.set_notice(None)
            self.start(self._document)

    def pause(self) -> None:
        """Stop after the chunk under way; nothing else starts until `resume`."""
        if self._queue is None or self._queue.finished:
            return
        self._paused = True
        if self._in_flight is not None and self._in_flight.cancel():
            self._queue.give_back(self._in_flight_blocks)
            self._in_flight = None
        self._set_state(TranslationState.PAUSED)
        self._emit_progress()

    def resume(self) -> None:
        if not self._paused:
            return
        self._paused = False
        self._set_state(TranslationState.TRANSLATING)
        self._pump()

    # Steps

    def _on_painted(self, document: Document) -> None:
        self._painted = document

    def _on_translator_loaded(self, translator) -> None:
        self._loading = None
        self._translator = translator
        self.model_changed.emit(translator.identity)
        if self._document is not None:
            self._begin()

    def _on_load_failed(self, error: BaseException) -> None:
        self._loading = None
        if isinstance(error, NoTranslationModel):
            self._view.set_notice(NO_MODEL_NOTICE)
            self._set_state(TranslationState.NO_MODEL)
            return
        self._view.set_notice(f"The translation model could not be loaded: {error}")
        self._set_state(TranslationState.FAILED)
        self.failed.emit(error)

    def _begin(self) -> None:
        """Show what the cache holds at once, then queue the rest."""
        ready, title = self._cached(self._sentences, self._title)
        # What the view was built with (MainWindow passes `cached`) is not filled in again.
        fresh = {index: t for index, t in ready.items() if self._session.machine_of(index) != t}
        if fresh:
            self._show(fresh)
        if title is not None:
            if self._session.title_translation != title:
                self._show_title(title)
            title_done = True
        else:
            title_done = not self._title
        self._title_pending = not title_done
        self._queue = TranslationQueue([len(s) for s in self._sentences], done=ready)
        self.fill_scores()
        if self._queue.finished and not self._title_pending:
            self._set_state(TranslationState.DONE)
            self._emit_progress()
            return
        self._set_state(TranslationState.TRANSLATING)
        self._first_chunk = True
        self._emit_progress()
        self._pump()

    def _pump(self) -> None:
        # The next chunk is chosen from what is on screen when it starts, so scrolling
        # re-orders the work without any bookkeeping.
        if self._paused or self._in_flight is not None or self._queue is None or self._translator is None:
            return
        document_id = self._document.id
        limit = FIRST_CHUNK_SENTENCES if self._first_chunk else CHUNK_SENTENCES
        self._first_chunk = False
        blocks = self._queue.next_chunk(self._view.visible_blocks(), limit)
        sentences = [s for index in blocks for s in self._sentences[index]]
        with_title = self._title_pending
        if with_title:
            sentences = self._title + sentences
            self._title_pending = False
        if not sentences:
            # Blocks without sentences (nothing to translate) are done at once.
            self._queue.complete(blocks)
            self._show({index: [] for index in blocks})
            self._after_chunk()
            return
        translator, glossary = self._translator, self._glossary
        known = {s: self._known[s] for s in sentences if s in self._known}
        new = [s for s in dict.fromkeys(sentences) if s not in known]
        self._in_flight_blocks = blocks
        self._in_flight = self._tasks.run(
            lambda: translator.translate_scored(new, glossary=glossary) if new else [],
            lambda result: self._on_chunk(document_id, translator.identity, blocks, new, with_title, result, glossary, known),
            lambda error: self._on_chunk_failed(document_id, blocks, error, glossary),
        )

    def _on_chunk(self, document_id, model, blocks, sentences, with_title, scored, glossary, known) -> None:
        # Valid whatever document is open now: cache them (with the glossary they were made with) first.
        scores = dict(zip(sentences, scored))
        translations = [each.text for each in scored]
        try:
            self._store.save_translations(
                model,
                dict(zip(sentences, translations)),
                glossary_keys=glossary_keys(glossary, sentences),
                scores=scores,
            )
        except ReaderError as error:
            # The cache only saves time: the translation is shown all the same.
            log.warning("translations not cached: %s", error)
        if self._document is None or document_id != self._document.id or glossary is not self._glossary:
            return  # a late result for a document no longer open, or made with an older glossary
        self._in_flight = None
        self._session.add_scores(scores)
        lookup = {**known, **dict(zip(sentences, translations))}
        if with_title:
            self._show_title(" ".join(lookup[s] for s in self._title))
        self._show({index: [lookup[s] for s in self._sentences[index]] for index in blocks})
        self._queue.complete(blocks)
        self._after_chunk()

    def _after_chunk(self) -> None:
        self._emit_progress()
        if self._queue.finished:
            self._set_state(TranslationState.DONE)
        else:
            self._pump()

    def _on_chunk_failed(self, document_id, blocks, error: BaseException, glossary) -> None:
        if self._document is None or document_id != self._document.id or glossary is not self._glossary:
            return
        self._in_flight = None
        self._queue.give_back(blocks)
        self._paused = True
        self._set_state(TranslationState.FAILED)
        log.error("translation failed: %s", error)
        self.failed.emit(error)

    # The model's scores (View › Show Confidence)

    def set_scores_wanted(self, wanted: bool) -> None:
        """Whether the translations shown need their scores (confidence is shown)."""
        self._scores_wanted = wanted
        self.fill_scores()

    def fill_scores(self) -> None:
        """Scores for the translations shown that have none: the cache's, else the model's, made in
        the background by scoring the text (decision 0022: nothing is translated again)."""
        if not self._scores_wanted or self._translator is None or self._scoring is not None:
            return
        missing = self._session.unscored()
        if not missing:
            return
        translator, glossary = self._translator, self._glossary
        try:
            cached = self._store.cached_scores(translator.identity, list(missing))
        except ReaderError as error:
            log.warning("cached scores not read: %s", error)
            cached = {}
        cached = {source: scores for source, scores in cached.items() if scores.text == missing[source]}
        if cached:
            self._add_scores(cached)
        rest = {source: text for source, text in missing.items() if source not in cached}
        if rest:
            self._scoring = self._tasks.run(
                lambda: translator.score(rest, glossary),
                lambda scores: self._on_scored(translator.identity, scores),
                self._on_scoring_failed,
            )

    def _on_scored(self, model: str, scores) -> None:
        self._scoring = None
        try:
            self._store.save_scores(model, scores)
        except ReaderError as error:
            log.warning("scores not cached: %s", error)
        if self._translator is not None and model == self._translator.identity:
            self._add_scores(scores)

    def _on_scoring_failed(self, error: BaseException) -> None:
        # Confidence only decorates the text: the reading goes on without it.
        self._scoring = None
        log.warning("translations not scored: %s", error)

    def _add_scores(self, scores) -> None:
        self._session.add_scores(scores)
        self._view.viewport().update()

    def _cancel_in_flight(self) -> None:
        """Drop what has not started; a chunk under way finishes and is cached, then ignored."""
        if self._in_flight is not None:
            self._in_flight.cancel()
        self._in_flight = None

    def _emit_progress(self) -> None:
        if self._queue is not None:
            self.progress_changed.emit(self._queue.done_count, self._queue.total)

    def _show(self, translations: dict[int, list[str]]) -> None:
        self._session.add_translations(translations)
        self._view.show_translations(sorted(translations))

    def _show_title(self, title: str) -> None:
        self._session.title_translation = title
        self._view.show_title_translation()

    def _set_state(self, state: TranslationState) -> None:
        self._session.state = state
        self.state_changed.emit(state)
