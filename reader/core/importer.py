"""Import notes: W3C Web Annotation JSON (Baca's own export, or another tool's) into the library."""

# Everything is read, checked, matched to a document and re-anchored (by reader.core.reanchor,
# the file's positions taken only as hints) before anything is written; then one
# `add_annotations` call writes it all in one transaction. See docs/decisions/0007-notes-export.md.

import bisect
import collections
import datetime
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reader.core.annotations import (
    ANCHORED,
    COLORS,
    COLUMNS,
    DETACHED,
    ORIGINAL,
    TRANSLATION,
    Annotation,
    normalize_tags,
    translation_text,
)
from reader.core.document import Document
from reader.core.errors import ReaderError
from reader.core.export import BLOCK_SEPARATOR
from reader.core.reanchor import reanchor
from reader.core.store import LibraryEntry, Store, utc_now

# 10,000 notes export to about 12 MB (benchmarks/bench_export.py); far beyond is not a notes file.
MAX_FILE_MB = 200
_SHOWN_PROBLEMS = 5
_DEFAULT_COLOR = "yellow"


class NotesFileError(ReaderError):
    "The file is not JSON, or not W3C annotations Baca can import; nothing was imported."


@dataclass(frozen=True)
class Incoming:
    """One annotation as read from the file, checked but not yet matched to a document."""

    number: int  # 1-based, in file order, for messages
    id: str
    exact: str
    prefix: str
    suffix: str
    start: int | None  # TextPositionSelector: in the column's whole text
    end: int | None
    note: str
    tags: tuple[str, ...]
    counterpart: str
    color: str
    created: str
    modified: str
    source: str | None  # target.source
    document: dict  # Baca's "baca:document" on the target, {} from other tools
    column: str
    model: str | None
    block: int | None
    block_offset: int | None


@dataclass(frozen=True)
class ImportReport:
    """What an import did, by count."""

    added: int
    present: int  # already in the library: same id
    unresolved: dict[str, int] = field(default_factory=dict)  # document name -> annotations
    detached: int = 0  # added, but their quote was not found in the document's text
    unchecked: int = 0  # added as they were: the translation they need is not cached here yet

    def summary(self) -> list[str]:
        """What happened, one line each, for the person who imported."""
        lines = [f"Imported {_count(self.added)}; {self.present} already present."]
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
    return f"{number} annotation" + ("" if number == 1 else "s")


# Reading and checking the file


def read_notes_file(path: Path) -> list[Incoming]:
    """The annotations in a JSON file, every one checked; refused whole if any is malformed."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_MB * 1024 * 1024:
            raise NotesFileError(f"Cannot import {str(path)!r}: it is {size / 2**20:.0f} MB; "
                                 f"a notes file is at most {MAX_FILE_MB} MB.")
        data = path.read_bytes()
    except OSError as error:
        raise NotesFileError(f"Cannot import {str(path)!r}: {error.strerror or error}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotesFileError(
            f"Cannot import {str(path)!r}: it is not UTF-8 text (byte 0x{data[error.start]:02x} "
            f"at offset {error.start}); JSON files are UTF-8."
        ) from None
    return parse_notes(text, name=path.name)


def parse_notes(text: str, name: str = "the file") -> list[Incoming]:
    """The annotations in JSON text: one Annotation, a list of them, an AnnotationPage or Collection."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotesFileError(
            f"Cannot import {name}: it is not JSON ({error.msg} at line {error.lineno}, column {error.colno})."
        ) from None
    except RecursionError:
        raise NotesFileError(f"Cannot import {name}: its JSON is nested too deeply to be annotations.") from None
    problems: list[str] = []
    raw = _unwrap(data, problems)
    incoming, seen = [], {}
    for number, item in enumerate(raw, 1):
        parsed = _annotation(number, item, problems)
        if parsed is None:
            continue
        if parsed.id in seen:
            problems.append(f"annotation {number}: its id repeats annotation {seen[parsed.id]}'s")
            continue
        seen[parsed.id] = number
        incoming.append(parsed)
    if problems:
        shown = "; ".join(problems[:_SHOWN_PROBLEMS])
        more = f" (and {len(problems) - _SHOWN_PROBLEMS} more)" if len(problems) > _SHOWN_PROBLEMS else ""
        raise NotesFileError(f"Cannot import {name}, nothing was imported: {shown}{more}.")
    return incoming


def _types(value: dict) -> list:
    kind = value.get("type", value.get("@type"))
    return kind if isinstance(kind, list) else [kind]


