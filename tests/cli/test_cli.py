"""reader-cli translate and models: output, exit statuses, what gets recorded."""

import json
import subprocess
import sys
from pathlib import Path

from reader.cli import EXIT_NO_MODEL, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from reader.core.text.document import load_document
from reader.core.translate.packages import installed_packages
from reader.core.store import open_store

ROOT = Path(__file__).resolve().parents[2]


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_translate_prints_the_title_and_each_block_with_its_translation_and_a_blank_line(
    capsys, data_dir, sample_path, installed_package
):
    status, out, err = _run(capsys, "--data-dir", data_dir, "translate", sample_path)
    assert status == EXIT_OK
    document = load_document(sample_path)
    title, *chunks = out.split("\n\n")
    assert chunks[-1] == ""
    assert len(chunks) - 1 == len(document.blocks)
    # The headline first, as the window shows it: the gloss model makes "KTT Jenewa" "KTT Geneva".
    original, translation = title.split("\n")
    assert original == document.title and translation.endswith("KTT Geneva")
    for block, chunk in zip(document.blocks, chunks):
        original, translation = chunk.split("\n")
        assert original == block.text
        assert translation  # the gloss model changes some words and copies the rest
    assert "Russia" in out and "Translated 28 paragraphs" in err


def test_translate_json_holds_the_document_model_and_sentence_pairs(capsys, data_dir, sample_path, installed_package):
    status, out, _err = _run(capsys, "translate", sample_path, "--format", "json", "--data-dir", data_dir)
    assert status == EXIT_OK
    result = json.loads(out)
    document = load_document(sample_path)
    assert set(result) == {"id", "content_id", "title", "title_translation", "title_sentences", "date", "model", "blocks"}
    assert result["title_translation"] == " ".join(s["translation"] for s in result["title_sentences"])
    assert result["title_translation"].endswith("KTT Geneva")
    assert [s["text"] for s in result["title_sentences"]] == [document.title]
    assert (result["id"], result["content_id"], result["title"], result["date"]) == (
        document.id,
        document.content_id,
        document.title,
        "2021-07-13",
    )
    assert result["model"].startswith("sha256:")
    assert len(result["blocks"]) == len(document.blocks)
    for block, data in zip(document.blocks, result["blocks"]):
        assert data["kind"] == block.kind and data["text"] == block.text
        assert [(s["start"], s["end"], s["text"]) for s in data["sentences"]] == [
            (s.start, s.end, s.text) for s in block.sentences
        ]
        assert data["translation"] == " ".join(s["translation"] for s in data["sentences"])


def test_a_second_translation_of_the_same_post_comes_from_the_cache(capsys, data_dir, sample_path, installed_package, monkeypatch):
    assert _run(capsys, "--data-dir", data_dir, "translate", sample_path)[0] == EXIT_OK
    from reader.core.translate import translation

    def no_model(self, sentences):
        raise AssertionError("the model was called for a cached post")

    monkeypatch.setattr(translation.Translator, "translate", no_model)
    monkeypatch.setattr(translation.Translator, "load", no_model)
    status, out, _err = _run(capsys, "--data-dir", data_dir, "translate", sample_path)
    assert status == EXIT_OK and "Russia" in out


def test_without_a_model_translate_exits_3_and_still_records_the_post(capsys, data_dir, sample_path):
    status, out, err = _run(capsys, "--data-dir", data_dir, "translate", sample_path)
    assert status == EXIT_NO_MODEL and out == ""
    assert err.count("\n") == 1 and "models install" in err and "Traceback" not in err
    store = open_store(data_dir)
    assert [entry.source for entry in store.library()] == [str(sample_path.resolve())]


def test_a_bad_file_is_refused_with_one_line_and_exit_1(capsys, data_dir, tmp_path):
    binary = tmp_path / "foto.txt"
    binary.write_bytes(b"\x00\x01\x02PNG" * 40)
    status, out, err = _run(capsys, "--data-dir", data_dir, "translate", binary)
    assert status == EXIT_REFUSED and out == ""
    assert err.count("\n") == 1 and str(binary) in err and "Traceback" not in err
    status, _out, err = _run(capsys, "--data-dir", data_dir, "translate", tmp_path / "tidak-ada.txt")
    assert status == EXIT_REFUSED and "tidak-ada.txt" in err


def test_usage_errors_exit_2(capsys, data_dir):
    for argv in ([], ["translate"], ["models"], ["translate", "x.txt", "--format", "pdf"], ["nonsense"]):
        try:
            status = main(argv)
        except SystemExit as exit:
            status = exit.code
        assert status == EXIT_USAGE, argv
    capsys.readouterr()


