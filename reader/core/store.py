"""The local database: the library of documents read and the translation cache."""

import datetime
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from reader.core.document import Block, Document
from reader.core.errors import StoreError
from reader.core.sentences import Sentence

migrations = Migrations("baca")

# SQLite's default limit on bound parameters is far above this; chunks keep statements small.
_CHUNK = 500


@migrations()
def m001_library_and_translation_cache(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {
            "id": str,
            "source": str,
            "url": str,
            "content_id": str,
            "title": str,
            "date": str,
            "author": str,
            "first_opened": str,
            "last_opened": str,
        },
        pk="id",
        not_null={"source", "content_id", "title", "first_opened", "last_opened"},
    )
    db["documents"].create_index(["source"])
    db["documents"].create_index(["url"])
    db["documents"].create_index(["last_opened"])
    db["translations"].create(
        {"model": str, "source": str, "translation": str, "created": str},
        pk=("model", "source"),
        not_null={"translation", "created"},
    )


@migrations()
def m002_document_snapshots(db: sqlite_utils.Database) -> None:
    # The text as last opened, so notes can be exported and searched when the file is gone.
    db["documents"].add_column("snapshot", str)


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


def utc_now() -> str:
    """The current time in UTC, ISO 8601 with a `Z`, to the millisecond."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


class Store:
    """One SQLite file in the data folder, bound to the thread that opened it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        # Set when a corrupt file had to be moved aside; the UI tells the user once.
        self.notice: str | None = None
        self._check_before_writing()
        self.db = sqlite_utils.Database(self.path)
        self._configure(self.db)
        migrations.apply(self.db)

    @classmethod
    def memory(cls) -> "Store":
        """A throwaway in-memory store (tests and one-off CLI runs)."""
        store = cls.__new__(cls)
        store.path = None
        store.notice = None
        store.db = sqlite_utils.Database(memory=True)
        migrations.apply(store.db)
        return store

    @staticmethod
    def _configure(db: sqlite_utils.Database) -> None:
        # WAL with synchronous=NORMAL survives a killed process; busy_timeout lets two
        # processes share one data folder.
        db.execute("PRAGMA busy_timeout = 10000")
        db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")

    def _check_before_writing(self) -> None:
        """Refuse a database from a newer Baca and move a corrupt one aside, reading only."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        try:
            connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                connection.execute("PRAGMA schema_version").fetchone()
                quick = connection.execute("PRAGMA quick_check").fetchone()
                if quick is None or quick[0] != "ok":
                    raise sqlite3.DatabaseError(quick[0] if quick else "quick_check failed")
                tables = {
                    row[0]
                    for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                }
                applied = []
                if Migrations.migrations_table in tables:
                    applied = [
                        row[0]
                        for row in connection.execute(
                            f"SELECT name FROM {Migrations.migrations_table} WHERE migration_set = ?",
                            [migrations.name],
                        )
                    ]
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            self._move_aside(str(error))
            return
        known = {migration.name for migration in migrations._migrations}
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise StoreError(
                f"The database '{self.path}' was written by a newer version of Baca "
                f"(it has the change {unknown[0]!r}, which this version does not know). "
                "It was left untouched: update Baca, or start it with another data folder."
            )

    def _move_aside(self, reason: str) -> None:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        self.path.rename(aside)
        for suffix in ("-wal", "-shm"):
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                companion.rename(aside.with_name(aside.name + suffix))
        self.notice = (
            f"The database '{self.path}' could not be read ({reason}). "
            f"It was moved aside to '{aside}' and a new, empty one was started."
        )

    def close(self) -> None:
        self.db.close()

    # The library

    def record_document(self, document: Document) -> None:
        """Remember that `document` was opened now."""
        now = utc_now()
        with self.db.atomic():
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

    def library(self) -> list[LibraryEntry]:
        """Every document recorded, the most recently opened first."""
        return [
            _library_entry(row)
            for row in self.db["documents"].rows_where(order_by="last_opened DESC, id")
        ]

    def library_entry(self, document_id: str) -> LibraryEntry | None:
        rows = list(self.db["documents"].rows_where("id = ?", [document_id]))
        return _library_entry(rows[0]) if rows else None

    def document_snapshot(self, document_id: str) -> Document | None:
        """The document as it was last opened, rebuilt from the database."""
        row = self.db.execute(
            "SELECT id, content_id, source, url, snapshot FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None or row[4] is None:
            return None
        return _from_snapshot(*row)

    # The translation cache (reader.core.translation.TranslationCache)

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

    def save_translations(self, model: str, pairs: Mapping[str, str]) -> None:
        if not pairs:
            return
        now = utc_now()
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO translations (model, source, translation, created) "
                "VALUES (?, ?, ?, ?)",
                [(model, source, translation, now) for source, translation in pairs.items()],
            )


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
    return json.dumps(
        {
            "title": document.title,
            "date": document.date.isoformat() if document.date else None,
            "author": document.author,
            "blocks": [
                {"kind": b.kind, "text": b.text, "sentences": [[s.start, s.end] for s in b.sentences]}
                for b in document.blocks
            ],
        },
        ensure_ascii=False,
    )


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
    from reader.core.paths import database_path

    return Store(database_path(data_dir))