def _unwrap(data, problems: list[str]) -> list:
    """The annotations inside whatever container the file holds."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        problems.append("it holds neither annotations nor a collection of them")
        return []
    kinds = _types(data)
    if "Annotation" in kinds:
        return [data]
    if "AnnotationPage" in kinds:
        return _page_items(data, problems)
    if "AnnotationCollection" in kinds:
        first = data.get("first")
        total = data.get("total")
        if first is None:
            items = []
        elif isinstance(first, dict):
            items = _page_items(first, problems)
        else:
            problems.append(
                f"the collection's pages are not in the file (its first page is a link: {str(first)[:80]!r})"
            )
            return []
        if isinstance(total, int) and not isinstance(total, bool) and total != len(items) and not problems:
            problems.append(f"the collection says it holds {total} annotations, but the file has {len(items)}")
        return items
    problems.append(
        "it is not W3C annotations: expected an Annotation, a list of them, an AnnotationPage "
        f"or an AnnotationCollection, found type {data.get('type')!r}"
    )
    return []


def _page_items(page: dict, problems: list[str]) -> list:
    """The items of a page and of the pages embedded after it."""
    items, seen = [], set()
    while isinstance(page, dict) and id(page) not in seen:
        seen.add(id(page))
        if not isinstance(page.get("items"), list):
            problems.append("an AnnotationPage has no list of items")
            return []
        items += page["items"]
        page = page.get("next")
        if page is not None and not isinstance(page, dict):
            problems.append(f"the collection's next page is not in the file (it is a link: {str(page)[:80]!r})")
            return []
    return items


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _annotation(number: int, item, problems: list[str]) -> Incoming | None:
    """One annotation read and checked; its problems are added to `problems`."""
    where = f"annotation {number}"
    found: list[str] = []
    if not isinstance(item, dict):
        problems.append(f"{where} is not an object")
        return None
    if "Annotation" not in _types(item):
        found.append(f"{where}: its type is {item.get('type')!r}, not Annotation")
    targets = [t for t in _as_list(item.get("target")) if isinstance(t, dict)]
    if not _as_list(item.get("target")):
        problems.append(f"{where} has no target")
        return None
    target, quote, position = None, None, None
    for candidate in targets:
        selectors = [s for s in _as_list(candidate.get("selector")) if isinstance(s, dict)]
        quotes = [s for s in selectors if "TextQuoteSelector" in _types(s)]
        if quotes:
            target, quote = candidate, quotes[0]
            position = next((s for s in selectors if "TextPositionSelector" in _types(s)), None)
            break
    if target is None:
        problems.append(f"{where}: target has no TextQuoteSelector")
        return None
    exact = quote.get("exact")
    if not isinstance(exact, str) or not exact:
        found.append(f"{where}: its TextQuoteSelector has no exact text")
    prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        found.append(f"{where}: its TextQuoteSelector's prefix and suffix must be text")
    start = end = None
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not (_is_count(start) and _is_count(end) and start <= end):
            found.append(f"{where}: its TextPositionSelector needs whole numbers start <= end")
    source = target.get("source")
    if source is not None and not isinstance(source, str):
        found.append(f"{where}: its target's source is not text")

    baca = target.get("baca:document", {})
    if not isinstance(baca, dict):
        found.append(f"{where}: baca:document is not an object")
        baca = {}
    column = baca.get("column", ORIGINAL)
    model = baca.get("model")
    block, block_offset = baca.get("block"), baca.get("block_offset")
    if column not in COLUMNS:
        found.append(f"{where}: column {column!r} is neither {' nor '.join(COLUMNS)}")
    elif column == TRANSLATION and not (isinstance(model, str) and model):
        found.append(f"{where}: a highlight in the translation needs the model that made it")
    if block is not None and not _is_count(block):
        found.append(f"{where}: block {block!r} is not a paragraph number")
    if block_offset is not None and not _is_count(block_offset):
        found.append(f"{where}: block_offset {block_offset!r} is not a whole number")
    for key in ("id", "content_id", "title", "source"):
        if baca.get(key) is not None and not isinstance(baca[key], str):
            found.append(f"{where}: baca:document {key} is not text")
    color = item.get("baca:color", _DEFAULT_COLOR)
    if color not in COLORS:
        found.append(f"{where}: colour {color!r} is not one of {', '.join(COLORS)}")

    notes, tags, counterpart = _bodies(item, where, found)

    id = _identity(item, where, found)
    created, modified = item.get("created"), item.get("modified")
    created = _time(created, f"{where}: created", found) if created is not None else None
    modified = _time(modified, f"{where}: modified", found) if modified is not None else None
    if found:
        problems.extend(found)
        return None
    # A missing modified is created; a missing created is the earliest time known, else now.
    created = created or modified or utc_now()
    return Incoming(
        number=number,
        id=id,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        note="\n\n".join(notes),
        tags=normalize_tags(tags),
        counterpart=counterpart,
        color=color,
        created=created,
        modified=modified or created,
        source=source,
        document=baca,
        column=column,
        model=model if column == TRANSLATION else None,
        block=block,
        block_offset=block_offset,
    )


def _bodies(item: dict, where: str, found: list[str]) -> tuple[list[str], list[str], str]:
    """The notes, tags and counterpart in an annotation's bodies."""
    notes, tags, counterpart = [], [], ""
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            notes.append(body)  # a link to the body: kept as the note's text
            continue
        if not isinstance(body, dict):
            found.append(f"{where}: a body is neither an object nor a link")
            continue
        value = body.get("value")
        if not isinstance(value, str):
            if "TextualBody" in _types(body):
                found.append(f"{where}: a TextualBody has no text value")
            elif isinstance(body.get("id"), str):
                notes.append(body["id"])
            continue
        if body.get("baca:role") == "counterpart":
            counterpart = value
        elif "tagging" in _as_list(body.get("purpose")):
            tags.append(value)
        else:
            notes.append(value)
    return notes, tags, counterpart


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _identity(item: dict, where: str, found: list[str]) -> str:
    """The annotation's UUID: its own urn:uuid, else one derived from its id or its content."""
    # Derived ids are stable, so importing the same file twice still adds nothing.
    value = item.get("id", item.get("@id"))
    if value is None:
        canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "baca:import:" + canonical))
    if not isinstance(value, str) or not value:
        found.append(f"{where}: its id is not text")
        return ""
    if value.lower().startswith("urn:uuid:"):
        try:
            return str(uuid.UUID(value[9:]))
        except ValueError:
            found.append(f"{where}: its id {value!r} is not a valid urn:uuid")
            return ""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, value))


