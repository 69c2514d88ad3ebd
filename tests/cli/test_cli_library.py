"""reader-cli library and reader-cli search."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import EXIT_OK, EXIT_USAGE, main
from reader.core.notes.annotations import ORIGINAL, Quote, new_annotation
from reader.core.platform.clock import utc_now
from reader.core.store import open_store
from reader.core.text.document import load_document
from tests.support.sample_notes import annotated_sample

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def library(data_dir, sample_path, tmp_path):
    """The annotated sample, then a second post read later with one note: (sample, other)."""
    store = open_store(data_dir)
    try:
        sample, _ = annotated_sample(store)
        other_path = tmp_path / "pasar\tbaru.txt"  # a tab in a field cannot split the line
        other_path.write_text(
            "Pasar Baru\n\nHarga beras naik di pasar induk minggu ini, kata pedagang.", encoding="utf-8"
        )
        other = load_document(other_path)
        store.record_document(other)
        store.add_annotation(
            new_annotation(
                Quote(other, ORIGINAL, 0, 0, 16),
                color="green",
                now=utc_now(),
                note="baris satu\nbaris dua \x1b[31mmerah\x1b[0m",
                tags=["pasar"],
            )
        )
        return sample, other
    finally:
        store.close()


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_library_lists_each_post_read_with_id_title_date_source_and_notes_most_recent_first(capsys, data_dir, library):
    sample, other = library
    status, out, err = _run(capsys, "library", "--data-dir", data_dir)
    assert status == EXIT_OK and err == ""
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines == [
        [other.id, "Pasar Baru", "-", other.source.replace("\t", "\\x09"), "1"],
        [sample.id, sample.title, sample.date.isoformat(), sample.source, "8"],
    ]


def test_an_id_from_the_library_picks_the_post_to_export(capsys, data_dir, library):
    _, other = library
    _, out, _ = _run(capsys, "library", "--data-dir", data_dir)
    first_id = out.splitlines()[0].split("\t")[0]
    status, exported, err = _run(capsys, "export", "--format", "json", "--document", first_id, "--data-dir", data_dir)
    assert status == EXIT_OK
    assert other.id in exported and "baris satu" in exported


def test_library_as_json(capsys, data_dir, library):
    sample, other = library
    status, out, _ = _run(capsys, "library", "--format", "json", "--data-dir", data_dir)
    rows = json.loads(out)
    assert status == EXIT_OK and [row["id"] for row in rows] == [other.id, sample.id]
    assert rows[1] == rows[1] | {"title": sample.title, "date": sample.date.isoformat(), "notes": 8}


def test_an_empty_library_prints_nothing_and_says_so(capsys, data_dir):
    status, out, err = _run(capsys, "library", "--data-dir", data_dir)
    assert (status, out) == (EXIT_OK, "") and "No posts read yet" in err


def test_search_prints_quote_note_and_post_of_each_note_found_as_the_panel_finds_them(capsys, data_dir, library):
    _, other = library
    status, out, err = _run(capsys, "search", "pasar", "bar", "--data-dir", data_dir)
    assert status == EXIT_OK and "1 note found" in err
    assert out.splitlines() == [
        "“Harga beras naik”",
        "    baris satu",
        "    baris dua \\x1b[31mmerah\\x1b[0m",  # a terminal's escape sequence is shown, not obeyed
        "    #pasar",
        f"  — Pasar Baru ({other.id})",
    ]
    store = open_store(data_dir)
    expected = [hit.annotation.id for hit in store.search_annotations("pasar bar")]
    store.close()
    _, out, _ = _run(capsys, "search", "pasar", "bar", "--format", "json", "--data-dir", data_dir)
    assert [row["id"] for row in json.loads(out)] == expected


def test_search_takes_any_words_and_finds_nothing_quietly_when_nothing_matches(capsys, data_dir, library):
    for words in (['"', "AND", "(", "*"], ["(", "beras"], ["\udcff"], ["zzz"], ["--", "-x"]):
        status, out, err = _run(capsys, "search", "--data-dir", data_dir, *words)
        assert status == EXIT_OK, words
        assert "Traceback" not in err
    status, out, err = _run(capsys, "search", "--data-dir", data_dir, "(", "beras")
    assert "Harga beras naik" in out


def test_search_needs_a_word_and_a_positive_limit(capsys, data_dir):
    for argv in (["search"], ["search", "beras", "--limit", "0"], ["search", "beras", "--limit", "x"]):
        with pytest.raises(SystemExit) as exit:
            main([*argv, "--data-dir", str(data_dir)])
        assert exit.value.code == EXIT_USAGE, argv
    capsys.readouterr()


def test_search_from_a_shell_with_undecodable_bytes_exits_0_without_a_traceback(data_dir, library):
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"reader.cli", b"--data-dir", bytes(data_dir), b"search", b"beras\xff"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
