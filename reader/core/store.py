"""The local database: the library of documents read, the translation cache and the annotations."""

import contextlib
import dataclasses
import datetime
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from reader.core.errors import CorruptDatabase, MissingAnnotation, StoreError, UnknownDocument
from reader.core.notes.annotations import Annotation, check_annotation, normalize_tags
from reader.core.notes.notes_search import (  # noqa: F401 (MATCH_START, MATCH_END: part of the store's interface)
    MATCH_END,
    MATCH_START,
    SearchHit,
    fts_query,
    search_hit,
    search_parameters,
    search_statement,
)
from reader.core.platform.clock import utc_now
from reader.core.platform.database_file import (
    BUSY_TIMEOUT,
    NOT_OPENED,
    database_errors,
    guarded,
    inspect_database,
    move_aside,
)
from reader.core.schema import migrations  # the schema and its migrations (add new ones there)
from reader.core.text.document import Block, Document, document_fields
from reader.core.text.sentences import Sentence
from reader.core.translate.confidence import SentenceScores

# SQLite's default limit on bound parameters is far above this; chunks keep statements small.
_CHUNK = 500


# The table's columns are the dataclass's fields, in order: rows become annotations positionally.
_FIELDS = tuple(field.name for field in dataclasses.fields(Annotation))
_TAGS = _FIELDS.index("tags")
_QUOTED = [f'"{name}"' for name in _FIELDS]
_SELECT = ", ".join(f"a.{name}" for name in _QUOTED)
# ON CONFLICT (id) DO NOTHING skips an id already present (importing twice adds nothing);
# unlike INSERT OR IGNORE it still refuses a row that breaks any other constraint.
_INSERT = (
    f"INSERT INTO annotations ({', '.join(_QUOTED)}) "
    f"VALUES ({', '.join('?' * len(_FIELDS))}) ON CONFLICT (id) DO NOTHING"
)
# Reading order, whichever column a quote is in. A detached annotation's offsets belong to an
# older text, so it comes after the anchored ones of the block it was last seen in.
_READING_ORDER = "a.block, a.status = 'detached', a.\"start\", a.\"end\", a.created, a.id"

@dataclass(frozen=True)
class LibraryEntry:
    id: str
    source: str
    url: str | None
    content_id: str
    title: str
    date: datetime.date | None
    author: str | None
    last_opened: str


