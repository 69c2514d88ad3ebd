"""The reading session: the open document, its translations and their state, its annotations, without Qt.

The window's controllers fill it in and read it; the view only shows it.
"""

import enum
from collections.abc import Iterable, Mapping, Sequence

from reader.core.notes.annotations import Annotation
from reader.core.notes.columns import ORIGINAL, sentence_spans, translation_text
from reader.core.platform.clock import utc_now
from reader.core.text.document import Document
from reader.core.text.sentences import split_sentences
from reader.core.translate.confidence import SentenceScores
from reader.core.translate.corrections import (
    CHECKED,
    MACHINE,
    REVIEW,
    Correction,
    Key,
    place,
    shown_block,
    state_of,
    under_new_machine,
)


class TranslationState(enum.StrEnum):
    """Where the translation of the open document stands."""

    IDLE = "idle"
    LOADING = "loading"  # the model is being loaded
    TRANSLATING = "translating"
    PAUSED = "paused"  # stopped by the user, or after a failure, until resumed
    DONE = "done"
    NO_MODEL = "no-model"
    FAILED = "failed"  # the model could not be loaded, or a chunk failed


class ReadingSession:
    """One open document with the sentence translations known so far, block by block.

    `machine` holds the model's translations; `translations` what is shown, the reader's
    corrections (reader.core.translate.corrections) put over them.
    """

    def __init__(self) -> None:
        self.document: Document | None = None
        self.machine: dict[int, list[str]] = {}
        self.translations: dict[int, list[str]] = {}
        self.corrections: dict[Key, Correction] = {}
        self._to_save: list[Correction] = []
        self.title_translation: str | None = None
        self.state = TranslationState.IDLE
        # The model's scores of its translations, by source sentence (reader.core.translate.confidence).
        self.scores: dict[str, SentenceScores] = {}
        # The document's highlights and notes by id, and the model whose translation they are shown on.
        self.annotations: dict[str, Annotation] = {}
        self.model: str | None = None

    def open(
        self,
        document: Document | None,
        translations: Mapping[int, Sequence[str]] | None = None,
        title_translation: str | None = None,
        corrections: Mapping[Key, Correction] | None = None,
        annotations: Iterable[Annotation] = (),
    ) -> None:
        """Start reading `document`, with the translations already known (from the cache)."""
        self.document = document
        self.set_annotations(annotations)
        self.corrections = dict(corrections or {})
        self._to_save = []
        self.machine = {}
        self.translations = {}
        self.add_translations(translations or {})
        self.title_translation = title_translation
        self.scores = {}

    def add_translations(self, translations: Mapping[int, Sequence[str]]) -> None:
        """The model's translations of some blocks; what is shown follows, corrections on top."""
        for index, sentences in translations.items():
            self.machine[index] = list(sentences)
            self._review(index)
            self.translations[index] = shown_block(index, sentences, self.corrections)

    def _review(self, block: int) -> None:
        """Corrections whose machine text changed under them (another model) are to review."""
        machine = self.machine[block]
        now = None
        for number, text in enumerate(machine):
            correction = self.corrections.get((block, number))
            if correction is None:
                continue
            now = now or utc_now()
            reviewed = under_new_machine(correction, text, now)
            if reviewed is not correction:
                self.corrections[reviewed.key] = reviewed
                self._to_save.append(reviewed)

    def take_reviews(self) -> list[Correction]:
        """The corrections put to review since last asked, for the store."""
        found, self._to_save = self._to_save, []
        return found

    def machine_of(self, block: int) -> list[str] | None:
        """A block's machine translations, whatever the reader corrected."""
        return self.machine.get(block)

    def set_correction(self, key: Key, correction: Correction | None) -> None:
        """Put the reader's correction on a sentence (None: the machine's text again)."""
        if correction is None:
            self.corrections.pop(key, None)
        else:
            self.corrections[key] = correction
        block = key[0]
        if block in self.machine:
            self.translations[block] = shown_block(block, self.machine[block], self.corrections)

    def state_of(self, key: Key) -> str:
        """machine, edited, checked or review (reader.core.translate.corrections)."""
        return state_of(self.corrections, key)

    def sentence_count(self) -> int:
        if self.document is None:
            return 0
        return sum(len(block.sentences) for block in self.document.blocks)

    def count(self, state: str) -> int:
        """How many sentences of the document are in `state`."""
        if state == MACHINE:
            return self.sentence_count() - len(self.corrections)
        return sum(1 for correction in self.corrections.values() if correction.state == state)

    def checked_count(self) -> int:
        return self.count(CHECKED)

    def review_count(self) -> int:
        return self.count(REVIEW)

    def translation_of(self, block: int) -> list[str] | None:
        """A block's sentence translations; None while it waits for one."""
        return self.translations.get(block)

    def untranslated_blocks(self) -> list[int]:
        if self.document is None:
            return []
        return [index for index in range(len(self.document.blocks)) if index not in self.translations]

    def text(self, block: int, column: str) -> str | None:
        """A block's text in one column; None outside the document or while a translation is pending."""
        if self.document is None or not 0 <= block < len(self.document.blocks):
            return None
        if column == ORIGINAL:
            return self.document.blocks[block].text
        sentences = self.translations.get(block)
        return translation_text(sentences) if sentences is not None else None

    def spans(self, block: int, column: str) -> list[tuple[int, int]]:
        """Offsets of each sentence of a block within its text in one column ([] while pending)."""
        if self.document is None or not 0 <= block < len(self.document.blocks):
            return []
        if column == ORIGINAL:
            return [(sentence.start, sentence.end) for sentence in self.document.blocks[block].sentences]
        sentences = self.translations.get(block)
        return sentence_spans(sentences) if sentences is not None else []

    def add_scores(self, scores: Mapping[str, SentenceScores]) -> None:
        self.scores.update(scores)

    def sentence_scores(self, block: int) -> list[SentenceScores | None]:
        """Each sentence's scores in a block, None where none are known or the text shown is not
        the one scored (another model's, or the reader's own)."""
        sentences = self.translations.get(block)
        if self.document is None or sentences is None or not 0 <= block < len(self.document.blocks):
            return []
        found = []
        for source, shown in zip(self.document.blocks[block].sentences, sentences):
            scores = self.scores.get(source.text)
            found.append(scores if scores is not None and scores.text == shown else None)
        return found

    def title_scores(self) -> list[tuple[int, int, int, SentenceScores]]:
        """For each of the title's sentences whose translation shown is the one scored: where it is in
        the original title (start) and in the English (start, end), and its scores."""
        title = self.title_translation
        if self.document is None or not title:
            return []
        found, position = [], 0
        for sentence in split_sentences(self.document.title):
            scores = self.scores.get(sentence.text)
            if scores is None or not title.startswith(scores.text, position):
                break  # the English is joined from the sentences': past one not known, none is placed
            found.append((sentence.start, position, position + len(scores.text), scores))
            position += len(scores.text) + 1
        return found

    def unscored(self) -> dict[str, str]:
        """The model's translations that have no scores yet: source sentence -> translation."""
        missing: dict[str, str] = {}
        title = split_sentences(self.document.title) if self.document is not None and self.title_translation else []
        if len(title) == 1 and title[0].text not in self.scores:
            missing[title[0].text] = self.title_translation  # (a longer title's own sentences are not kept)
        for block, sentences in self.machine.items():
            for source, shown in zip(self.document.blocks[block].sentences, sentences):
                if source.text not in self.scores:
                    missing[source.text] = shown
        return missing
    # Annotations

    def set_annotations(self, annotations: Iterable[Annotation]) -> None:
        self.annotations = {annotation.id: annotation for annotation in annotations}

    def put_annotation(self, annotation: Annotation) -> Annotation | None:
        """Add or replace an annotation (by id); the one it replaced."""
        old = self.annotations.get(annotation.id)
        self.annotations[annotation.id] = annotation
        return old

    def remove_annotation(self, annotation_id: str) -> Annotation | None:
        return self.annotations.pop(annotation_id, None)


def open_session(store, document: Document, translations: Mapping[int, Sequence[str]]) -> ReadingSession:
    """A session over `document` with its machine `translations` and the reader's corrections from `store`.

    Corrections that followed their sentence into this version of the post, or went to review
    under a changed machine text, are saved.
    """
    placed, moved = place(store.corrections_for(document.id), document)
    store.move_corrections(moved)
    session = ReadingSession()
    session.open(document, translations, corrections=placed)
    store.save_corrections(session.take_reviews())
    return session
