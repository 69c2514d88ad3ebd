"""reader-cli translate gives the reader's corrections beside the machine's translation."""

import json

from reader.cli import EXIT_OK, main
from reader.core.store import open_store
from reader.core.text.document import load_document
from reader.core.translate.corrections import EDITED, MACHINE, edit


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_translate_json_gives_per_sentence_the_shown_and_machine_translations_and_the_state(
    capsys, data_dir, sample_path, installed_package
):
    status, first, _ = _run(capsys, "translate", sample_path, "--format", "json", "--data-dir", data_dir)
    assert status == EXIT_OK
    before = json.loads(first)
    machine = before["blocks"][3]["sentences"][1]
    assert machine["translation"] == machine["machine_translation"] and machine["state"] == MACHINE
    document = load_document(sample_path)
    store = open_store(data_dir)
    correction = edit(
        None, document.id, (3, 1), machine["text"], machine["translation"], before["model"], "The reader's words.", "t"
    )
    store.save_correction((3, 1), document.id, correction)
    store.close()

    status, out, _ = _run(capsys, "translate", sample_path, "--format", "json", "--data-dir", data_dir)

    block = json.loads(out)["blocks"][3]
    edited = block["sentences"][1]
    assert (edited["translation"], edited["machine_translation"], edited["state"]) == (
        "The reader's words.", machine["translation"], EDITED
    )
    assert block["sentences"][0]["state"] == MACHINE
    assert block["translation"].endswith(" The reader's words.")
    status, text, _ = _run(capsys, "translate", sample_path, "--data-dir", data_dir)
    assert "The reader's words." in text
