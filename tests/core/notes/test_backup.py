"""A JSON export is a backup: it restores posts, notes and cached translations into any data folder."""

import json
import sqlite3
import tracemalloc
from dataclasses import astuple, replace
from pathlib import Path

import pytest

from reader.cli import EXIT_OK, main
from reader.core.errors import NotesFileError
from reader.core.notes.annotations import ANCHORED
from reader.core.notes.export import collect_notes, dumps, export_json
from reader.core.notes.importer import import_notes, plan_import, read_notes
from reader.core.notes.notes_json import read_stream
from reader.core.store import open_store
from tests.support.sample_notes import MODEL, annotated_sample, open_sample, write


def _store(folder: Path):
    folder.mkdir(exist_ok=True)
    return open_store(folder)


def _key(annotation) -> tuple:
    return astuple(replace(annotation, status="-"))


@pytest.fixture
def backup(tmp_path):
    """The sample annotated and translated in one data folder, exported as JSON: (store, document, annotations, file)."""
    store = _store(tmp_path / "first")
    document, annotations = annotated_sample(store)
    path = write(tmp_path / "backup.json", dumps(export_json(collect_notes(store))))
    return store, document, annotations, path


def test_import_into_a_new_empty_folder_restores_the_post_its_notes_and_translations(backup, tmp_path):
    first, document, annotations, path = backup
    fresh = _store(tmp_path / "fresh")
    report = import_notes(fresh, path)
    assert report.restored == (document.title,) and report.added == len(annotations)
    assert (report.unresolved, report.detached, report.unchecked) == ({}, 0, 0)
    # The post as the first folder kept it: library entry and text.
    assert fresh.library_entry(document.id).content_id == document.content_id
    assert fresh.document_snapshot(document.id) == first.document_snapshot(document.id)
    # The notes, translation highlights included: checked against the restored translations.
    assert sorted(map(_key, fresh.all_annotations())) == sorted(map(_key, annotations))
    assert {a.status for a in fresh.all_annotations()} == {ANCHORED}
    sentences = [s.text for block in document.blocks for s in block.sentences]
    assert fresh.cached_translations(MODEL, sentences) == first.cached_translations(MODEL, sentences)
    # And it exports again exactly as it was exported.
    assert dumps(export_json(collect_notes(fresh))) == path.read_text(encoding="utf-8")


def test_a_backup_of_a_post_without_notes_still_restores_the_post(tmp_path):
    first = _store(tmp_path / "first")
    document = open_sample(first)
    path = write(tmp_path / "post.json", dumps(export_json(collect_notes(first, document.id))))
    fresh = _store(tmp_path / "fresh")
    report = import_notes(fresh, path)
    assert report.restored == (document.title,) and report.added == 0 and not report.imported_nothing
    assert fresh.document_snapshot(document.id) == first.document_snapshot(document.id)


def test_restoring_keeps_the_librarys_own_text_and_cached_translations(backup, tmp_path):
    _, document, annotations, path = backup
    other = _store(tmp_path / "other")
    open_sample(other, translated=False)
    first_sentence = document.blocks[0].sentences[0].text
    other.save_translations(MODEL, {first_sentence: "the user's own cached translation"})
    report = import_notes(other, path)
    assert report.restored == () and report.documents_present == 1 and report.added == len(annotations)
    assert other.cached_translations(MODEL, [first_sentence]) == {first_sentence: "the user's own cached translation"}
    # The translations it lacked came from the backup.
    second_sentence = document.blocks[1].sentences[0].text
    assert second_sentence in other.cached_translations(MODEL, [second_sentence])


def test_cli_import_into_an_empty_folder_restores_and_exits_0(capsys, backup, tmp_path):
    _, document, annotations, path = backup
    fresh = tmp_path / "fresh-cli"
    fresh.mkdir()
    assert main(["import", str(path), "--data-dir", str(fresh)]) == EXIT_OK
    err = capsys.readouterr().err
    assert f"Restored 1 post to the library: {document.title!r}." in err
    assert f"Imported {len(annotations)} annotations; 0 already present." in err
    assert main(["import", str(path), "--data-dir", str(fresh)]) == EXIT_OK  # again: all present
    assert f"0 annotations; {len(annotations)} already present" in capsys.readouterr().err


