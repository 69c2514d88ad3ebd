"""Posts backed up in a JSON export: their text as Baca keeps it and their cached translations."""

# A W3C export carries, under the collection's "baca:documents", each post its annotations are on,
# so that importing it restores post and notes into any data folder, even a new empty one.
# See docs/decisions/0015-notes-backup.md.

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.core.text.document import BLOCK_KINDS, Block, Document, content_id, document_fields
from reader.core.notes.note_groups import NoteGroup
from reader.core.notes.notes_json import DOCUMENTS_KEY
from reader.core.text.sentences import Sentence
from reader.core.translate.corrections import STORED_STATES, Correction
from reader.core.store import Store


@dataclass(frozen=True)
class BackupDocument:
    """A post as a notes file carries it, checked: its text, and translations by model."""

    number: int  # 1-based, in file order, for messages
    document: Document
    translations: dict[str, dict[str, str]]  # model -> sentence -> translation
    corrections: list[Correction] = field(default_factory=list)  # the reader's, placed in `document`


def document_record(group: NoteGroup) -> dict:
    """The post of a group as JSON: what restores it, as the store keeps it (its snapshot)."""
    entry, document = group.entry, group.document
    return {
        "id": entry.id,
        "content_id": document.content_id,
        "source": entry.source,
        "url": entry.url,
        **document_fields(document),
        "translations": {model: dict(sorted(pairs.items())) for model, pairs in sorted(group.cache.items())},
        "corrections": [correction_record(c) for _key, c in sorted(group.corrections.items())],
    }


_CORRECTION_FIELDS = ("block", "sentence", "source", "machine", "edited", "state", "model", "created", "modified")


def correction_record(correction: Correction) -> dict:
    """The reader's correction of one sentence as JSON: its place, both texts, state, model and times."""
    return {name: getattr(correction, name) for name in _CORRECTION_FIELDS}


def _corrections(raw, document: Document, where: str, found: list[str]) -> list[Correction]:
    """A post's corrections read and checked against its text; a bad one refuses the file."""
    if not isinstance(raw, list):
        found.append(f"{where}: its corrections are not a list")
        return []
    corrections, seen = [], set()
    for number, record in enumerate(raw, 1):
        here = f"{where}, correction {number}"
        if not isinstance(record, dict) or set(record) != set(_CORRECTION_FIELDS):
            found.append(f"{here} is not an object with {', '.join(_CORRECTION_FIELDS)}")
            return []
        block, sentence = record["block"], record["sentence"]
        if not (_is_int(block) and _is_int(sentence) and 0 <= block < len(document.blocks)
                and 0 <= sentence < len(document.blocks[block].sentences)):
            found.append(f"{here}: block {block!r}, sentence {sentence!r} is not a sentence of the post")
            return []
        if record["source"] != document.blocks[block].sentences[sentence].text:
            found.append(f"{here}: its source is not the post's sentence there (the file was changed)")
            return []
        texts_ok = isinstance(record["machine"], str) and (
            record["edited"] is None or (isinstance(record["edited"], str) and record["edited"].strip())
        )
        if not texts_ok or record["state"] not in STORED_STATES:
            found.append(
                f"{here}: it needs a machine text, an edited text or null, and a state of {', '.join(STORED_STATES)}"
            )
            return []
        if not all(isinstance(record[key], str) for key in ("created", "modified")) or not (
            record["model"] is None or isinstance(record["model"], str)
        ):
            found.append(f"{here}: its model and times must be text")
            return []
        if (block, sentence) in seen:
            found.append(f"{here} repeats the correction of block {block}, sentence {sentence}")
            return []
        seen.add((block, sentence))
        corrections.append(Correction(document.id, **record))
    return corrections