def _time(value, what: str, found: list[str]) -> str | None:
    """A W3C date-time as Baca stores it: UTC, to the millisecond, with Z; kept as is if it already is."""
    if not isinstance(value, str):
        found.append(f"{what} is not text")
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        found.append(f"{what} {value!r} is not an ISO 8601 date and time")
        return None
    if moment.tzinfo is None:
        found.append(f"{what} {value!r} has no time zone")
        return None
    moment = moment.astimezone(datetime.timezone.utc)
    stored = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    # Baca's own times, and any already in its form, come back exactly as they were written.
    return value if value == stored else stored


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


# Re-anchoring: reader.core.reanchor, every position in the file only a hint


@dataclass
class _Texts:
    """The import's documents and their translations in the cache, each read from the store once."""

    store: Store
    documents: dict[str, Document | None] = field(default_factory=dict)
    translated: dict[tuple[str, str], dict[int, list[str]]] = field(default_factory=dict)
    starts: dict[tuple[str, str, str | None], list[int]] = field(default_factory=dict)

    def document(self, entry: LibraryEntry) -> Document | None:
        if entry.id not in self.documents:
            self.documents[entry.id] = self.store.document_snapshot(entry.id)
        return self.documents[entry.id]

    def translations(self, document: Document, model: str) -> dict[int, list[str]]:
        """The sentence translations of each block whose every sentence `model` has translated here."""
        key = (document.id, model)
        if key not in self.translated:
            sentences = [[s.text for s in block.sentences] for block in document.blocks]
            cached = self.store.cached_translations(model, [t for block in sentences for t in block])
            self.translated[key] = {
                index: [cached[t] for t in block]
                for index, block in enumerate(sentences)
                if all(t in cached for t in block)
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
            starts, at = [], 0
            for text in texts:
                starts.append(at)
                at += len(text) + len(BLOCK_SEPARATOR)
            self.starts[key] = starts
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


def plan_import(store: Store, incoming: Sequence[Incoming]) -> Plan:
    """Match each annotation to a library document and re-anchor it there, writing nothing."""
    library = _Library(store.library())
    texts = _Texts(store)
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


def import_notes(store: Store, path: Path) -> ImportReport:
    """Import the annotations in a JSON file: all of them in one transaction, or none."""
    plan = plan_import(store, read_notes_file(path))
    added = set(store.add_annotations(plan.annotations))
    return ImportReport(
        added=len(added),
        present=len(plan.annotations) - len(added),
        unresolved=plan.unresolved,
        detached=sum(1 for a in plan.annotations if a.id in added and a.status == DETACHED),
        unchecked=len(added & plan.unchecked),
    )
