"""Import notes: W3C Web Annotation JSON (Baca's own export, or another tool's) into the library."""

# The file is streamed and every annotation checked (reader.core.notes.notes_checks); each annotation is
# matched to a post (the library's, or one the file backs up) and re-anchored there
# (reader.core.notes.reanchor, the file's positions only hints). Only then, in one transaction, are the
# posts restored (reader.core.notes.backup) and the annotations added. See decisions 0007 and 0015.

import bisect
import collections
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reader.core.errors import NotesFileError
from reader.core.notes.annotations import ANCHORED, DETACHED, Annotation
from reader.core.notes.columns import ORIGINAL, TRANSLATION, block_starts, translation_text
from reader.core.notes.backup import BackupDocument, read_document_record, restore_documents
from reader.core.notes.notes_checks import Incoming, check_annotation_item, check_outline
from reader.core.notes.notes_json import read_stream
from reader.core.notes.reanchor import reanchor
from reader.core.platform.clock import utc_now
from reader.core.store import LibraryEntry, Store
from reader.core.translate.corrections import Correction, Key, place, shown_block
from reader.core.translate.reading import block_sentences
from reader.core.translate.schedule import cached_blocks
from reader.core.text.document import Document
from reader.core.text.wording import counted

__all__ = ["ImportReport", "NotesFile", "import_notes", "parse_notes", "plan_import", "read_notes"]

_SHOWN_PROBLEMS = 5

@dataclass(frozen=True)
class ImportReport:
    """What an import did, by count."""

    added: int
    present: int  # already in the library: same id
    unresolved: dict[str, int] = field(default_factory=dict)  # document name -> annotations
    detached: int = 0  # added, but their quote was not found in the document's text
    unchecked: int = 0  # added as they were: the translation they need is not cached here yet
    restored: tuple[str, ...] = ()  # titles of the posts the file brought into the library
    documents_present: int = 0  # posts the file backs up that the library already had
    corrections: int = 0  # the reader's corrections of translated sentences the file restored

    @property
    def imported_nothing(self) -> bool:
        """The file held annotations or posts, and none of them is in the library now."""
        given = self.added + self.present + sum(self.unresolved.values()) + len(self.restored) + self.documents_present
        return given > 0 and not (self.added or self.present or self.restored or self.documents_present)

    def summary(self) -> list[str]:
        """What happened, one line each, for the person who imported."""
        lines = []
        if self.restored:
            titles = "; ".join(repr(title) for title in self.restored[:3])
            more = f" and {len(self.restored) - 3} more" if len(self.restored) > 3 else ""
            lines.append(f"Restored {counted(len(self.restored), 'post')} to the library: {titles}{more}.")
        lines.append(f"Imported {_count(self.added)}; {self.present} already present.")
        if self.corrections:
            lines.append(f"Restored {counted(self.corrections, 'corrected translation')}.")
        if self.detached:
            lines.append(f"Detached: {_count(self.detached)} whose quote was not found in the document's text.")
        if self.unchecked:
            lines.append(
                f"Not checked yet: {_count(self.unchecked)} in the translation, kept as the file gave them: "
                "the paragraphs they need are not translated here yet."
            )
        if self.unresolved:
            names = "; ".join(f"{name} ({count})" for name, count in self.unresolved.items())
            lines.append(
                f"Not imported: {_count(sum(self.unresolved.values()))} for documents not in the library: "
                f"{names}. Open those documents in Baca, then import the file again."
            )
        return lines


def _count(number: int) -> str:
    return counted(number, "annotation")



# Reading the file


@dataclass(frozen=True)
class NotesFile:
    """What a notes file holds, every part checked: its annotations, and the posts it backs up."""

    annotations: list[Incoming]
    documents: list[BackupDocument]


def read_notes(source: Path | bytes, name: str | None = None) -> NotesFile:
    """The annotations and posts in a JSON file (or its bytes), streamed; refused whole if any is malformed."""
    name = name or (Path(source).name if not isinstance(source, bytes) else "the file")
    problems: list[str] = []
    annotations = _Unique(check_annotation_item, lambda a: a.id, "annotation {}: its id repeats annotation {}'s", problems)
    documents = _Unique(read_document_record, lambda b: b.document.id, "post {} repeats post {}", problems)
    outline = read_stream(source, name, annotations.take, documents.take)
    for item in check_outline(outline, annotations.count, problems):  # the file is a single annotation
        annotations.take(item)
    if problems:
        shown = "; ".join(problems[:_SHOWN_PROBLEMS])
        more = f" (and {len(problems) - _SHOWN_PROBLEMS} more)" if len(problems) > _SHOWN_PROBLEMS else ""
        raise NotesFileError(f"Cannot import {name}, nothing was imported: {shown}{more}.")
    return NotesFile(annotations.kept, documents.kept)


