import datetime
import sqlite3

import pytest

from reader.core.text.document import Document
from reader.core.errors import StoreError
from reader.core.store import Store, open_store


def _document(id="doc1", content_id="c1", source="/posts/a.txt", title="Judul"):
    return Document(id, content_id, source, title, datetime.date(2021, 7, 13), None, ())


def test_store_records_documents_with_their_source_and_keeps_first_opened(data_dir):
    store = open_store(data_dir)
    store.record_document(_document())
    first = store.library()[0]
    store.record_document(_document(content_id="c2", title="Judul baru"))
    (entry,) = store.library()
    assert entry.id == "doc1" and entry.source == "/posts/a.txt"
    assert entry.content_id == "c2" and entry.title == "Judul baru"
    assert entry.date == datetime.date(2021, 7, 13)
    assert entry.last_opened >= first.last_opened
    row = store.db["documents"].get("doc1")
    assert row["first_opened"] == first.last_opened


def test_store_lists_the_most_recently_opened_document_first(data_dir):
    store = open_store(data_dir)
    store.record_document(_document("a", source="/a"))
    store.record_document(_document("b", source="/b"))
    store.record_document(_document("a", source="/a"))
    assert [entry.id for entry in store.library()] == ["a", "b"]


def test_translation_cache_is_keyed_by_model_and_sentence(data_dir):
    store = open_store(data_dir)
    store.save_translations("model-1", {"Halo.": "Hello.", "Ya.": "Yes."})
    store.save_translations("model-2", {"Halo.": "Hi."})
    assert store.cached_translations("model-1", ["Halo.", "Tidak.", "Ya."]) == {"Halo.": "Hello.", "Ya.": "Yes."}
    assert store.cached_translations("model-2", ["Halo.", "Ya."]) == {"Halo.": "Hi."}


def test_translations_by_model_gives_every_model_of_the_sentences_asked_for(data_dir):
    store = open_store(data_dir)
    store.save_translations("model-2", {"Halo.": "Hi."})
    store.save_translations("model-1", {"Halo.": "Hello.", "Ya.": "Yes.", "Lain.": "Other."})
    sources = ["Ya.", "Halo.", "Tidak.", "Halo.", *(f"kalimat {i}." for i in range(600))]
    assert store.translations_by_model(sources) == {
        "model-1": {"Halo.": "Hello.", "Ya.": "Yes."},
        "model-2": {"Halo.": "Hi."},
    }
    assert store.translations_by_model(["Tidak."]) == {}


def test_translation_cache_survives_reopening_the_data_folder(data_dir):
    store = open_store(data_dir)
    store.save_translations("m", {f"kalimat {i}.": f"sentence {i}." for i in range(1200)})
    store.close()
    again = open_store(data_dir)
    found = again.cached_translations("m", [f"kalimat {i}." for i in range(1200)])
    assert len(found) == 1200 and found["kalimat 7."] == "sentence 7."


def test_store_uses_wal_and_waits_for_other_writers(data_dir):
    store = open_store(data_dir)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_store_refuses_a_database_from_a_newer_version_and_leaves_it_untouched(data_dir):
    store = open_store(data_dir)
    store.db["_sqlite_migrations"].insert(
        {"migration_set": "baca", "name": "m999_from_the_future", "applied_at": "2030-01-01"}
    )
    store.close()
    path = data_dir / "baca.db"
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version of Baca") as raised:
        open_store(data_dir)
    assert str(path) in str(raised.value) and "m999_from_the_future" in str(raised.value)
    assert path.read_bytes() == before


def test_store_moves_a_corrupt_database_aside_and_starts_a_new_one(data_dir):
    path = data_dir / "baca.db"
    garbage = b"this is not a database at all\n" * 200
    path.write_bytes(garbage)
    store = open_store(data_dir)
    assert store.notice and "moved aside" in store.notice and str(path) in store.notice
    (aside,) = data_dir.glob("baca.db.corrupt-*")
    assert aside.read_bytes() == garbage
    store.record_document(_document())
    assert [e.id for e in store.library()] == ["doc1"]


def test_store_in_memory_works_without_a_file():
    store = Store.memory()
    store.save_translations("m", {"a": "b"})
    assert store.cached_translations("m", ["a"]) == {"a": "b"}


def test_store_opened_by_two_connections_sees_each_others_writes(data_dir):
    one, two = open_store(data_dir), open_store(data_dir)
    one.save_translations("m", {"satu": "one"})
    two.save_translations("m", {"dua": "two"})
    assert one.cached_translations("m", ["satu", "dua"]) == {"satu": "one", "dua": "two"}
    assert sqlite3.connect(data_dir / "baca.db").execute("SELECT count(*) FROM translations").fetchone()[0] == 2


def test_store_keeps_a_snapshot_of_the_document_as_last_opened(data_dir, sample_path):
    from reader.core.text.document import load_document

    document = load_document(sample_path)
    store = open_store(data_dir)
    store.record_document(document)
    assert store.document_snapshot(document.id) == document
    assert store.document_snapshot("unknown") is None
