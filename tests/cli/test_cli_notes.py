import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from reader.core.text.document import Block, Document
from reader.core.store import open_store
from tests.support.sample_notes import annotated_sample, open_sample, write


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def annotated(data_dir):
    """A data folder holding the annotated sample: (document, annotations)."""
    store = open_store(data_dir)
    try:
        return annotated_sample(store)
    finally:
        store.close()


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_export_writes_markdown_of_every_document_to_stdout(capsys, data_dir, annotated):
    document, annotations = annotated
    status, out, err = _run(capsys, "export", "--format", "md", "--data-dir", data_dir)
    assert status == EXIT_OK and err == ""
    assert out.startswith(f"# {document.title}\n") and out.count("\n-   > ") == len(annotations)


def test_cli_export_csv_to_stdout_keeps_its_crlf_rows(capsys, data_dir, annotated):
    _, annotations = annotated
    status, out, _ = _run(capsys, "--data-dir", data_dir, "export", "--format", "csv", "--all")
    assert status == EXIT_OK
    assert out.startswith("Highlight,Title,Author,URL,Note,Location,Date,") and "\r\n" in out
    assert len(list(csv.reader(io.StringIO(out, newline="")))) == len(annotations) + 1


def test_cli_export_to_a_file_writes_it_whole_and_says_so_on_stderr(capsys, tmp_path, data_dir, annotated):
    target = tmp_path / "catatan.json"
    target.write_text("an older export")
    status, out, err = _run(capsys, "export", "--format", "json", "-o", target, "--data-dir", data_dir)
    assert status == EXIT_OK and out == ""
    assert err == f"Exported 8 annotations from 1 document to {target}\n"
    assert json.loads(target.read_text(encoding="utf-8"))["total"] == 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baca-data", "catatan.json"]


def test_cli_export_takes_a_document_id_or_a_unique_start_of_it(capsys, data_dir, annotated):
    document, _ = annotated
    for given in (document.id, document.id[:5]):
        status, out, _ = _run(capsys, "export", "--format", "html", "--document", given, "--data-dir", data_dir)
        assert status == EXIT_OK and "<!DOCTYPE html>" in out and document.blocks[2].text in out


def test_cli_export_filters_by_colour_and_tag(capsys, data_dir, annotated):
    _, annotations = annotated
    _, out, _ = _run(capsys, "export", "--format", "json", "--color", "green", "--data-dir", data_dir)
    assert json.loads(out)["total"] == sum(a.color == "green" for a in annotations)
    _, out, _ = _run(capsys, "export", "--format", "json", "--tag", "siber", "--data-dir", data_dir)
    assert json.loads(out)["total"] == 1


def test_cli_export_with_no_matching_notes_exits_0_with_an_empty_valid_file(capsys, data_dir, annotated):
    status, out, err = _run(capsys, "export", "--format", "json", "--tag", "tidak-ada", "--data-dir", data_dir)
    assert status == EXIT_OK and json.loads(out)["total"] == 0
    assert err == "reader-cli: no annotations to export\n"


def test_cli_export_refuses_an_unknown_or_ambiguous_document_with_one_line(capsys, data_dir, annotated):
    status, out, err = _run(capsys, "export", "--format", "md", "--document", "zzz", "--data-dir", data_dir)
    assert (status, out) == (EXIT_REFUSED, "")
    assert err == "reader-cli: No document in the library has the id 'zzz'.\n"
    store = open_store(data_dir)
    for id in ("abc1", "abc2"):
        store.record_document(Document(id, "c", f"/posts/{id}.txt", id, None, None, [Block.of("paragraph", "Ya.")]))
    store.close()
    status, _, err = _run(capsys, "export", "--format", "md", "--document", "abc", "--data-dir", data_dir)
    assert status == EXIT_REFUSED and "matches 2 documents" in err and err.count("\n") == 1


def test_cli_export_usage_errors_exit_2(capsys, data_dir):
    for argv in (
        ["export", "--format", "md", "--color", "red"],
        ["export", "--format", "pdf"],
        ["export", "--color", "green"],
        ["export", "--format", "md", "--all", "--document", "abc"],
    ):
        with pytest.raises(SystemExit) as exited:
            main(argv + ["--data-dir", str(data_dir)])
        assert exited.value.code == EXIT_USAGE
    capsys.readouterr()


def test_cli_export_to_a_folder_that_does_not_exist_exits_1(capsys, tmp_path, data_dir, annotated):
    status, _, err = _run(capsys, "export", "--format", "md", "-o", tmp_path / "nope" / "x.md", "--data-dir", data_dir)
    assert status == EXIT_REFUSED and err.startswith("reader-cli: Cannot write ") and err.count("\n") == 1


def test_cli_import_prints_the_counts_and_a_second_import_adds_nothing(capsys, tmp_path, data_dir, annotated):
    _, out, _ = _run(capsys, "export", "--format", "json", "--data-dir", data_dir)
    path = write(tmp_path / "notes.json", out)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    store = open_store(fresh)
    open_sample(store)
    store.close()
    status, out, err = _run(capsys, "import", path, "--data-dir", fresh)
    assert (status, out, err) == (EXIT_OK, "", "Imported 8 annotations; 0 already present.\n")
    status, _, err = _run(capsys, "--data-dir", fresh, "import", path)
    assert (status, err) == (EXIT_OK, "Imported 0 annotations; 8 already present.\n")


def test_cli_import_names_the_documents_it_could_not_find(capsys, tmp_path, data_dir, annotated):
    _, out, _ = _run(capsys, "export", "--format", "json", "--data-dir", data_dir)
    collection = json.loads(out)
    del collection["baca:documents"]  # notes only, as another tool (or an older Baca) writes them
    path = write(tmp_path / "notes.json", json.dumps(collection))
    empty = tmp_path / "empty"
    empty.mkdir()
    status, _, err = _run(capsys, "import", path, "--data-dir", empty)
    assert status == EXIT_REFUSED  # it imported nothing it was given
    assert "Not imported: 8 annotations for documents not in the library: 'Dubes Rusia" in err
    assert "(baca:sample-post.txt) (8)" in err


def test_cli_import_of_a_malformed_file_exits_1_with_one_line_and_no_traceback(tmp_path, data_dir):
    path = write(tmp_path / "rusak.json", '{"type": "AnnotationCollection", "total": 1,')
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli", "import", str(path), "--data-dir", str(data_dir)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == EXIT_REFUSED and result.stdout == ""
    assert result.stderr.startswith("reader-cli: Cannot import rusak.json: it is not JSON (")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_cli_import_of_a_missing_file_exits_1(capsys, tmp_path, data_dir):
    status, _, err = _run(capsys, "import", tmp_path / "tidak-ada.json", "--data-dir", data_dir)
    assert status == EXIT_REFUSED and "No such file or directory" in err
