"""The database's schema: its sqlite-utils migrations, in order, applied by Store when it opens."""

# Annotations stay unevaluated: sqlite-utils is imported only to migrate.
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a database is migrated: a sixth of the window's start-up otherwise
    import sqlite_utils


class MigrationSet:
    """sqlite-utils' Migrations, declared without importing sqlite-utils.

    Declared with the same decorator (`@migrations()`); the real `sqlite_utils.Migrations` is built
    when a database needs migrating, so a store whose database is up to date opens without it.
    """

    def __init__(self, name: str):
        self.name = name
        self._declared: list[tuple[str, Callable, bool]] = []
        self._built: sqlite_utils.Migrations | None = None

    def __call__(self, *, name: str | None = None, transactional: bool = True) -> Callable[[Callable], Callable]:
        def declare(function: Callable) -> Callable:
            declared = name or function.__name__
            if declared in self.names:
                raise ValueError(f"Migration {declared!r} is already declared in set {self.name!r}")
            self._declared.append((declared, function, transactional))
            self._built = None
            return function

        return declare

    @property
    def names(self) -> list[str]:
        """Every migration's name, in order."""
        return [declared for declared, _function, _transactional in self._declared]

    def built(self) -> sqlite_utils.Migrations:
        if self._built is None:
            from sqlite_utils import Migrations

            built = Migrations(self.name)
            for declared, function, transactional in self._declared:
                built(name=declared, transactional=transactional)(function)
            self._built = built
        return self._built

    @property
    def _migrations(self) -> list:
        """sqlite-utils' records of the migrations (name, fn), for tests that rebuild an older schema."""
        return self.built()._migrations

    def apply(self, db: sqlite_utils.Database, *, stop_before: str | Iterable[str] | None = None) -> None:
        self.built().apply(db, stop_before=stop_before)


migrations = MigrationSet("baca")


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


# Written as SQL, one statement at a time: "column", "start" and "end" are SQL keywords, the
# full-text table and its triggers need exact definitions, and db.executescript() would commit
# the migration's transaction halfway through.
_ANNOTATIONS_SCHEMA = (
    # `seq` is the rowid the full-text index points at. An implicit rowid may be renumbered by
    # VACUUM, which would silently point the index at the wrong rows; an INTEGER PRIMARY KEY is
    # never renumbered. The annotation's identity is `id`, unique and not null.
    # Every annotation belongs to a recorded document (the import code records it first), so
    # document_id is a foreign key; deleting a document with annotations is refused.
    """
    CREATE TABLE annotations (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        document_id TEXT NOT NULL REFERENCES documents(id),
        content_id TEXT NOT NULL,
        "column" TEXT NOT NULL,
        model TEXT,
        block INTEGER NOT NULL,
        exact TEXT NOT NULL CHECK (exact <> ''),
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        counterpart TEXT NOT NULL,
        color TEXT NOT NULL,
        note TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        status TEXT NOT NULL
    )
    """,
    'CREATE INDEX annotations_position ON annotations (document_id, block, "start")',
    # External content: the text lives once, in `annotations`; the index follows it by triggers.
    # Tags are indexed as their JSON text, whose brackets and quotes the tokenizer skips.
    # remove_diacritics lets "cafe" find "café"; no stemmer, as the text is in two languages. No
    # prefix index: it doubles the cost of each save, and prefix queries over 10,000 notes take
    # well under a millisecond without one.
    """
    CREATE VIRTUAL TABLE annotations_fts USING fts5(
        exact, note, counterpart, tags,
        content='annotations', content_rowid='seq',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
        INSERT INTO annotations_fts (rowid, exact, note, counterpart, tags)
        VALUES (new.seq, new.exact, new.note, new.counterpart, new.tags);
    END
    """,
    """
    CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
        INSERT INTO annotations_fts (annotations_fts, rowid, exact, note, counterpart, tags)
        VALUES ('delete', old.seq, old.exact, old.note, old.counterpart, old.tags);
    END
    """,
    # Only a change to indexed text touches the index; colour, status and offsets do not.
    """
    CREATE TRIGGER annotations_au AFTER UPDATE OF exact, note, counterpart, tags ON annotations
    WHEN old.exact IS NOT new.exact OR old.note IS NOT new.note
        OR old.counterpart IS NOT new.counterpart OR old.tags IS NOT new.tags
    BEGIN
        INSERT INTO annotations_fts (annotations_fts, rowid, exact, note, counterpart, tags)
        VALUES ('delete', old.seq, old.exact, old.note, old.counterpart, old.tags);
        INSERT INTO annotations_fts (rowid, exact, note, counterpart, tags)
        VALUES (new.seq, new.exact, new.note, new.counterpart, new.tags);
    END
    """,
)


