"""The database file under faults: odd folder names, a busy or read-only database, a full disk, a pipe."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.errors import StoreBusy, StoreError, StoreFull, StoreUnwritable
from reader.core.notes.annotations import Quote, new_annotation
from reader.core.notes.columns import ORIGINAL
from reader.core.platform.clock import utc_now
from reader.core.store.database_file import move_aside
from reader.core.store import Store, open_store
from reader.core.text.document import load_document
from tests.support.unprivileged import unprivileged, unprivileged_folder

ROOT = Path(__file__).resolve().parents[2]


def _annotate(store: Store, sample_path: Path, count: int, note: str = "catatan") -> list[str]:
    document = load_document(sample_path)
    store.record_document(document)
    return store.add_annotations(
        new_annotation(Quote(document, ORIGINAL, 1, 0, 20), color="yellow", now=utc_now(), note=note)
        for _ in range(count)
    )


def _filled(data_dir: Path, sample_path: Path, count: int) -> list[str]:
    """A data folder whose database holds `count` annotations, closed."""
    store = open_store(data_dir)
    ids = _annotate(store, sample_path, count)
    store.close()
    return ids


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.parametrize("name", ["100% baca", "a%41b", "notes#1", "why?mode=rw", "a?b#c%2Fd", "file:x"])
def test_a_data_folder_with_uri_characters_in_its_name_keeps_its_database(tmp_path, sample_path, name):
    data_dir = tmp_path / name
    data_dir.mkdir()
    store = open_store(data_dir)
    ids = _annotate(store, sample_path, 3)
    store.close()
    before = sorted(p.name for p in tmp_path.rglob("*"))

    store = open_store(data_dir)
    assert store.notice is None
    assert sorted(a.id for a in store.all_annotations()) == sorted(ids)
    store.close()
    assert not list(data_dir.glob("baca.db.corrupt-*"))
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing made outside the folder


def test_a_database_held_by_another_writer_is_waited_for_then_refused_and_kept(data_dir, sample_path):
    path = data_dir / "baca.db"
    ids = _filled(data_dir, sample_path, 2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreBusy, match="busy") as raised:
            Store(path, busy_timeout=0.3)
        assert "another" in str(raised.value) and str(path) in str(raised.value)
        assert "did not open it" in str(raised.value)
        assert not list(data_dir.glob("baca.db.corrupt-*"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store = open_store(data_dir)
    assert store.notice is None and sorted(a.id for a in store.all_annotations()) == sorted(ids)
    store.close()


def test_a_write_lock_held_past_the_timeout_refuses_the_change_clearly_and_keeps_the_rest(data_dir, sample_path):
    store = Store(data_dir / "baca.db", busy_timeout=0.3)
    ids = _annotate(store, sample_path, 2)
    document = load_document(sample_path)
    holder = sqlite3.connect(data_dir / "baca.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        late = new_annotation(Quote(document, ORIGINAL, 2, 0, 10), color="green", now=utc_now())
        with pytest.raises(StoreBusy, match="was not saved"):
            store.add_annotation(late)
        with pytest.raises(StoreBusy):
            store.save_translations("m", {"satu": "one"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sorted(a.id for a in store.all_annotations()) == sorted(ids)
    store.add_annotation(late)  # once the other writer is done, the same change goes through
    assert store.annotation(late.id) == late
    store.close()


def test_a_full_disk_refuses_the_change_clearly_and_keeps_every_earlier_note(data_dir, sample_path):
    store = open_store(data_dir)
    ids = _annotate(store, sample_path, 5)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite answers a write past max_page_count exactly as it answers a full disk: SQLITE_FULL.
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreFull, match="full") as raised:
        _annotate(store, sample_path, 200, note="panjang " * 400)
    assert "not saved" in str(raised.value) and str(data_dir) in str(raised.value)
    assert sorted(a.id for a in store.all_annotations()) == sorted(ids)  # the batch is all or nothing
    with pytest.raises(StoreFull):
        store.save_translations("m", {f"kalimat {i}": "x" * 2000 for i in range(200)})
    store.db.execute(f"PRAGMA max_page_count = {pages * 100}")
    assert len(_annotate(store, sample_path, 3)) == 3  # space freed: it works again
    store.close()
    assert _integrity(data_dir / "baca.db") == "ok"


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_pipe_in_place_of_the_database_is_refused_at_once_and_left_alone(data_dir):
    path = data_dir / "baca.db"
    os.mkfifo(path)
    with pytest.raises(StoreError, match="not a regular file"):
        open_store(data_dir)
    result = _cli(data_dir, "export", "--format", "md")  # the CLI says so in a line, no hang
    assert result.returncode == 1, result.stderr
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr
    assert path.is_fifo() and sorted(p.name for p in data_dir.iterdir()) == ["baca.db"]


def test_a_folder_in_place_of_the_database_is_refused_and_left_alone(data_dir):
    (data_dir / "baca.db").mkdir()
    (data_dir / "baca.db" / "keep.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a regular file"):
        open_store(data_dir)
    assert (data_dir / "baca.db" / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in data_dir.iterdir()) == ["baca.db"]


def test_a_read_only_data_folder_with_a_database_is_refused_clearly_and_left_untouched(sample_path):
    with unprivileged_folder() as folder, unprivileged():
        data_dir = folder / "baca-data"
        data_dir.mkdir()
        ids = _filled(data_dir, sample_path, 2)
        before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
        data_dir.chmod(0o555)
        try:
            with pytest.raises(StoreUnwritable, match="cannot write") as raised:
                open_store(data_dir)
            assert str(data_dir) in str(raised.value) and "--data-dir" in str(raised.value)
            assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before
        finally:
            data_dir.chmod(0o755)
        store = open_store(data_dir)
        assert store.notice is None and sorted(a.id for a in store.all_annotations()) == sorted(ids)
        store.close()


def test_a_read_only_new_data_folder_is_refused_clearly():
    with unprivileged_folder() as folder, unprivileged():
        data_dir = folder / "baca-data"
        data_dir.mkdir(mode=0o555)
        try:
            with pytest.raises(StoreUnwritable, match="cannot write"):
                open_store(data_dir)
            assert list(data_dir.iterdir()) == []
        finally:
            data_dir.chmod(0o755)


def test_a_read_only_database_file_is_refused_clearly_and_left_untouched(sample_path):
    with unprivileged_folder() as folder, unprivileged():
        data_dir = folder / "baca-data"
        data_dir.mkdir()
        _filled(data_dir, sample_path, 1)
        path = data_dir / "baca.db"
        before = path.read_bytes()
        path.chmod(0o444)
        with pytest.raises(StoreUnwritable, match="cannot write"):
            open_store(data_dir)
        assert path.read_bytes() == before and not list(data_dir.glob("baca.db.corrupt-*"))


def test_a_corrupt_database_in_a_read_only_folder_is_refused_without_a_traceback(sample_path):
    with unprivileged_folder() as folder, unprivileged():
        data_dir = folder / "baca-data"
        data_dir.mkdir()
        damaged = b"not a database at all\n" * 500
        (data_dir / "baca.db").write_bytes(damaged)
        data_dir.chmod(0o555)
        try:
            with pytest.raises(StoreUnwritable, match="cannot write"):
                open_store(data_dir)
            assert (data_dir / "baca.db").read_bytes() == damaged
            # Should the folder turn read-only between the check and the rename, the same holds.
            with pytest.raises(StoreUnwritable, match="could not be moved aside"):
                move_aside(data_dir / "baca.db", "file is not a database")
            assert sorted(p.name for p in data_dir.iterdir()) == ["baca.db"]
        finally:
            data_dir.chmod(0o755)


def test_only_real_corruption_moves_a_database_aside(data_dir):
    (data_dir / "baca.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    store = open_store(data_dir)
    assert store.notice and "moved aside" in store.notice
    store.close()
    assert len([p for p in data_dir.glob("baca.db.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]) == 1
