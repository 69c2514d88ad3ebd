"""Notes as W3C Web Annotation JSON: an AnnotationCollection that imports back (reader.core.notes.importer)."""

# Choices (positions in untranslated text, the extension keys) are in docs/decisions/0007.

import json
import uuid
from collections.abc import Sequence

from reader import __version__
from reader.core.notes.annotations import Annotation
from reader.core.notes.columns import TRANSLATION, block_starts
from reader.core.notes.backup import correction_record, document_record
from reader.core.notes.note_groups import NoteGroup, states_word, target_source
from reader.core.notes.notes_json import DOCUMENTS_KEY

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _column_offsets(group: NoteGroup, column: str, model: str | None) -> list[int]:
    """Where each block starts in the column's whole text; a block without text counts as empty."""
    return block_starts(group.block_text(column, index, model) or "" for index in range(len(group.document.blocks)))


def export_json(groups: Sequence[NoteGroup]) -> dict:
    """An AnnotationCollection with one embedded AnnotationPage holding every annotation.

    Before the page, under "baca:documents", each post with its text and cached translations:
    the file is a backup that restores posts and notes into any data folder (reader.core.notes.backup).
    """
    items = []
    for group in groups:
        offsets: dict[tuple[str, str | None], list[int]] = {}
        for annotation in group.annotations:
            key = (annotation.column, annotation.model if annotation.column == TRANSLATION else None)
            if key not in offsets:
                offsets[key] = _column_offsets(group, *key)
            items.append(_w3c_annotation(group, annotation, offsets[key]))
    # Ids derived from the annotations' ids: the same notes give the same file.
    digest = uuid.uuid5(uuid.NAMESPACE_URL, "baca:notes:" + ",".join(sorted(item["id"] for item in items)))
    collection_id = f"urn:uuid:{digest}"
    if len(groups) == 1:
        label = f"Notes on {groups[0].entry.title}"
    else:
        label = f"Notes from Baca: {len(groups)} documents"
    collection = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "generator": {"type": "Software", "name": f"Baca {__version__}"},
    }
    if groups:
        # Before the page, so that a reader streaming the file meets the posts first.
        collection[DOCUMENTS_KEY] = [document_record(group) for group in groups]
    if items:
        collection["first"] = {
            "id": f"urn:uuid:{uuid.uuid5(digest, 'page-1')}",
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        }
    return collection


def _w3c_annotation(group: NoteGroup, a: Annotation, offsets: list[int]) -> dict:
    entry = group.entry
    bodies = []
    if a.note:
        bodies.append({"type": "TextualBody", "value": a.note, "format": "text/markdown", "purpose": "commenting"})
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in a.tags]
    if a.counterpart:
        # W3C has no purpose for a translation: "describing", marked as Baca's counterpart.
        bodies.append(
            {
                "type": "TextualBody",
                "value": a.counterpart,
                "format": "text/plain",
                "language": a.counterpart_language,
                "purpose": "describing",
                "baca:role": "counterpart",
            }
        )
    quote = {"type": "TextQuoteSelector", "exact": a.exact}
    if a.prefix:
        quote["prefix"] = a.prefix
    if a.suffix:
        quote["suffix"] = a.suffix
    block_offset = offsets[a.block] if a.block < len(offsets) else 0
    baca = {
        "id": entry.id,
        "content_id": entry.content_id,
        "title": entry.title,
        "source": entry.source,
        "column": a.column,
        "language": a.language,
        "block": a.block,
        "block_offset": block_offset,
    }
    if a.column == TRANSLATION:
        baca["model"] = a.model
    states = group.sentence_states(a)
    if states:
        # The reader's corrections of the quote's sentences (restored from the post's record).
        baca["translation_state"] = states_word(states)
        edits = [c for _n, _s, c in states if c is not None and c.edited is not None]
        if edits:
            baca["corrections"] = [correction_record(c) for c in edits]
    annotation = {
        "id": f"urn:uuid:{a.id}",
        "type": "Annotation",
        "motivation": "commenting" if a.note.strip() else "highlighting",
        "created": a.created,
        "modified": a.modified,
    }
    if bodies:
        annotation["body"] = bodies
    annotation["target"] = {
        "source": target_source(entry),
        "selector": [
            quote,
            {"type": "TextPositionSelector", "start": block_offset + a.start, "end": block_offset + a.end},
        ],
        "baca:document": baca,
    }
    annotation["baca:color"] = a.color
    return annotation


def dumps(collection: dict) -> str:
    """The JSON text of an export: the collection indented, one post or annotation per line, characters as they are."""
    # One annotation per line reads and diffs well, and is written by json's C encoder: indenting
    # everything takes json's pure-Python one, four times slower (0.6 s for 10,000 annotations).
    page = collection.get("first")
    items = page.get("items", []) if isinstance(page, dict) else []
    documents = collection.get(DOCUMENTS_KEY, [])
    shell = dict(collection)
    if documents:
        shell[DOCUMENTS_KEY] = []
    if items:
        shell["first"] = {**page, "items": []}
    text = json.dumps(shell, ensure_ascii=False, indent=2)
    if items:
        # "first" is the collection's last key and "items" the page's, so theirs is the last empty list.
        before, _, after = text.rpartition('"items": []')
        lines = ",\n".join("      " + json.dumps(item, ensure_ascii=False) for item in items)
        text = f'{before}"items": [\n{lines}\n    ]{after}'
    if documents:
        # A key inside a JSON string has its quotes escaped, so this finds the key itself.
        before, _, after = text.partition(f'"{DOCUMENTS_KEY}": []')
        lines = ",\n".join("    " + json.dumps(record, ensure_ascii=False) for record in documents)
        text = f'{before}"{DOCUMENTS_KEY}": [\n{lines}\n  ]{after}'
    return text + "\n"