@migrations()
def m003_annotations(db: sqlite_utils.Database) -> None:
    for statement in _ANNOTATIONS_SCHEMA:
        db.execute(statement)


# Sources whose cached translation Moses's detokenizer may have spoiled before translations
# followed the source's punctuation (reader.core.translate.punctuation): any quote mark, ellipsis, dash,
# slash or copyright sign. Their rows are dropped, so they are translated again when next read.
RETRANSLATED_MARKS = "\"“”„«»'‘’‚‹›…—–/©"


@migrations()
def m004_retranslate_sentences_with_quotes_and_marks(db: sqlite_utils.Database) -> None:
    condition = " OR ".join("instr(source, ?) > 0" for _ in RETRANSLATED_MARKS)
    db.execute(f"DELETE FROM translations WHERE {condition}", list(RETRANSLATED_MARKS))


@migrations()
def m005_web_pages(db: sqlite_utils.Database) -> None:
    # Pages fetched from a web address, the latest version of each, so they reopen offline.
    db["web_pages"].create(
        {"document_id": str, "address": str, "url": str, "fetched": str, "content_type": str, "body": bytes},
        pk="document_id",
        not_null={"address", "url", "fetched", "content_type", "body"},
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["web_pages"].create_index(["address"])


_VOCABULARY_SCHEMA = (
    # The same word from the same sentence of the same post is one item: adding it again updates it.
    """
    CREATE TABLE vocabulary (
        id INTEGER PRIMARY KEY,
        word TEXT NOT NULL CHECK (word <> ''),
        root TEXT NOT NULL DEFAULT '',
        meaning TEXT NOT NULL DEFAULT '',
        dictionary TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        sentence TEXT NOT NULL DEFAULT '',
        translation TEXT NOT NULL DEFAULT '',
        document_id TEXT REFERENCES documents(id),
        tags TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    )
    """,
    "CREATE INDEX vocabulary_word ON vocabulary (word, sentence)",
    "CREATE INDEX vocabulary_document ON vocabulary (document_id)",
)


@migrations()
def m006_vocabulary(db: sqlite_utils.Database) -> None:
    for statement in _VOCABULARY_SCHEMA:
        db.execute(statement)


# The reader's corrections of translated sentences (reader.core.translate.corrections); the
# translation cache beside them is never changed.
_CORRECTIONS_SCHEMA = (
    """
    CREATE TABLE corrections (
        document_id TEXT NOT NULL REFERENCES documents(id),
        block INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        source TEXT NOT NULL,
        machine TEXT NOT NULL,
        edited TEXT CHECK (edited IS NULL OR edited <> ''),
        state TEXT NOT NULL CHECK (state IN ('edited', 'checked', 'review')),
        model TEXT,
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        PRIMARY KEY (document_id, block, sentence)
    )
    """,
)


@migrations()
def m007_corrections(db: sqlite_utils.Database) -> None:
    for statement in _CORRECTIONS_SCHEMA:
        db.execute(statement)


@migrations()
def m008_glossary(db: sqlite_utils.Database) -> None:
    # The user's terms; and, per cached translation, the key of the glossary entries it was made
    # with ('' for none, as every translation made before had), so a glossary change misses the
    # cache for exactly the sentences whose entries changed.
    db.execute(
        "CREATE TABLE glossary (source TEXT PRIMARY KEY CHECK (source <> ''), target TEXT NOT NULL "
        "CHECK (target <> ''), created TEXT NOT NULL, modified TEXT NOT NULL)"
    )
    db.execute("ALTER TABLE translations ADD COLUMN glossary TEXT NOT NULL DEFAULT ''")


@migrations()
def m009_translation_scores(db: sqlite_utils.Database) -> None:
    # The model's confidence in each cached translation (reader.core.translate.confidence): the
    # sentence's, and its words' scores as JSON. Rows cached before are scored when next needed.
    db["translations"].add_column("confidence", float)
    db["translations"].add_column("scores", str)
