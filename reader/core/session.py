"""The reading session: the open document, its translations and their state, without Qt.

The window's controllers fill it in and read it; the view only shows it.
"""

import enum
from collections.abc import Mapping, Sequence

from reader.core.notes.columns import ORIGINAL, sentence_spans, translation_text
from reader.core.text.document import Document
from reader.core.translate.confidence import SentenceScores


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
    """One open document with the sentence translations known so far, block by block."""

    def __init__(self) -> None:
        self.document: Document | None = None
        self.translations: dict[int, list[str]] = {}
        self.title_translation: str | None = None
        self.state = TranslationState.IDLE
        # The model's scores of its translations, by source sentence (reader.core.translate.confidence).
        self.scores: dict[str, SentenceScores] = {}

    def open(
        self,
        document: Document | None,
        translations: Mapping[int, Sequence[str]] | None = None,
        title_translation: str | None = None,
    ) -> None:
        """Start reading `document`, with the translations already known (from the cache)."""
        self.document = document
        self.translations = {index: list(sentences) for index, sentences in (translations or {}).items()}
        self.title_translation = title_translation
        self.scores = {}

    def add_translations(self, translations: Mapping[int, Sequence[str]]) -> None:
        for index, sentences in translations.items():
            self.translations[index] = list(sentences)

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

    def unscored(self) -> dict[str, str]:
        """The translations shown that have no scores yet: source sentence -> translation."""
        missing: dict[str, str] = {}
        for block, sentences in self.translations.items():
            for source, shown in zip(self.document.blocks[block].sentences, sentences):
                if source.text not in self.scores:
                    missing[source.text] = shown
        return missing
