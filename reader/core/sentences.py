"""Sentence boundaries for Indonesian text, as code-point offsets into a block's text."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: `text == block_text[start:end]`, surrounding whitespace excluded."""

    start: int
    end: int
    text: str


def split_sentences(text: str, language: str = "id") -> list[Sentence]:
    """Split `text` into sentences with their offsets."""
    from sentencex import segment

    sentences = []
    position = 0
    for piece in segment(language, text):
        start = text.index(piece, position) if piece else position
        end = start + len(piece)
        position = end
        stripped_start = start + (len(piece) - len(piece.lstrip()))
        stripped_end = end - (len(piece) - len(piece.rstrip()))
        if stripped_end > stripped_start:
            sentences.append(Sentence(stripped_start, stripped_end, text[stripped_start:stripped_end]))
    return sentences
