"""The notes to export: each document's annotations, text and cached translations, read from the store."""

# `collect_notes` is the one function that reads the store for an export; the formatters
# (reader.core.notes.export, export_html, w3c_json) are pure functions of the groups it returns.
# See docs/decisions/0007-notes-export.md.

import collections
import datetime
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.errors import ReaderError, UnknownColor, UnknownDocument
from reader.core.notes.annotations import COLORS, Annotation, normalize_tags
from reader.core.notes.columns import ORIGINAL, TRANSLATION, sentence_spans, translation_text
from reader.core.translate.reading import block_sentences
from reader.core.translate.corrections import Correction, Key, place, shown_block, state_of
from reader.core.translate.schedule import cached_blocks
from reader.core.store import LibraryEntry, Store
from reader.core.text.document import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NoteGroup:
    """One document's annotations with what the formatters need to show them."""

    entry: LibraryEntry
    document: Document  # the snapshot from the store: the text the annotations were anchored in
    annotations: Sequence[Annotation]  # reading order
    # model -> each block's sentence translations, None where not every sentence is cached
    translations: Mapping[str, Sequence[Sequence[str] | None]] = field(default_factory=dict)
    model: str | None = None  # the translation shown beside the original in the HTML page
    # model -> sentence -> its translation: every cached translation of the document's sentences,
    # which a JSON export carries so that it restores the post whole (reader.core.notes.backup)
    cache: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # model identity (a hash) -> its name and version for people, `Indonesian → English 1.9`
    model_names: Mapping[str, str] = field(default_factory=dict)
    # the reader's corrections by (block, sentence), placed in `document`; `translations` shows them
    corrections: Mapping[Key, Correction] = field(default_factory=dict)

    def sentence_states(self, annotation: Annotation) -> list[tuple[int, str, Correction | None]]:
        """(sentence number, state, correction) of each sentence of its block the annotation's quote covers."""
        block = annotation.block
        if block >= len(self.document.blocks):
            return []
        if annotation.column == ORIGINAL:
            spans = [(s.start, s.end) for s in self.document.blocks[block].sentences]
        else:
            sentences = self.translations.get(annotation.model, ())
            if block >= len(sentences) or sentences[block] is None:
                return []
            spans = sentence_spans(sentences[block])
        return [
            (number, state_of(self.corrections, (block, number)), self.corrections.get((block, number)))
            for number, (start, end) in enumerate(spans)
            if start < annotation.end and annotation.start < end
        ]

    def block_text(self, column: str, block: int, model: str | None = None) -> str | None:
        """A block's text in one column; None for a translation that is not (fully) cached."""
        if column == ORIGINAL:
            return self.document.blocks[block].text
        sentences = self.translations.get(model, ())
        if block >= len(sentences) or sentences[block] is None:
            return None
        return translation_text(sentences[block])


def reading_order(annotation: Annotation) -> tuple:
    """Sort key: by block, the original's highlights before the translation's, then by position."""
    return (
        annotation.block,
        annotation.column != ORIGINAL,
        annotation.start,
        annotation.end,
        annotation.created,
        annotation.id,
    )


# Collecting from the store


def find_document(store: Store, id_or_prefix: str) -> LibraryEntry:
    """The library entry with this id, or the only one whose id starts with it."""
    entry = store.library_entry(id_or_prefix)
    if entry is not None:
        return entry
    matches = [e for e in store.library() if e.id.startswith(id_or_prefix)] if id_or_prefix else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnknownDocument(f"No document in the library has the id {id_or_prefix!r}.")
    names = ", ".join(f"{e.id[:12]}… ({e.title})" for e in matches[:3])
    raise UnknownDocument(
        f"The id prefix {id_or_prefix!r} matches {len(matches)} documents ({names}); give more of the id."
    )


