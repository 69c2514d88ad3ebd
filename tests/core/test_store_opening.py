"""Opening the store: an up-to-date database needs no sqlite-utils (issue 12: the window's start-up)."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

import reader.core.store
from reader.core.store.database_file import MIGRATIONS_TABLE
from reader.core.schema import MigrationSet, migrations
from reader.core.store import open_store
from reader.core.text.document import load_document
from reader.core.text.web import FetchedPage

# What the window does before its first paint, in a fresh process; prints what it read and whether
# sqlite-utils was imported.
FIRST_PAINT = """
import json, sys
from pathlib import Path
from reader.core.store import open_store
from reader.core.text.document import load_document

store = open_store(Path(sys.argv[1]))
document = load_document(Path(sys.argv[2]))
library = store.library()
store.record_document(document)
read = {
    "library": [entry.id for entry in store.library()],
    "entry": store.library_entry(document.id).title,
    "annotations": len(store.annotations_for(document.id)),
    "tags": store.annotation_tags(),
    "cached": store.cached_translations("m", [document.blocks[0].sentences[0].text]),
    "kept": sorted(store.kept_document_ids()),
    "page": store.kept_page(document.id),
    "sqlite_utils": "sqlite_utils" in sys.modules,
}
store.close()
print(json.dumps(read))
"""


def _first_paint_reads(data_dir, path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(data_dir), str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_up_to_date_store_opens_and_serves_the_first_paint_without_sqlite_utils(data_dir, sample_path):
    store = open_store(data_dir)
    sentence = load_document(sample_path).blocks[0].sentences[0].text
    store.save_translations("m", {sentence: "The first sentence."})
    store.close()
    read = _first_paint_reads(data_dir, sample_path)
    document = load_document(sample_path)
    assert read == {
        "library": [document.id],
        "entry": document.title,
        "annotations": 0,
        "tags": [],
        "cached": {sentence: "The first sentence."},
        "kept": [],
        "page": None,
        "sqlite_utils": False,
    }


def test_a_new_data_folder_is_migrated_with_sqlite_utils_on_opening(data_dir, sample_path):
    read = _first_paint_reads(data_dir, sample_path)
    assert read["sqlite_utils"] is True and read["library"] == [load_document(sample_path).id]
    store = open_store(data_dir)
    applied = [row[0] for row in store.conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY id")]
    assert applied == migrations.names


def test_the_store_connection_is_set_up_as_sqlite_utils_and_baca_set_it(data_dir):
    store = open_store(data_dir)
    pragmas = {
        name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("recursive_triggers", "foreign_keys", "journal_mode", "synchronous", "busy_timeout")
    }
    assert pragmas == {
        "recursive_triggers": 1, "foreign_keys": 1, "journal_mode": "wal", "synchronous": 1, "busy_timeout": 10000
    }
    assert store.db.conn is store.conn  # sqlite-utils, when used, works on the same connection
    memory = type(store).memory()
    assert memory.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
    assert memory.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_the_migration_set_declares_what_sqlite_utils_applies(data_dir):
    built = migrations.built()
    assert built.name == migrations.name == "baca"
    assert [migration.name for migration in built._migrations] == migrations.names
    assert migrations.names == sorted(migrations.names) and len(set(migrations.names)) == len(migrations.names)
    assert MIGRATIONS_TABLE == sqlite_utils.Migrations.migrations_table


def test_a_migration_name_declared_twice_is_refused():
    declared = MigrationSet("test")

    @declared()
    def m001_first(db) -> None:
        pass

    with pytest.raises(ValueError, match="'m001_first' is already declared in set 'test'"):

        @declared(name="m001_first")
        def m002_second(db) -> None:
            pass

    assert declared.names == ["m001_first"]


def test_the_store_parts_query_the_sqlite3_connection_not_sqlite_utils():
    # Store.db would import sqlite-utils (a sixth of the window's start-up) on first use: only the
    # connection's migrations use it.
    parts = Path(reader.core.store.__file__).parent
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(parts.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "self.db" in line and not (path.name == "connection.py" and "migrations.apply(self.db)" in line)
    ]
    assert found == []


def test_a_failed_write_within_a_transaction_is_undone_alone(data_dir, sample_path):
    store = open_store(data_dir)
    document = load_document(sample_path)
    page = FetchedPage("https://example.org/a", "https://example.org/a", "2026-12-06T05:00:00Z", "text/html", b"<p>a</p>")
    with store.transaction():
        store.keep_page(document, page)  # a write within a write: its own savepoint
        with pytest.raises(sqlite3.IntegrityError):
            store.save_translations("m", {"a": None})  # translation NOT NULL
    assert store.kept_page(document.id) == page
    assert store.cached_translations("m", ["a"]) == {} and not store.conn.in_transaction
