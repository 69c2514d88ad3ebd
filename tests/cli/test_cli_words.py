"""reader-cli dict install|list|remove, lookup, vocab list|export|add|remove."""

import json

import pytest

from reader.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from reader.core.words.dictionaries import app_dictionaries_dir
from tests.support.stardict_builder import build_dictionary

WORDS = {"baik": "good; fine", "sepakat": "to agree", "KTT": "summit"}


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def source(tmp_path):
    return build_dictionary(tmp_path / "src", WORDS, compress=True)


@pytest.fixture
def installed(capsys, data_dir, source):
    status, _, err = _run(capsys, "dict", "install", source, "--data-dir", data_dir)
    assert status == EXIT_OK, err
    return data_dir


def test_dict_install_of_a_one_word_dictionary_says_word(capsys, data_dir, tmp_path):
    status, _, err = _run(capsys, "dict", "install", build_dictionary(tmp_path / "one", {"baik": "good"}), "--data-dir", data_dir)

    assert status == EXIT_OK and err.startswith("Installed Kamus Uji (1 word) in ")


def test_dict_install_list_remove(capsys, data_dir, source):
    status, out, err = _run(capsys, "--data-dir", data_dir, "dict", "install", source)
    assert status == EXIT_OK and out == ""
    assert err == f"Installed Kamus Uji (3 words) in {app_dictionaries_dir(data_dir) / 'kamus'}\n"

    status, out, _ = _run(capsys, "--data-dir", data_dir, "dict", "list")
    assert out == f"kamus\t3\tKamus Uji\t{app_dictionaries_dir(data_dir) / 'kamus' / 'kamus.ifo'}\n"

    status, _, err = _run(capsys, "--data-dir", data_dir, "dict", "remove", "Kamus Uji")
    assert status == EXIT_OK and err.startswith("Removed Kamus Uji")
    status, out, err = _run(capsys, "--data-dir", data_dir, "dict", "list")
    assert (status, out, err) == (EXIT_OK, "", "No dictionaries installed.\n")


def test_dict_install_refuses_a_bad_file_in_one_line(capsys, data_dir, tmp_path, source):
    (tmp_path / "src" / "kamus.idx").write_bytes(b"garbage")

    status, out, err = _run(capsys, "--data-dir", data_dir, "dict", "install", source)

    assert status == EXIT_REFUSED and out == "" and "Traceback" not in err
    assert err.startswith("reader-cli: kamus.ifo is not a usable StarDict dictionary: kamus.idx holds 7 bytes")
    assert err.endswith("Nothing was installed.\n") and err.count("\n") == 1
    assert not any(app_dictionaries_dir(data_dir).iterdir())


def test_dict_remove_refuses_an_unknown_name(capsys, installed):
    status, _, err = _run(capsys, "dict", "remove", "oxford", "--data-dir", installed)

    assert status == EXIT_REFUSED
    assert err == "reader-cli: No dictionary is called 'oxford' ('kamus').\n"


def test_lookup_prints_the_root_s_entries(capsys, installed):
    status, out, err = _run(capsys, "lookup", "memperbaiki", "--data-dir", installed)

    assert (status, err) == (EXIT_OK, "")
    assert out == "baik (root of memperbaiki) — Kamus Uji\n    good; fine\n"


def test_lookup_as_json(capsys, installed):
    status, out, _ = _run(capsys, "lookup", "Kesepakatan", "--format", "json", "--data-dir", installed)

    assert status == EXIT_OK
    assert json.loads(out) == {
        "word": "Kesepakatan",
        "root": "sepakat",
        "entries": [{"form": "root", "dictionary": "Kamus Uji", "headword": "sepakat", "definition": "to agree"}],
    }


def test_lookup_of_an_unknown_word_and_without_dictionaries(capsys, installed, tmp_path):
    status, out, err = _run(capsys, "lookup", "mobil", "--data-dir", installed)
    assert (status, out) == (EXIT_REFUSED, "")
    assert err == "reader-cli: 'mobil' is not in the dictionary (Kamus Uji)\n"

    status, _, err = _run(capsys, "lookup", "baik", "--data-dir", tmp_path / "empty")
    assert status == EXIT_REFUSED and "no dictionaries installed" in err