def read_document_record(number: int, raw, problems: list[str]) -> BackupDocument | None:
    """A backed-up post read and checked; its problems are added to `problems`."""
    where = f"post {number} of {DOCUMENTS_KEY}"
    if not isinstance(raw, dict):
        problems.append(f"{where} is not an object")
        return None
    found: list[str] = []
    for key in ("id", "content_id", "source", "title"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            found.append(f"{where}: its {key} is missing or not text")
    for key in ("url", "date", "author"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            found.append(f"{where}: its {key} is not text")
    date = None
    if isinstance(raw.get("date"), str):
        try:
            date = datetime.date.fromisoformat(raw["date"])
        except ValueError:
            found.append(f"{where}: its date {raw['date']!r} is not a date (YYYY-MM-DD)")
    blocks = _blocks(raw.get("blocks"), where, found)
    translations = _translations(raw.get("translations", {}), where, found)
    if found:
        problems.extend(found)
        return None
    document = Document(
        id=raw["id"],
        content_id=raw["content_id"],
        source=raw["source"],
        title=raw["title"],
        date=date,
        author=raw.get("author"),
        blocks=blocks,
        url=raw.get("url") or None,
    )
    # The content_id is a hash of the text (0002): one that does not match is a record changed or
    # damaged since it was written. (The id is taken as given: the notes hang on it.)
    if content_id(document.title, blocks) != document.content_id:
        problems.append(f"{where}: its content_id does not match its text (the file was changed)")
        return None
    refused: list[str] = []
    corrections = _corrections(raw.get("corrections", []), document, where, refused)
    if refused:
        problems.extend(refused)
        return None
    sentences = {s.text for block in blocks for s in block.sentences}
    for model, pairs in translations.items():
        stray = next((source for source in pairs if source not in sentences), None)
        if stray is not None:
            problems.append(f"{where}: its translations by {model!r} hold text that is not one of its sentences")
            return None
    return BackupDocument(number, document, translations, corrections)



def _blocks(raw, where: str, found: list[str]) -> list[Block]:
    if not isinstance(raw, list) or not raw:
        found.append(f"{where}: it has no list of blocks")
        return []
    blocks = []
    for index, block in enumerate(raw):
        here = f"{where}, block {index}"
        if not isinstance(block, dict):
            found.append(f"{here} is not an object")
            return []
        kind, text, spans = block.get("kind"), block.get("text"), block.get("sentences")
        if kind not in BLOCK_KINDS:
            found.append(f"{here}: kind {kind!r} is not one of {', '.join(BLOCK_KINDS)}")
            return []
        if not isinstance(text, str) or not text.strip():
            found.append(f"{here}: its text is missing or empty")
            return []
        if not _spans_fit(spans, len(text)):
            found.append(f"{here}: its sentences must be [start, end] pairs in order within its text")
            return []
        blocks.append(Block(kind, text, [Sentence(s, e, text[s:e]) for s, e in spans]))
    return blocks


def _spans_fit(spans, length: int) -> bool:
    if not isinstance(spans, list):
        return False
    at = 0
    for span in spans:
        if not (isinstance(span, list) and len(span) == 2 and all(_is_int(v) for v in span)):
            return False
        start, end = span
        if not at <= start < end <= length:
            return False
        at = end
    return True


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _translations(raw, where: str, found: list[str]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        found.append(f"{where}: its translations are not an object")
        return {}
    for model, pairs in raw.items():
        if not model or not isinstance(pairs, dict) or not all(isinstance(v, str) for v in pairs.values()):
            found.append(f"{where}: its translations by {model!r} are not sentences and their translations")
            return {}
    return raw


@dataclass(frozen=True)
class Restored:
    """What restoring the posts of a file did."""

    added: list[str]  # titles of the posts that were not in the library
    present: int  # posts already in the library, left as they are
    corrections: int = 0  # the reader's corrections restored


def restore_documents(store: Store, backups: Sequence[BackupDocument]) -> Restored:
    """Record each post the library lacks, and add the cached translations it lacks; keep the rest.

    A post already in the library keeps its text (the user may have opened a newer version), and
    a translation already cached is kept. Call inside the import's transaction.
    """
    added, present, corrections = [], 0, 0
    for backup in backups:
        if store.library_entry(backup.document.id) is None:
            store.record_document(backup.document)
            added.append(backup.document.title)
        else:
            present += 1
        for model, pairs in backup.translations.items():
            store.save_translations(model, pairs, keep_existing=True)
        # The reader's own corrections there already win, as cached translations do.
        corrections += store.save_corrections(backup.corrections, keep_existing=True)
    return Restored(added, present, corrections)