def test_models_install_then_list_is_sorted_and_stable(capsys, data_dir, argos_package_files):
    for kind in ("sentencepiece", "bpe"):
        status, _out, err = _run(capsys, "models", "install", argos_package_files[kind], "--data-dir", data_dir)
        assert status == EXIT_OK and "Installed" in err
    status, first, _err = _run(capsys, "--data-dir", data_dir, "models", "list")
    status, second, _err = _run(capsys, "models", "list", "--data-dir", data_dir)
    assert status == EXIT_OK and first == second
    lines = first.splitlines()
    assert len(lines) == 2 and lines == sorted(lines, key=lambda line: line.split("\t")[2])
    assert all(line.startswith("id->en\t1.0\t") for line in lines)


def test_models_install_refuses_a_bad_package_and_writes_nothing(capsys, data_dir, tmp_path):
    bad = tmp_path / "rusak.argosmodel"
    bad.write_bytes(b"not a zip at all")
    status, _out, err = _run(capsys, "--data-dir", data_dir, "models", "install", bad)
    assert status == EXIT_REFUSED and bad.name in err and "Nothing was installed" in err and "Traceback" not in err
    assert installed_packages(data_dir) == []
    packages = data_dir / "packages"
    assert not packages.exists() or list(packages.iterdir()) == []


def test_reader_cli_runs_as_a_program_and_reports_through_its_exit_status(data_dir, sample_path):
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), "translate", str(sample_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == EXIT_NO_MODEL
    assert result.stderr.startswith("reader-cli: ") and "Traceback" not in result.stderr


def test_translate_json_gives_each_sentence_its_confidence_and_doubtful_words(capsys, data_dir, tmp_path):
    from reader.core.translate.packages import install_package_file
    from tests.support.argos_package import GLOSS, build_package
    from tests.support.fixtures import DOUBTS

    install_package_file(build_package(tmp_path, swaps=GLOSS, doubts=DOUBTS), data_dir)
    post = tmp_path / "post.txt"
    post.write_text("Dialog\n\nKami percaya pada dialog. Rusia tidak percaya.\n\nLihat https://contoh.id/a_b", encoding="utf-8")

    status, out, _err = _run(capsys, "translate", post, "--format", "json", "--data-dir", data_dir)

    assert status == EXIT_OK
    result = json.loads(out)
    sentences = [s for block in result["blocks"] for s in block["sentences"]]
    unsure, sure, link = sentences  # the first line is the title
    [title] = result["title_sentences"]  # "Dialog", which the model doubts too
    assert title["text"] == "Dialog" and 0 < title["confidence"] < 1
    assert title == {**title, "start": 0, "end": 6, "machine_translation": title["translation"], "state": "machine"}
    assert [unsure["translation"][a:b] for a, b in unsure["doubtful"]] in (["talks"], ["dialogue"], ["discussion"])
    assert 0 < unsure["confidence"] < sure["confidence"] <= 1 and sure["doubtful"] == []
    assert link == {**link, "translation": "Lihat https://contoh.id/a_b", "doubtful": []}


def test_translate_json_scores_translations_cached_before_scores_were_kept(capsys, data_dir, tmp_path):
    from reader.core.translate.packages import install_package_file
    from tests.support.argos_package import GLOSS, build_package
    from tests.support.fixtures import DOUBTS

    install_package_file(build_package(tmp_path, swaps=GLOSS, doubts=DOUBTS), data_dir)
    post = tmp_path / "post.txt"
    post.write_text("Kami percaya pada dialog.", encoding="utf-8")
    assert _run(capsys, "translate", post, "--data-dir", data_dir)[0] == EXIT_OK
    store = open_store(data_dir)
    store.db.execute("UPDATE translations SET confidence = NULL, scores = NULL")  # as an older Baca left it
    store.db.conn.commit()
    store.close()
    (data_dir / "settings.ini").write_text("[confidence]\ndoubtThreshold=-2.5\n", encoding="utf-8")

    status, out, _err = _run(capsys, "translate", post, "--format", "json", "--data-dir", data_dir)

    [sentence] = json.loads(out)["blocks"][0]["sentences"]
    assert status == EXIT_OK and 0 < sentence["confidence"] < 0.97
    assert sentence["doubtful"] == []  # ln 1/3 is above the threshold set
    store = open_store(data_dir)
    # The sentence and the title (the file's name, "post"), each scored once and kept.
    assert store.db.execute("SELECT count(*) FROM translations WHERE scores IS NOT NULL").fetchone()[0] == 2
    store.close()