class Store:
    """One SQLite file in the data folder, bound to the thread that opened it."""

    def __init__(self, path: Path, busy_timeout: float = BUSY_TIMEOUT):
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        # Set when a corrupt file had to be moved aside; the UI tells the user once.
        self.notice: str | None = None
        self._check_before_writing()
        with database_errors(self.path, busy_timeout, NOT_OPENED):
            # No plugin scan (it reads every installed package's metadata): Baca uses no sqlite-utils plugins.
            self.db = sqlite_utils.Database(self.path, execute_plugins=False)
            try:
                self._configure(self.db)
                # Under the write lock, so that two processes starting on a new data folder do not
                # both migrate it. (A migration that cannot run in a transaction would need to go outside.)
                with self._writing():
                    migrations.apply(self.db)
            except BaseException:
                self.db.close()
                raise

    @classmethod
    def memory(cls) -> "Store":
        """A throwaway in-memory store (tests and one-off CLI runs)."""
        store = cls.__new__(cls)
        store.path = None
        store.busy_timeout = BUSY_TIMEOUT
        store.notice = None
        store.db = sqlite_utils.Database(memory=True, execute_plugins=False)
        store.db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(store.db)
        return store

    def _configure(self, db: sqlite_utils.Database) -> None:
        # WAL with synchronous=NORMAL survives a killed process; busy_timeout lets two
        # processes share one data folder.
        db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        self._enable_wal(db)  # retried: a second process switching too gets "locked" at once
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")

    def _enable_wal(self, db: sqlite_utils.Database) -> None:
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                db.enable_wal()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """db.atomic() that takes the write lock first, waiting up to busy_timeout for it."""
        # db.atomic() begins a deferred transaction. One that reads before it writes fails at once
        # with "database is locked" when another process wrote in between, whatever busy_timeout
        # says; BEGIN IMMEDIATE waits for the lock before reading anything.
        with database_errors(self.path, self.busy_timeout):
            if self.db.conn.in_transaction:
                with self.db.atomic():
                    yield
                return
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.conn.in_transaction:
                    self.db.conn.rollback()
                raise

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """One write transaction, for core modules that keep their own tables (web_pages, vocabulary)."""
        return self._writing()

    def _check_before_writing(self) -> None:
        """Refuse a database from a newer Baca and move a corrupt one aside, reading only."""
        try:
            applied = inspect_database(self.path, migrations.name, self.busy_timeout)
        except CorruptDatabase as error:
            aside = move_aside(self.path, str(error))
            self.notice = (
                f"The database '{self.path}' could not be read ({error}). "
                f"It was moved aside to '{aside}' and a new, empty one was started."
            )
            return
        known = {migration.name for migration in migrations._migrations}
        unknown = [name for name in applied or () if name not in known]
        if unknown:
            raise StoreError(
                f"The database '{self.path}' was written by a newer version of Baca "
                f"(it has the change {unknown[0]!r}, which this version does not know). "
                "It was left untouched: update Baca, or start it with another data folder."
            )

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """One transaction around several writes (an import): all of them are saved, or none."""
        return self._writing()

    # The library

    def record_document(self, document: Document) -> None:
        """Remember that `document` was opened now."""
        # Microseconds: two documents opened in one millisecond still list in the order opened.
        now = utc_now(digits=6)
        with self._writing():
            existing = self.db.execute(
                "SELECT first_opened FROM documents WHERE id = ?", [document.id]
            ).fetchone()
            self.db["documents"].upsert(
                {
                    "id": document.id,
                    "source": document.source,
                    "url": getattr(document, "url", None),
                    "content_id": document.content_id,
                    "title": document.title,
                    "date": document.date.isoformat() if document.date else None,
                    "author": document.author,
                    "first_opened": existing[0] if existing else now,
                    "last_opened": now,
                    "snapshot": _snapshot(document),
                },
                pk="id",
            )

    @guarded
    def library(self) -> list[LibraryEntry]:
        """Every document recorded, the most recently opened first."""
        return [
            _library_entry(row)
            for row in self.db["documents"].rows_where(order_by="last_opened DESC, id")
        ]

    @guarded
    def library_entry(self, document_id: str) -> LibraryEntry | None:
        rows = list(self.db["documents"].rows_where("id = ?", [document_id]))
        return _library_entry(rows[0]) if rows else None

    @guarded
    def document_snapshot(self, document_id: str) -> Document | None:
        """The document as it was last opened, rebuilt from the database."""
        row = self.db.execute(
            "SELECT id, content_id, source, url, snapshot FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None or row[4] is None:
            return None
        return _from_snapshot(*row)

    # The translation cache (reader.core.translate.translation.TranslationCache)

    @guarded
    def cached_translations(self, model: str, sources: Sequence[str]) -> dict[str, str]:
        """The cached translations by `model` of those `sources` that have one."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(sources))
        for chunk in _chunks(unique, _CHUNK):
            marks = ", ".join("?" * len(chunk))
            for source, translation in self.db.execute(
                f"SELECT source, translation FROM translations WHERE model = ? AND source IN ({marks})",
                [model, *chunk],
            ):
                found[source] = translation
        return found

    def translations_by_model(self, sources: Sequence[str]) -> dict[str, dict[str, str]]:
        """Every cached translation of `sources`, whatever the model: model -> source -> translation."""
        found: dict[str, dict[str, str]] = {}
        for chunk in _chunks(list(dict.fromkeys(sources)), _CHUNK):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT model, source, translation FROM translations WHERE source IN ({marks})"
            query += " ORDER BY model, source"
            for model, source, translation in self.db.execute(query, chunk):
                found.setdefault(model, {})[source] = translation
        return found

    def save_translations(
        self,
        model: str,
        pairs: Mapping[str, str],
        keep_existing: bool = False,
        scores: Mapping[str, SentenceScores] | None = None,
    ) -> None:
        """Cache translations (with their scores, by source); with keep_existing (restoring a backup),
        those already cached win."""
        if not pairs:
            return
        now = utc_now()
        verb = "INSERT OR IGNORE" if keep_existing else "INSERT OR REPLACE"
        scores = scores or {}
        rows = []
        for source, translation in pairs.items():
            scored = scores.get(source)
            if scored is not None and scored.text != translation:
                scored = None
            rows.append((model, source, translation, now, *_score_columns(scored)))
        with self._writing():
            self.db.conn.executemany(
                f"{verb} INTO translations (model, source, translation, created, confidence, scores) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    @guarded
    def cached_scores(self, model: str, sources: Sequence[str]) -> dict[str, SentenceScores]:
        """The scores kept with `model`'s cached translations of `sources` (those scored)."""
        found: dict[str, SentenceScores] = {}
        for chunk in _chunks(list(dict.fromkeys(sources)), _CHUNK):
            marks = ", ".join("?" * len(chunk))
            query = "SELECT source, translation, confidence, scores FROM translations "
            query += f"WHERE model = ? AND source IN ({marks}) AND scores IS NOT NULL"
            for source, translation, confidence, words in self.db.execute(query, [model, *chunk]):
                found[source] = SentenceScores.from_cache(translation, confidence, words)
        return found

    def save_scores(self, model: str, scores: Mapping[str, SentenceScores]) -> None:
        """Keep scores with translations cached before (only where the cached text is the one scored)."""
        rows = [(*_score_columns(s), model, source, s.text) for source, s in scores.items()]
        if rows:
            with self._writing():
                self.db.conn.executemany(
                    "UPDATE translations SET confidence = ?, scores = ? WHERE model = ? AND source = ? "
                    "AND translation = ?",
                    rows,
                )

    # Annotations. Each write is one transaction (_writing), committed before the method returns.

    def add_annotation(self, annotation: Annotation) -> None:
        """Save a new annotation; an annotation with the same id already saved is left as it is."""
        self.add_annotations([annotation])

    def add_annotations(self, annotations: Iterable[Annotation]) -> list[str]:
        """Save annotations in one transaction, skipping ids already present; the ids added."""
        rows = []
        for annotation in annotations:
            check_annotation(annotation)
            rows.append(_row(annotation))
        added = []
        try:
            with self._writing():
                for row in rows:
                    if self.db.execute(_INSERT, row).rowcount:
                        added.append(row[0])
        except sqlite3.IntegrityError as error:
            if "FOREIGN KEY" not in str(error):
                raise
            known = {row[0] for row in self.db.execute("SELECT id FROM documents")}
            unknown = sorted({row[1] for row in rows} - known)
            raise UnknownDocument(
                f"Annotations for a document that is not in the library ({', '.join(unknown)}) "
                "were not saved; open the document first."
            ) from error
        return added

    def update_annotation(self, annotation: Annotation) -> None:
        """Save the user's edit (colour, note, tags, modified) and the anchors, by id."""
        check_annotation(annotation)
        row = _row(annotation)
        assignments = ", ".join(f'"{name}" = ?' for name in _FIELDS[2:] if name != "created")
        values = [value for name, value in zip(_FIELDS[2:], row[2:]) if name != "created"]
        with self._writing():
            cursor = self.db.execute(
                f"UPDATE annotations SET {assignments} WHERE id = ?", [*values, annotation.id]
            )
            if not cursor.rowcount:
                raise MissingAnnotation(
                    "This annotation is no longer in the database (it was deleted, perhaps in another "
                    "Baca window), so the change was not saved."
                )

    def delete_annotation(self, annotation_id: str) -> Annotation | None:
        """Delete an annotation; what was deleted (to undo by adding it again), or None."""
        with self._writing():
            rows = self.db.execute(
                f"DELETE FROM annotations WHERE id = ? RETURNING {', '.join(_QUOTED)}", [annotation_id]
            ).fetchall()
        return _annotation(rows[0]) if rows else None

    @guarded
    def annotation(self, annotation_id: str) -> Annotation | None:
        query = f"SELECT {_SELECT} FROM annotations a WHERE a.id = ?"
        row = self.db.execute(query, [annotation_id]).fetchone()
        return _annotation(row) if row else None

    @guarded
    def annotations_for(self, document_id: str) -> list[Annotation]:
        """A document's annotations in reading order (detached ones last in their block)."""
        return [
            _annotation(row)
            for row in self.db.execute(
                f"SELECT {_SELECT} FROM annotations a WHERE a.document_id = ? ORDER BY {_READING_ORDER}",
                [document_id],
            )
        ]

    @guarded
    def all_annotations(self) -> list[Annotation]:
        """Every annotation, by document in library order, then in reading order."""
        return [
            _annotation(row)
            for row in self.db.execute(
                f"SELECT {_SELECT} FROM annotations a LEFT JOIN documents d ON d.id = a.document_id "
                f"ORDER BY d.last_opened IS NULL, d.last_opened DESC, a.document_id, {_READING_ORDER}"
            )
        ]

    @guarded
    def annotation_counts(self) -> dict[str, int]:
        """The number of annotations of each document that has any, by document id."""
        return dict(self.db.execute("SELECT document_id, count(*) FROM annotations GROUP BY document_id"))

    @guarded
    def annotation_tags(self) -> list[str]:
        """Tags in use, sorted ignoring case; of spellings differing only in case, the commonest."""
        counts: dict[str, dict[str, int]] = {}
        for tag, count in self.db.execute(
            "SELECT tag.value, count(*) FROM annotations, json_each(annotations.tags) AS tag "
            "GROUP BY tag.value"
        ):
            counts.setdefault(tag.casefold(), {})[tag] = count
        spellings = [min(options, key=lambda tag: (-options[tag], tag)) for options in counts.values()]
        return sorted(spellings, key=lambda tag: (tag.casefold(), tag))

    @guarded
    def search_annotations(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Annotations whose quote, note, counterpart or tags hold every word typed, best first."""
        match = fts_query(query)
        if match is None:
            return []
        rows = self.db.execute(search_statement(_SELECT), search_parameters(match, limit))
        count = len(_FIELDS)
        return [search_hit(_annotation(row[:count]), row[count], row[count + 1 :], query) for row in rows]

    def save_anchors(self, annotations: Iterable[Annotation]) -> None:
        """Save what re-anchoring changed (selectors, block, content_id, model, status) in one transaction."""
        # `modified` too: re-anchoring sets it when the quote's text itself changed. An id no longer
        # present (deleted meanwhile) is skipped: there is nothing left to anchor.
        fields = (
            "block", "start", "end", "exact", "prefix", "suffix", "content_id", "model", "status", "modified"
        )
        rows = []
        for annotation in annotations:
            check_annotation(annotation)
            rows.append([getattr(annotation, name) for name in fields] + [annotation.id])
        if not rows:
            return
        assignments = ", ".join(f'"{name}" = ?' for name in fields)
        with self._writing():
            self.db.conn.executemany(f"UPDATE annotations SET {assignments} WHERE id = ?", rows)


def _score_columns(scores: SentenceScores | None) -> tuple[float | None, str | None]:
    return (scores.confidence, scores.to_json()) if scores is not None else (None, None)


def _row(annotation: Annotation) -> list:
    """An annotation as the values of _FIELDS."""
    values = {name: getattr(annotation, name) for name in _FIELDS}
    values["tags"] = json.dumps(list(normalize_tags(annotation.tags)), ensure_ascii=False)
    return [values[name] for name in _FIELDS]


def _annotation(row: Sequence) -> Annotation:
    """An annotation from the values of _FIELDS."""
    tags = row[_TAGS]
    return Annotation(*row[:_TAGS], tuple(json.loads(tags)) if tags != "[]" else (), *row[_TAGS + 1 :])


def _library_entry(row: dict) -> LibraryEntry:
    return LibraryEntry(
        id=row["id"],
        source=row["source"],
        url=row["url"],
        content_id=row["content_id"],
        title=row["title"],
        date=datetime.date.fromisoformat(row["date"]) if row["date"] else None,
        author=row["author"],
        last_opened=row["last_opened"],
    )


def _snapshot(document: Document) -> str:
    return json.dumps(document_fields(document), ensure_ascii=False)


def _from_snapshot(id: str, content_id: str, source: str, url: str | None, snapshot: str) -> Document:
    data = json.loads(snapshot)
    blocks = [
        Block(b["kind"], b["text"], [Sentence(s, e, b["text"][s:e]) for s, e in b["sentences"]])
        for b in data["blocks"]
    ]
    date = datetime.date.fromisoformat(data["date"]) if data["date"] else None
    return Document(id, content_id, source, data["title"], date, data["author"], blocks, url=url)


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def open_store(data_dir: Path) -> Store:
    """The store in `data_dir`, migrated to this version's schema."""
    from reader.core.platform.paths import database_path

    return Store(database_path(data_dir))