def test_lookup_names_a_damaged_dictionary_and_answers_from_the_others(capsys, caplog, installed, tmp_path, monkeypatch):
    bad = build_dictionary(tmp_path / "shared", {"baik": "good " * 40}, stem="rusak", name="Rusak")
    bad.with_name("rusak.dict").write_bytes(b"short")
    monkeypatch.setenv("BACA_STARDICT_DIRS", str(tmp_path / "shared"))

    status, out, err = _run(capsys, "lookup", "baik", "--data-dir", installed)

    assert (status, out) == (EXIT_OK, "baik — Kamus Uji\n    good; fine\n")
    assert "rusak.ifo is not a usable StarDict dictionary: the entry 'baik' points past the end" in caplog.text


def test_vocab_export_to_a_missing_folder_is_refused_with_a_message(capsys, installed, tmp_path):
    _run(capsys, "vocab", "add", "baik", "--data-dir", installed)
    target = tmp_path / "no-such-folder" / "cards.txt"

    status, _, err = _run(capsys, "vocab", "export", "--format", "anki-tsv", "-o", target, "--data-dir", installed)

    assert status == EXIT_REFUSED
    assert err == f"reader-cli: Cannot write {str(target)!r}: No such file or directory.\n"
    assert not target.parent.exists()


@pytest.mark.parametrize("text", ["...", "—", " "])
def test_lookup_of_punctuation_says_there_is_no_word(capsys, installed, text):
    status, out, err = _run(capsys, "lookup", text, "--data-dir", installed)

    assert (status, out) == (EXIT_REFUSED, "")
    assert err == f"reader-cli: {text!r} holds no word to look up\n"


def test_vocab_add_list_export_remove(capsys, installed, tmp_path):
    status, _, err = _run(
        capsys, "vocab", "add", "memperbaiki", "--sentence", "Kami memperbaiki jalan.",
        "--translation", "We repair the road.", "--tag", "verb", "--data-dir", installed,
    )  # fmt: skip
    assert (status, err) == (EXIT_OK, "Kept memperbaiki as number 1\n")

    status, out, _ = _run(capsys, "vocab", "list", "--data-dir", installed)
    assert out == "1\tmemperbaiki\tbaik\tgood; fine\t\n"

    target = tmp_path / "cards.txt"
    status, out, err = _run(capsys, "vocab", "export", "--format", "anki-tsv", "-o", target, "--data-dir", installed)
    assert (status, out, err) == (EXIT_OK, "", f"Exported 1 word to {target}\n")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#separator:tab"
    assert lines[4].split("\t") == [
        "memperbaiki", "good; fine<br><i>root:</i> baik",
        "Kami <b>memperbaiki</b> jalan.<br><i>We repair the road.</i>", "baca verb",
    ]  # fmt: skip

    status, out, _ = _run(capsys, "vocab", "export", "--format", "md", "--data-dir", installed)
    assert out.startswith("# Vocabulary\n\n- **memperbaiki** (root: *baik*): good; fine\n")

    status, _, _ = _run(capsys, "vocab", "remove", "1", "--data-dir", installed)
    status, out, err = _run(capsys, "vocab", "list", "--data-dir", installed)
    assert (status, out, err) == (EXIT_OK, "", "The vocabulary list is empty.\n")


def test_vocab_remove_refuses_an_unknown_number(capsys, data_dir):
    status, _, err = _run(capsys, "vocab", "remove", "7", "--data-dir", data_dir)

    assert status == EXIT_REFUSED and err == "reader-cli: The vocabulary list has no word number 7.\n"


def test_word_commands_without_a_subcommand_print_usage(capsys, data_dir):
    for command in ("dict", "vocab"):
        status, _, err = _run(capsys, command, "--data-dir", data_dir)
        assert status == EXIT_USAGE and "a command is required" in err
