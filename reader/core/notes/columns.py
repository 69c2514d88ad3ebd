"""The text of a column: its name, a translation block's text, sentence spans, block starts."""

from collections.abc import Iterable, Sequence

ORIGINAL = "original"
TRANSLATION = "translation"
COLUMNS = (ORIGINAL, TRANSLATION)

# Between block texts in a column's whole text: JSON export positions and re-anchoring count it.
BLOCK_SEPARATOR = "\n\n"


def translation_text(sentences: Sequence[str]) -> str:
    """A translation block's text: its sentence translations joined by one space."""
    return " ".join(sentences)


def sentence_spans(sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Offsets of each sentence within `translation_text(sentences)`."""
    spans, offset = [], 0
    for sentence in sentences:
        spans.append((offset, offset + len(sentence)))
        offset += len(sentence) + 1
    return spans


def block_starts(texts: Iterable[str]) -> list[int]:
    """Where each text starts in the texts joined by BLOCK_SEPARATOR."""
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + len(BLOCK_SEPARATOR)
    return starts
