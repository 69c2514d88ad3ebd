"""Documents: a post loaded from a file, cleaned and split into blocks and sentences."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.sentences import Sentence, split_sentences

BLOCK_KINDS = ("heading", "paragraph", "caption")


@dataclass(frozen=True)
class Block:
    kind: str
    text: str
    sentences: tuple[Sentence, ...] = field(default=())

    @classmethod
    def of(cls, kind: str, text: str) -> "Block":
        """A block with its sentences split."""
        return cls(kind, text, tuple(split_sentences(text)))


@dataclass(frozen=True)
class Document:
    id: str
    content_id: str
    source: str
    title: str
    date: datetime.date | None
    author: str | None
    blocks: tuple[Block, ...]


def load_document(path: Path | str, source: str | None = None) -> Document:
    """Load a post from a text, Markdown or saved HTML file."""
    raise NotImplementedError
