"""reader-cli glossary add|remove|list|import|export, and translate using the glossary."""

import pytest

from reader.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from reader.core.store import open_store


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _listed(capsys, data_dir) -> str:
    status, out, _ = _run(capsys, "glossary", "list", "--data-dir", data_dir)
    assert status == EXIT_OK
    return out


def test_glossary_add_list_remove(capsys, data_dir):
    status, out, err = _run(capsys, "glossary", "add", "KTT", "summit", "--data-dir", data_dir)
    assert (status, out, err) == (EXIT_OK, "", "KTT → summit\n")
    assert _run(capsys, "glossary", "add", "Jokowi", "--data-dir", data_dir)[2] == "Jokowi kept as written\n"
    assert _run(capsys, "glossary", "add", "KTT", "summit", "--data-dir", data_dir)[2].endswith("(already in the glossary)\n")

    assert _listed(capsys, data_dir) == "Jokowi\tJokowi\nKTT\tsummit\n"

    status, _, err = _run(capsys, "glossary", "remove", "Jokowi", "--data-dir", data_dir)
    assert (status, err) == (EXIT_OK, "Removed Jokowi from the glossary\n")
    assert _listed(capsys, data_dir) == "KTT\tsummit\n"


def test_glossary_refuses_a_bad_term_and_an_unknown_one_in_one_line(capsys, data_dir):
    status, out, err = _run(capsys, "glossary", "add", "...", "dots", "--data-dir", data_dir)
    assert status == EXIT_REFUSED and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "must begin and end with a letter or a digit" in err

    status, _, err = _run(capsys, "glossary", "remove", "KTT", "--data-dir", data_dir)
    assert status == EXIT_REFUSED and err == "reader-cli: The glossary has no entry 'KTT'; nothing was removed.\n"


def test_glossary_export_of_one_term_says_term(capsys, data_dir, tmp_path):
    _run(capsys, "glossary", "add", "KTT", "summit", "--data-dir", data_dir)

    status, _, err = _run(capsys, "glossary", "export", "-o", tmp_path / "one.csv", "--data-dir", data_dir)

    assert (status, err) == (EXIT_OK, f"Wrote 1 term to {tmp_path / 'one.csv'}\n")


def test_glossary_export_and_import_go_round(capsys, data_dir, tmp_path):
    _run(capsys, "glossary", "add", "Dubes", "Ambassador", "--data-dir", data_dir)
    _run(capsys, "glossary", "add", "KTT", "summit, talks", "--data-dir", data_dir)
    path = tmp_path / "terms.csv"

    status, _, err = _run(capsys, "glossary", "export", "-o", path, "--data-dir", data_dir)
    assert (status, err) == (EXIT_OK, f"Wrote 2 terms to {path}\n")
    assert path.read_text(encoding="utf-8") == 'source,target\nDubes,Ambassador\nKTT,"summit, talks"\n'
    status, out, _ = _run(capsys, "glossary", "export", "--data-dir", data_dir)
    assert out == path.read_text(encoding="utf-8")

    other = tmp_path / "other"
    other.mkdir()
    status, _, err = _run(capsys, "glossary", "import", path, "--data-dir", other)
    assert (status, err) == (EXIT_OK, f"Imported 2 terms from {path} (2 new, changed or removed)\n")
    assert _listed(capsys, other) == _listed(capsys, data_dir)


def test_glossary_import_is_all_or_nothing_and_names_the_bad_lines(capsys, data_dir, tmp_path):
    _run(capsys, "glossary", "add", "KTT", "summit", "--data-dir", data_dir)
    path = tmp_path / "terms.csv"
    path.write_text("source,target\nDubes,Ambassador\n!!,bang\nKTT,talks\nKTT,meeting\n", encoding="utf-8")

    status, out, err = _run(capsys, "glossary", "import", path, "--data-dir", data_dir)

    assert status == EXIT_REFUSED and out == "" and err.count("\n") == 1
    assert f"{path} was not imported, nothing was changed: line 3:" in err and "line 5: 'KTT' is given twice" in err
    assert _listed(capsys, data_dir) == "KTT\tsummit\n"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"source,target\nKTT,\xff\n", "is not UTF-8 text (byte 19 is not)"),
        (b"term,meaning\nKTT,summit\n", "does not start with the header line `source,target`"),
    ],
)
def test_glossary_import_refuses_a_file_it_cannot_read(capsys, data_dir, tmp_path, content, message):
    path = tmp_path / "terms.csv"
    path.write_bytes(content)

    status, _, err = _run(capsys, "glossary", "import", path, "--data-dir", data_dir)

    assert status == EXIT_REFUSED and message in err and "Traceback" not in err
    assert _listed(capsys, data_dir) == ""


def test_glossary_import_replace_makes_the_file_the_whole_glossary(capsys, data_dir, tmp_path):
    _run(capsys, "glossary", "add", "KTT", "summit", "--data-dir", data_dir)
    path = tmp_path / "terms.csv"
    path.write_text("source,target\nDubes,Ambassador\n", encoding="utf-8")

    status, _, _ = _run(capsys, "glossary", "import", "--replace", path, "--data-dir", data_dir)

    assert status == EXIT_OK and _listed(capsys, data_dir) == "Dubes\tAmbassador\n"


def test_glossary_without_a_command_shows_usage(capsys, data_dir):
    assert _run(capsys, "glossary", "--data-dir", data_dir)[0] == EXIT_USAGE


def test_translate_uses_the_glossary_and_a_change_translates_again(capsys, data_dir, sample_path, installed_package):
    _run(capsys, "glossary", "add", "KTT", "summit", "--data-dir", data_dir)

    status, out, _ = _run(capsys, "translate", sample_path, "--data-dir", data_dir)

    assert status == EXIT_OK
    pairs = [block.split("\n") for block in out.strip().split("\n\n")]
    with_ktt = [(original, english) for original, english in pairs if "KTT" in original]
    assert with_ktt and all(english.lower().count("summit") == original.count("KTT") for original, english in with_ktt)

    _run(capsys, "glossary", "add", "KTT", "summit meeting", "--data-dir", data_dir)
    status, out, _ = _run(capsys, "translate", sample_path, "--data-dir", data_dir)
    assert out.lower().count("summit meeting") == sum(original.count("KTT") for original, _ in pairs)
    store = open_store(data_dir)
    try:
        assert [(e.source, e.target) for e in store.glossary().entries] == [("KTT", "summit meeting")]
    finally:
        store.close()