class _Unique:
    """Items of a file checked one by one; one whose id repeats an earlier one's is a problem, not kept."""

    def __init__(self, check: Callable, key: Callable, repeated: str, problems: list[str]):
        self.count = 0
        self.kept: list = []
        self._check, self._key, self._repeated, self._problems = check, key, repeated, problems
        self._seen: dict[str, int] = {}

    def take(self, raw) -> None:
        self.count += 1
        item = self._check(self.count, raw, self._problems)
        if item is None:
            return
        key = self._key(item)
        if key in self._seen:
            self._problems.append(self._repeated.format(self.count, self._seen[key]))
            return
        self._seen[key] = self.count
        self.kept.append(item)


def parse_notes(text: str, name: str = "the file") -> list[Incoming]:
    """The annotations in JSON text: one Annotation, a list of them, an AnnotationPage or Collection."""
    return read_notes(text.encode("utf-8", "surrogatepass"), name).annotations


# Matching to documents


class _Library:
    """The library's documents by each name an annotation may use for them."""

    def __init__(self, entries: Iterable[LibraryEntry]):
        self.by_id, self.by_content, self.by_name = {}, {}, {}
        for entry in entries:
            self.by_id[entry.id] = entry
            self.by_content.setdefault(entry.content_id, entry)
            for name in filter(None, (entry.source, entry.url, _path_key(entry.source), _strip_fragment(entry.url))):
                self.by_name.setdefault(name, entry)

    def find(self, item: Incoming) -> LibraryEntry | None:
        baca = item.document
        for key, index in (("id", self.by_id), ("content_id", self.by_content)):
            if baca.get(key) in index:
                return index[baca[key]]
        for name in (item.source, baca.get("source")):
            if not name:
                continue
            for key in (name, _path_key(name), _strip_fragment(name)):
                if key and key in self.by_name:
                    return self.by_name[key]
        return None


def _path_key(source: str | None) -> str | None:
    """A local file as its real path: from a path or a file:// URI, percent-decoded, symlinks resolved."""
    if not source or source.startswith("baca:"):
        return None
    if source.startswith("file:"):
        parts = urlsplit(source)
        if parts.netloc not in ("", "localhost"):
            return None
        path = unquote(parts.path)
    elif "://" in source:
        return None
    else:
        path = source
    try:
        return "path:" + str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL: it names no document
        return None


def _strip_fragment(url: str | None) -> str | None:
    return url.split("#", 1)[0] if url and "://" in url and "#" in url else None


def _name(item: Incoming) -> str:
    """How the report names an annotation's document: its title and source, as the file gives them."""
    title, source = item.document.get("title"), item.source or item.document.get("source")
    if title and source:
        return f"{title!r} ({source})"
    return repr(title) if title else (source or f"annotation {item.number} (no source given)")


# Re-anchoring: reader.core.notes.reanchor, every position in the file only a hint


@dataclass
class _Texts:
    """The import's documents and their translations in the cache, each read from the store once.

    A post the file backs up and the library lacks is read from the file, and a translation the
    cache lacks is taken from the file's: what the store will hold once the import is written.
    """

    store: Store
    backups: dict[str, Document] = field(default_factory=dict)  # posts the library lacks, by id
    backed_up: dict[str, dict[str, str]] = field(default_factory=dict)  # model -> sentence -> translation
    documents: dict[str, Document | None] = field(default_factory=dict)
    translated: dict[tuple[str, str], dict[int, list[str]]] = field(default_factory=dict)
    starts: dict[tuple[str, str, str | None], list[int]] = field(default_factory=dict)
    backed_up_corrections: dict[str, list[Correction]] = field(default_factory=dict)  # by post id

    def corrections(self, document: Document) -> dict[Key, Correction]:
        """The reader's corrections the post will have: the library's, then the file's where it has none."""
        placed, _moved = place(self.store.corrections_for(document.id), document)
        from_file, _moved = place(self.backed_up_corrections.get(document.id, ()), document)
        for key, correction in from_file.items():
            placed.setdefault(key, correction)
        return placed

    def document(self, entry: LibraryEntry) -> Document | None:
        if entry.id not in self.documents:
            self.documents[entry.id] = self.backups.get(entry.id) or self.store.document_snapshot(entry.id)
        return self.documents[entry.id]

    def translations(self, document: Document, model: str) -> dict[int, list[str]]:
        """The sentence translations of each block whose every sentence `model` has translated here."""
        key = (document.id, model)
        if key not in self.translated:
            sentences = block_sentences(document)
            cached = self.store.cached_translations(model, [t for block in sentences for t in block])
            # What the cache lacks, the file's backup adds (reader.core.notes.backup keeps what is cached).
            cached = {**self.backed_up.get(model, {}), **cached}
            # The text shown, the reader's corrections over the machine's, is what notes are made on.
            corrections = self.corrections(document)
            self.translated[key] = {
                index: shown_block(index, found, corrections) for index, found in cached_blocks(sentences, cached).items()
            }
        return self.translated[key]

    def block_starts(self, document: Document, column: str, model: str | None) -> list[int]:
        """Where each block starts in the column's whole text, counted as the export counts it."""
        key = (document.id, column, model)
        if key not in self.starts:
            if column == ORIGINAL:
                texts = [block.text for block in document.blocks]
            else:
                translated = self.translations(document, model)
                # A block not translated counts as empty text but keeps its separator (0007).
                texts = [translation_text(translated.get(index, [])) for index in range(len(document.blocks))]
            self.starts[key] = block_starts(texts)
        return self.starts[key]