def collect_notes(
    store: Store,
    document_id: str | None = None,
    *,
    color: str | None = None,
    tag: str | None = None,
    model: str | None = None,
    model_names: Mapping[str, str] | None = None,
) -> list[NoteGroup]:
    """The notes to export: one document's (`document_id`) or every document's (None), filtered.

    `model_names` (reader.core.reading.model_names) names the models the HTML page mentions.
    """
    if color is not None and color not in COLORS:
        raise UnknownColor(f"There is no highlight colour {color!r}; Baca's colours are {', '.join(COLORS)}.")
    wanted_tag = None
    if tag is not None:
        cleaned = normalize_tags([tag])
        wanted_tag = cleaned[0].casefold() if cleaned else ""

    def keep(annotation: Annotation) -> bool:
        if color is not None and annotation.color != color:
            return False
        return wanted_tag is None or any(t.casefold() == wanted_tag for t in annotation.tags)

    if document_id is not None:
        entry = find_document(store, document_id)
        # A document asked for by name is exported even without notes: its page still prints.
        chosen = [(entry, [a for a in store.annotations_for(entry.id) if keep(a)])]
    else:
        by_document: dict[str, list[Annotation]] = collections.defaultdict(list)
        for annotation in store.all_annotations():
            if keep(annotation):
                by_document[annotation.document_id].append(annotation)
        entries = {entry.id: entry for entry in store.library()}
        for missing in sorted(set(by_document) - set(entries)):
            log.warning("%d annotations belong to document %s, which is not in the library",
                        len(by_document[missing]), missing)
        # Documents in title order: the same notes give the same file, whatever was opened last.
        chosen = sorted(
            ((entries[id], notes) for id, notes in by_document.items() if id in entries),
            key=lambda pair: (pair[0].title.casefold(), pair[0].id),
        )
    names = dict(model_names or {})
    return [_group(store, entry, annotations, model, names) for entry, annotations in chosen]


def _group(
    store: Store, entry: LibraryEntry, annotations: list[Annotation], model: str | None, names: Mapping[str, str]
) -> NoteGroup:
    document = store.document_snapshot(entry.id)
    if document is None:
        raise ReaderError(
            f"The text of {entry.title!r} is not in the library yet; open it once in Baca, then export again."
        )
    annotations = sorted(annotations, key=reading_order)
    cache = _cached(store, document)
    used = collections.Counter(a.model for a in annotations if a.column == TRANSLATION and a.model)
    # The model with the most of this document's sentences cached, for a document highlighted only
    # in the original: its HTML page still shows a translation.
    most = min(cache, key=lambda name: (-len(cache[name]), name)) if cache else None
    shown = model or (used.most_common(1)[0][0] if used else most)
    models = [m for m in dict.fromkeys([shown, *used]) if m]
    sentences = block_sentences(document)
    # The reader's corrections, over every model's translation: the text the notes were made on.
    corrections, _moved = place(store.corrections_for(entry.id), document)
    translations = {}
    for name in models:
        found = cached_blocks(sentences, cache.get(name, {}))
        translations[name] = [
            shown_block(index, found[index], corrections) if index in found else None for index in range(len(sentences))
        ]
    return NoteGroup(entry, document, annotations, translations, shown, cache, names, corrections)


def corrected(states: Sequence[tuple[int, str, Correction | None]]) -> bool:
    """Whether the reader edited, checked or has to review any of these sentences (Markdown and HTML say so then)."""
    return any(correction is not None for _number, _state, correction in states)


def states_word(states: Sequence[tuple[int, str, Correction | None]]) -> str:
    """The states of an annotation's sentences in a word or a few: `edited`, `checked, machine`."""
    return ", ".join(dict.fromkeys(state for _number, state, _correction in states))


def _cached(store: Store, document: Document) -> dict[str, dict[str, str]]:
    """Every cached translation of the document's sentences: model -> sentence -> translation."""
    return store.translations_by_model([s.text for block in document.blocks for s in block.sentences])


# Shared helpers


def source_url(entry: LibraryEntry) -> str:
    """The document's URL, else its file as a file:// URI; empty for Baca's own (baca:) sources."""
    if entry.url:
        return entry.url
    if entry.source.startswith("baca:"):
        return ""
    path = Path(entry.source)
    return path.as_uri() if path.is_absolute() else ""


def target_source(entry: LibraryEntry) -> str:
    """The W3C target source: the URL or file URI, else the baca: source itself."""
    return source_url(entry) or entry.source


def location(block: int) -> int:
    """The block's number as the reader counts paragraphs: 1-based, headings and captions included."""
    return block + 1


def headings(document: Document) -> list[int | None]:
    """For each block, the index of the heading it falls under (itself for a heading)."""
    current, result = None, []
    for index, block in enumerate(document.blocks):
        if block.kind == "heading":
            current = index
        result.append(current)
    return result


def entry_date(entry: LibraryEntry) -> str:
    return entry.date.isoformat() if isinstance(entry.date, datetime.date) else ""