def _tampered(path: Path, change) -> Path:
    collection = json.loads(path.read_text(encoding="utf-8"))
    change(collection["baca:documents"][0])
    return write(path.with_name("tampered.json"), json.dumps(collection))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["blocks"][1].update(text=d["blocks"][1]["text"] + " Ditambah."), "content_id does not match"),
        (lambda d: d["blocks"][1].update(sentences=[[0, 10**6]]), "sentences must be"),
        (lambda d: d["blocks"][0].update(kind="table"), "kind 'table'"),
        (lambda d: d["translations"][MODEL].update({"Kalimat lain.": "Another sentence."}), "not one of its sentences"),
        (lambda d: d.update(blocks=[]), "no list of blocks"),
        (lambda d: d.update(date="13 Juli"), "not a date"),
    ],
)
def test_a_damaged_or_changed_post_record_is_refused_and_nothing_is_written(backup, tmp_path, change, message):
    _, document, _, path = backup
    fresh = _store(tmp_path / "fresh")
    with pytest.raises(NotesFileError, match=message):
        import_notes(fresh, _tampered(path, change))
    assert fresh.library() == [] and fresh.all_annotations() == []


def test_a_write_that_fails_after_the_post_was_restored_undoes_it(backup, tmp_path):
    _, document, _, path = backup
    fresh = _store(tmp_path / "fresh")
    # A database that refuses the annotations, as a full disk would: the post and translations,
    # written first in the same transaction, must go too.
    fresh.db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON annotations BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(sqlite3.DatabaseError, match="refused"):
        import_notes(fresh, path)
    assert fresh.library() == [] and fresh.all_annotations() == []
    assert fresh.cached_translations(MODEL, [document.blocks[0].sentences[0].text]) == {}


def test_the_reader_streams_a_large_file_without_holding_it(tmp_path):
    item = {"type": "Annotation", "target": {"source": "x:y", "selector": {"type": "TextQuoteSelector", "exact": "kata " * 40}},
            "body": {"type": "TextualBody", "value": "catatan " * 100}}
    line = json.dumps(item).encode()
    count = 20_000  # about 22 MB
    path = tmp_path / "big.json"
    with path.open("wb") as file:
        file.write(b'{"type": "AnnotationPage", "items": [\n')
        file.write(b",\n".join([line] * count))
        file.write(b"\n]}")
    assert path.stat().st_size > 20 * 2**20
    seen = []
    tracemalloc.start()
    try:
        read_stream(path, path.name, lambda item: seen.append(len(item["body"]["value"])), lambda raw: None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(seen) == count
    assert peak < 2 * 2**20  # one annotation at a time, not the file's 22 MB


def test_a_document_record_with_unknown_keys_from_a_newer_baca_still_restores(backup, tmp_path):
    _, document, _, path = backup
    fresh = _store(tmp_path / "fresh")
    report = import_notes(fresh, _tampered(path, lambda d: d.update({"reading_position": 12})))
    assert report.restored == (document.title,)


def test_a_bad_post_record_is_named_by_its_place_in_the_file(backup, tmp_path):
    _, _, _, path = backup
    collection = json.loads(path.read_text(encoding="utf-8"))
    good = collection["baca:documents"][0]
    collection["baca:documents"] = [good, dict(good, id="1" * 32), dict(good, id="2" * 32, blocks="none")]
    with pytest.raises(NotesFileError, match=r"post 3 of baca:documents: it has no list of blocks"):
        import_notes(_store(tmp_path / "fresh"), write(tmp_path / "three.json", json.dumps(collection)))


def test_the_import_is_planned_from_the_file_before_anything_is_written(backup, tmp_path):
    # So the write lock is held only to write, not while re-anchoring a large file.
    _, document, annotations, path = backup
    fresh = _store(tmp_path / "fresh")
    notes = read_notes(path)
    plan = plan_import(fresh, notes.annotations, notes.documents)
    assert fresh.library() == [] and not fresh.db.conn.in_transaction
    assert (plan.unresolved, plan.unchecked) == ({}, set())
    assert sorted(map(_key, plan.annotations)) == sorted(map(_key, annotations))
    assert {a.status for a in plan.annotations} == {ANCHORED}
