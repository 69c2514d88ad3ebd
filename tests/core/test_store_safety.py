"""What the store promises when a process dies, when two share a data folder, and when the file is bad."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.errors import StoreError
from reader.core.notes.annotations import ORIGINAL, Quote, new_annotation
from reader.core.platform.clock import utc_now
from reader.core.store import open_store
from reader.core.text.document import load_document

ROOT = Path(__file__).resolve().parents[2]
WRITER = ROOT / "tests" / "support" / "annotation_writer.py"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _writer(*args: object, stdin=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), *map(str, args)],
        cwd=ROOT,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until_killed(process: subprocess.Popen, lines: int) -> list[str]:
    """The lines the child printed, up to the one on which it was killed with SIGKILL."""
    seen = []
    for line in process.stdout:
        seen.append(line.split())
        if len(seen) == lines:
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    process.stdout.close()
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL, "the writer finished before it was killed"
    return seen


def _database_is_sound(data_dir: Path) -> None:
    connection = sqlite3.connect(data_dir / "baca.db")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # rank 1 also compares the full-text index with the annotations it indexes.
        connection.execute("INSERT INTO annotations_fts (annotations_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        connection.close()


def test_every_annotation_reported_saved_survives_the_process_being_killed(data_dir, sample_path):
    writer = _writer("add", data_dir, sample_path, 100_000)
    lines = _read_until_killed(writer, 25)
    assert [word for word, _ in lines] == ["committed"] * 25
    store = open_store(data_dir)
    assert store.notice is None
    for _, annotation_id in lines:
        assert store.annotation(annotation_id) is not None, annotation_id
    store.close()
    _database_is_sound(data_dir)


def test_edits_and_deletions_reported_saved_survive_the_process_being_killed(data_dir, sample_path):
    store = open_store(data_dir)
    document = load_document(sample_path)
    store.record_document(document)
    store.add_annotations(
        new_annotation(Quote(document, ORIGINAL, block, 0, 12), color="yellow", now=utc_now())
        for block in range(1, len(document.blocks))
        for _ in range(8)
    )
    store.close()
    writer = _writer("edit", data_dir, sample_path)
    lines = _read_until_killed(writer, 40)
    store = open_store(data_dir)
    for action, annotation_id in lines:
        saved = store.annotation(annotation_id)
        if action == "updated":
            assert saved is not None and saved.note == f"diubah {annotation_id}" and saved.color == "green"
        else:
            assert action == "deleted" and saved is None
    assert {action for action, _ in lines} == {"updated", "deleted"}
    # The index follows the edits: the new notes are found, the deleted quotes are not.
    found = {hit.annotation.id for hit in store.search_annotations("diubah", limit=1000)}
    assert {i for action, i in lines if action == "updated"} <= found
    assert not {i for action, i in lines if action == "deleted"} & found
    store.close()
    _database_is_sound(data_dir)


def test_two_processes_writing_to_one_data_folder_both_keep_all_their_annotations(data_dir, sample_path):
    open_store(data_dir).close()  # the folder as the app leaves it after its first start
    writers = [_writer("add", data_dir, sample_path, 200, "--wait", "--tag", tag, stdin=subprocess.PIPE)
               for tag in ("satu", "dua")]
    for writer in writers:
        assert writer.stdout.readline() == "ready\n"
    for writer in writers:  # both are running and have opened the store before either writes
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=120) for writer in writers]
    for writer, (out, err) in zip(writers, results):
        assert writer.returncode == 0, err
        assert "locked" not in err
    store = open_store(data_dir)
    for (out, _), tag in zip(results, ("satu", "dua")):
        ids = [line.split()[1] for line in out.splitlines()]
        assert len(ids) == 200
        assert all(store.annotation(i).tags == (tag,) for i in ids)
    assert len(store.all_annotations()) == 400
    store.close()
    _database_is_sound(data_dir)


def test_two_processes_starting_on_a_new_data_folder_both_open_it(data_dir, sample_path):
    writers = [_writer("add", data_dir, sample_path, 20, "--tag", tag) for tag in ("satu", "dua")]
    results = [writer.communicate(timeout=120) for writer in writers]
    for writer, (_, err) in zip(writers, results):
        assert writer.returncode == 0, err
    store = open_store(data_dir)
    assert len(store.all_annotations()) == 40
    applied = store.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert len(applied) == len({name for (name,) in applied})  # each migration ran once
    store.close()


def _filled_store(data_dir: Path, sample_path: Path) -> Path:
    """A data folder whose database spans many pages, checkpointed, closed."""
    store = open_store(data_dir)
    document = load_document(sample_path)
    store.record_document(document)
    store.save_translations("m", {f"kalimat {i}": f"sentence {i} " * 20 for i in range(2000)})
    store.add_annotations(
        new_annotation(Quote(document, ORIGINAL, 1, 0, 20), color="blue", now=utc_now(), note="catatan " * 50)
        for _ in range(200)
    )
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return data_dir / "baca.db"


def _assert_moved_aside(data_dir: Path, damaged: bytes) -> None:
    path = data_dir / "baca.db"
    store = open_store(data_dir)
    assert store.notice and "could not be read" in store.notice and "moved aside" in store.notice
    assert str(path) in store.notice
    (aside,) = data_dir.glob("baca.db.corrupt-*[0-9]")
    assert aside.read_bytes() == damaged and str(aside) in store.notice
    assert store.all_annotations() == []  # a new, empty database that works
    store.close()


def test_a_database_damaged_in_the_middle_is_moved_aside_untouched(data_dir, sample_path):
    path = _filled_store(data_dir, sample_path)
    data = path.read_bytes()
    page = 4096
    middle = len(data) // 2 // page * page
    damaged = data[:middle] + b"\xa5" * page + data[middle + page :]
    path.write_bytes(damaged)
    assert damaged[:16] == b"SQLite format 3\x00"  # the header still looks right
    _assert_moved_aside(data_dir, damaged)


@pytest.mark.parametrize("keep", [0.5, 0.9, 100 / 1_000_000])
def test_a_truncated_database_is_moved_aside_untouched(data_dir, sample_path, keep):
    path = _filled_store(data_dir, sample_path)
    data = path.read_bytes()
    damaged = data[: max(100, int(len(data) * keep))]
    path.write_bytes(damaged)
    _assert_moved_aside(data_dir, damaged)


def test_a_second_corrupt_database_never_overwrites_the_first_one_moved_aside(data_dir):
    path = data_dir / "baca.db"
    first, second = b"not a database, the first\n" * 300, b"not a database, the second\n" * 300
    path.write_bytes(first)
    open_store(data_dir).close()
    path.unlink()
    for companion in data_dir.glob("baca.db-*"):
        companion.unlink()
    path.write_bytes(second)
    open_store(data_dir).close()
    asides = sorted(p.read_bytes() for p in data_dir.glob("baca.db.corrupt-*") if not p.name.endswith(("-wal", "-shm")))
    assert asides == sorted([first, second])


def test_a_database_from_a_newer_version_with_annotations_is_refused_and_left_untouched(data_dir, sample_path):
    path = _filled_store(data_dir, sample_path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('baca', 'm004_later', 'x')"
        )
    connection.close()
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    with pytest.raises(StoreError, match="newer version of Baca") as raised:
        open_store(data_dir)
    assert "m004_later" in str(raised.value) and "left untouched" in str(raised.value)
    assert path.read_bytes() == before["baca.db"]
    assert not list(data_dir.glob("baca.db.corrupt-*"))


def test_the_store_waits_at_least_five_seconds_for_another_writer(data_dir):
    store = open_store(data_dir)
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    store.close()


def test_the_writer_helper_is_a_separate_process(data_dir, sample_path):
    writer = _writer("add", data_dir, sample_path, 1)
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert out.startswith("committed ") and writer.pid != os.getpid()
