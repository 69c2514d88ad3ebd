"""Annotations: a highlighted quote in one column of a document, with a colour, a note and tags."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reader.core.errors import EmptyQuote, ReaderError
from reader.core.notes.columns import COLUMNS, ORIGINAL, TRANSLATION, sentence_spans, translation_text
from reader.core.notes.word_bounds import widen_to_words
from reader.core.text.document import Document

LANGUAGES = {ORIGINAL: "id", TRANSLATION: "en"}

# Colour names are what is stored and exported; the UI maps them to paint.
COLORS = ("yellow", "green", "blue", "pink", "purple", "orange")

ANCHORED = "anchored"
MOVED = "moved"
DETACHED = "detached"
STATUSES = (ANCHORED, MOVED, DETACHED)

CONTEXT = 32  # code points of prefix and suffix kept with a quote

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Annotation:
    id: str  # a UUID, without the urn:uuid: prefix
    document_id: str
    content_id: str  # the document's content when the quote was made or last anchored
    column: str  # ORIGINAL or TRANSLATION
    model: str | None  # the model identity that produced the translation (TRANSLATION only)
    block: int
    exact: str  # W3C TextQuoteSelector
    prefix: str
    suffix: str
    start: int  # W3C TextPositionSelector: code points in the block's text, end exclusive
    end: int
    counterpart: str  # the other column's sentences covering the quote, at creation
    color: str
    note: str
    tags: tuple[str, ...]
    created: str  # UTC, ISO 8601 with Z
    modified: str
    status: str = ANCHORED

    @property
    def language(self) -> str:
        return LANGUAGES[self.column]

    @property
    def counterpart_language(self) -> str:
        return LANGUAGES[ORIGINAL if self.column == TRANSLATION else TRANSLATION]

    def edited(self, now: str, **changes) -> "Annotation":
        """A copy with `changes` made by the user at `now`; tags are normalized."""
        if "tags" in changes:
            changes["tags"] = normalize_tags(changes["tags"])
        return replace(self, modified=now, **changes)


def check_annotation(annotation: Annotation) -> None:
    """Refuse what the database must never hold: an empty quote, or a field outside its values."""
    if not annotation.exact.strip():
        raise EmptyQuote("Select some text to highlight: the selection is empty.")
    if annotation.column not in COLUMNS:
        raise ValueError(f"unknown column {annotation.column!r}")
    if annotation.color not in COLORS:
        raise ValueError(f"unknown colour {annotation.color!r}")
    if annotation.status not in STATUSES:
        raise ValueError(f"unknown status {annotation.status!r}")
    # The two selectors describe one span: the position selector counts the quote's code points.
    a = annotation
    if a.block < 0 or a.start < 0 or a.end - a.start != len(a.exact):
        raise ValueError(
            f"annotation {annotation.id}: block {annotation.block}, [{annotation.start}, {annotation.end}) "
            f"does not fit a quote of {len(annotation.exact)} code points"
        )


def normalize_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """Tags trimmed, without a leading '#', inner spaces as hyphens, duplicates dropped, in order."""
    # Control characters count as spaces: invisible, they would only make two tags look alike.
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = "-".join(_CONTROL.sub(" ", tag).strip().lstrip("#").split())
        if cleaned and cleaned.casefold() not in {t.casefold() for t in seen}:
            seen[cleaned] = None
    return tuple(seen)


def covered_sentences(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[int]:
    """Indexes of the sentences a quote [start, end) touches."""
    return [number for number, (s, e) in enumerate(spans) if s < end and start < e] or [
        number for number, (s, e) in enumerate(spans) if s <= start <= e
    ][:1]


@dataclass(frozen=True)
class Quote:
    """What a new annotation is made from: a range of one block's text in one column."""

    document: Document
    column: str
    block: int
    start: int
    end: int
    translations: Sequence[str] | None = None  # the block's sentence translations
    model: str | None = None
    # A mouse selection: its ends are widened to whole words. A keyboard one is kept as made.
    whole_words: bool = False


def new_annotation(
    quote: Quote, *, color: str, now: str, note: str = "", tags: Sequence[str] = ()
) -> Annotation:
    """An annotation for `quote`, its selectors and counterpart taken from the texts shown."""
    block = quote.document.blocks[quote.block]
    original_spans = [(s.start, s.end) for s in block.sentences]
    translations = list(quote.translations or [])
    if quote.column == ORIGINAL:
        text = block.text
        spans_here = original_spans
        other = translations
    elif quote.column == TRANSLATION:
        if quote.translations is None:
            raise ReaderError("This paragraph has no translation yet to highlight.")
        text = translation_text(translations)
        spans_here = sentence_spans(translations)
        other = [s.text for s in block.sentences]
    else:
        raise ValueError(f"unknown column {quote.column!r}")
    start, end = widen_to_words(text, quote.start, quote.end) if quote.whole_words else (quote.start, quote.end)
    start, end = _trim(text, start, end)
    if start >= end:
        raise EmptyQuote("Select some text to highlight: the selection is empty.")
    if color not in COLORS:
        raise ValueError(f"unknown colour {color!r}")
    covered = covered_sentences(spans_here, start, end)
    counterpart = " ".join(other[i] for i in covered if i < len(other))
    return Annotation(
        id=_new_id(),
        document_id=quote.document.id,
        content_id=quote.document.content_id,
        column=quote.column,
        model=quote.model if quote.column == TRANSLATION else None,
        block=quote.block,
        **quote_selectors(text, start, end),
        counterpart=counterpart,
        color=color,
        note=note,
        tags=normalize_tags(tags),
        created=now,
        modified=now,
    )


def quote_selectors(text: str, start: int, end: int) -> dict[str, str | int]:
    """The selectors an annotation keeps for text[start:end]: the quote, CONTEXT code points either side, its range."""
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
        "start": start,
        "end": end,
    }


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without white space at either end."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _new_id() -> str:
    """A random UUID; uuid (and the platform module it loads) is imported with the first highlight."""
    import uuid

    return str(uuid.uuid4())