def _hint(item: Incoming, entry: LibraryEntry, starts: list[int]) -> Annotation:
    """The annotation as the file gives it, its position in the column turned into one in its block."""
    block, start = item.block, 0
    if block is None and item.start is not None:
        # Another tool's annotation: the block its position falls in.
        block = bisect.bisect_right(starts, item.start) - 1
    if block is None or not 0 <= block < len(starts):
        # No paragraph here to place it in: searched for from the start of the first one.
        block = 0
    elif item.start is not None:
        offset = item.block_offset if item.block_offset is not None else starts[block]
        start = max(0, item.start - offset)
    return Annotation(
        id=item.id,
        document_id=entry.id,
        # Kept if it cannot be placed: the content the file says it was made on.
        content_id=item.document.get("content_id") or entry.content_id,
        column=item.column,
        model=item.model,
        block=block,
        exact=item.exact,
        prefix=item.prefix,
        suffix=item.suffix,
        start=start,
        end=start + len(item.exact),
        counterpart=item.counterpart,
        color=item.color,
        note=item.note,
        tags=item.tags,
        created=item.created,
        modified=item.modified,
        status=ANCHORED,
    )


def _reanchored(hints: Sequence[Annotation], texts: _Texts, now: str) -> dict[str, Annotation]:
    """The hints reanchor() could judge, by id: anchored, moved or detached in the text here."""
    groups = collections.defaultdict(list)
    for hint in hints:
        groups[hint.document_id, hint.column, hint.model].append(hint)
    judged = {}
    for (document_id, column, model), group in groups.items():
        document = texts.documents[document_id]
        translations = texts.translations(document, model) if column == TRANSLATION else None
        for annotation in reanchor(group, document, translations, model, now, recheck=True):
            judged[annotation.id] = annotation
    return judged


# Importing


@dataclass(frozen=True)
class Plan:
    """What an import would add, re-anchored, and what it cannot place; nothing written yet."""

    annotations: list[Annotation]
    unchecked: set[str]  # ids kept as the file gave them: the translation they need is not cached here
    unresolved: dict[str, int]  # document name -> annotations


def plan_import(store: Store, incoming: Sequence[Incoming], backups: Sequence[BackupDocument] = ()) -> Plan:
    """Match each annotation to a library document and re-anchor it there, writing nothing.

    `backups` are the posts the file carries: those the library lacks count as in it, as they
    will be once restored, and their translations as cached where the cache lacks them.
    """
    entries = store.library()
    present = {entry.id for entry in entries}
    missing = {b.document.id: b.document for b in backups if b.document.id not in present}
    library = _Library([*entries, *(_entry(document) for document in missing.values())])
    backed_up: dict[str, dict[str, str]] = collections.defaultdict(dict)
    for backup in backups:
        for model, pairs in backup.translations.items():
            backed_up[model].update(pairs)
    texts = _Texts(store, missing, backed_up, backed_up_corrections={b.document.id: b.corrections for b in backups})
    hints, unresolved = [], collections.Counter()
    for item in incoming:
        entry = library.find(item)
        if entry is None:
            unresolved[_name(item)] += 1
            continue
        document = texts.document(entry)
        if document is None:
            unresolved[f"{entry.title!r} (its text is not in the library yet)"] += 1
            continue
        hints.append(_hint(item, entry, texts.block_starts(document, item.column, item.model)))
    judged = _reanchored(hints, texts, utc_now())
    # reanchor() leaves undecided a translation highlight until the translation it needs is here.
    unchecked = {hint.id for hint in hints if hint.id not in judged}
    return Plan([judged.get(hint.id, hint) for hint in hints], unchecked, dict(unresolved))


def _entry(document: Document) -> LibraryEntry:
    """A post the file backs up, as the library will list it once restored."""
    return LibraryEntry(
        document.id, document.source, document.url, document.content_id, document.title, document.date,
        document.author, last_opened="",
    )


def import_notes(store: Store, path: Path | bytes) -> ImportReport:
    """Restore the posts a JSON file backs up and import its annotations: all in one transaction, or none."""
    notes = read_notes(path)
    # Planned (re-anchored) before the write lock is taken, which it then holds only to write.
    plan = plan_import(store, notes.annotations, notes.documents)
    with store.transaction():
        restored = restore_documents(store, notes.documents)
        added = set(store.add_annotations(plan.annotations))
    return ImportReport(
        added=len(added),
        present=len(plan.annotations) - len(added),
        unresolved=plan.unresolved,
        detached=sum(1 for a in plan.annotations if a.id in added and a.status == DETACHED),
        unchecked=len(added & plan.unchecked),
        restored=tuple(restored.added),
        documents_present=restored.present,
        corrections=restored.corrections,
    )
