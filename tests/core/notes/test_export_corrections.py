"""Every export carries the reader's corrections; the JSON backup brings them back."""

import csv
import io
import json

import pytest

from reader.core.errors import NotesFileError
from reader.core.notes.annotations import Quote, new_annotation
from reader.core.notes.columns import TRANSLATION
from reader.core.notes.export import collect_notes, export_csv, export_html, export_json, export_markdown
from reader.core.notes.importer import import_notes
from reader.core.notes.w3c_json import dumps
from reader.core.store import open_store
from reader.core.text.document import load_document
from reader.core.translate.corrections import CHECKED, EDITED, edit, toggle_checked
from reader.core.translate.reading import translate_document

BLOCK = 3
EDIT = "Speaking of the Geneva summit, Antonov said the mood was calm."


@pytest.fixture
def corrected(data_dir, sample_path, tiny_translator):
    """The sample with its first sentence of block 3 edited, its second checked, and a highlight on the edit."""
    store = open_store(data_dir)
    document = load_document(sample_path)
    store.record_document(document)
    machine = translate_document(document, tiny_translator, store)
    model = tiny_translator.identity
    sentences = document.blocks[BLOCK].sentences
    first = edit(None, document.id, (BLOCK, 0), sentences[0].text, machine[BLOCK][0], model, EDIT, "2026-01-02T00:00:00.000Z")
    second = toggle_checked(None, document.id, (BLOCK, 1), sentences[1].text, machine[BLOCK][1], model, "2026-01-02T00:00:01.000Z")
    store.save_corrections([first, second])
    shown = [EDIT, machine[BLOCK][1]]
    quote = Quote(document, TRANSLATION, BLOCK, 0, len("Speaking of the Geneva summit"), translations=shown, model=model)
    annotation = new_annotation(quote, color="green", now="2026-01-02T00:00:02.000Z", note="my wording")
    store.add_annotation(annotation)
    yield store, document, machine[BLOCK], annotation
    store.close()


def test_markdown_gives_the_state_and_both_texts_of_an_edited_sentence_with_its_model(corrected):
    store, _document, machine, _annotation = corrected
    (group,) = collect_notes(store, model_names={store_model(store): "Indonesian → English 1.9"})

    text = export_markdown([group])

    assert "> Speaking of the Geneva summit" in text
    assert "Translation: edited" in text
    assert f"Edited translation: {EDIT}" in text
    assert f"Machine translation (Indonesian → English 1.9 (model sha256:" in text
    assert machine[0] in text.replace("\\", "")


def test_csv_has_the_state_edited_and_machine_texts_and_the_model(corrected):
    store, _document, machine, _annotation = corrected
    (group,) = collect_notes(store)

    (row,) = list(csv.DictReader(io.StringIO(export_csv([group]), newline="")))

    assert row["Translation State"] == EDITED
    assert row["Edited Translation"] == EDIT and row["Machine Translation"] == machine[0]
    assert row["Model"] == store_model(store)


def test_the_html_page_shows_the_edit_in_the_text_and_each_corrected_sentences_state(corrected):
    store, _document, machine, _annotation = corrected
    (group,) = collect_notes(store)

    page = export_html([group])

    assert f"<mark class=\"c-green\">Speaking of the Geneva summit</mark>" in page
    assert "Sentence 1: edited</span> · machine translation by the model sha256:" in page
    assert "Sentence 2: checked" in page
    assert "translation: edited" in page


def test_the_json_backup_carries_corrections_and_restores_them_into_an_empty_library(corrected, tmp_path):
    store, document, _machine, annotation = corrected
    (group,) = collect_notes(store)
    collection = export_json([group])
    (record,) = collection["baca:documents"]
    assert [(c["block"], c["sentence"], c["state"]) for c in record["corrections"]] == [(BLOCK, 0, EDITED), (BLOCK, 1, CHECKED)]
    (item,) = collection["first"]["items"]
    target = item["target"]["baca:document"]
    assert target["translation_state"] == EDITED
    assert target["corrections"][0]["edited"] == EDIT and target["corrections"][0]["model"] == store_model(store)

    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    fresh = open_store(fresh_dir)
    report = import_notes(fresh, dumps(collection).encode("utf-8"))

    assert report.added == 1 and report.detached == 0 and report.unchecked == 0
    assert report.corrections == 2 and "Restored 2 corrected translations." in report.summary()
    assert fresh.corrections_for(document.id) == store.corrections_for(document.id)
    restored = fresh.annotation(annotation.id)
    assert (restored.start, restored.end, restored.exact, restored.status) == (
        annotation.start, annotation.end, annotation.exact, annotation.status
    )
    again = import_notes(fresh, dumps(collection).encode("utf-8"))
    assert again.corrections == 0 and len(fresh.corrections_for(document.id)) == 2
    fresh.close()


def test_a_backup_whose_correction_is_not_the_posts_sentence_is_refused_and_nothing_imported(corrected, tmp_path):
    store, document, _machine, _annotation = corrected
    (group,) = collect_notes(store)
    collection = export_json([group])
    collection["baca:documents"][0]["corrections"][0]["source"] = "Kalimat lain."
    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    fresh = open_store(fresh_dir)

    with pytest.raises(NotesFileError, match="correction 1: its source is not the post's sentence there"):
        import_notes(fresh, dumps(collection).encode("utf-8"))

    assert fresh.library() == [] and fresh.corrections_for(document.id) == []
    collection["baca:documents"][0]["corrections"][0]["source"] = document.blocks[BLOCK].sentences[0].text
    collection["baca:documents"][0]["corrections"][0]["state"] = "perfect"
    with pytest.raises(NotesFileError, match="a state of edited, checked, review"):
        import_notes(fresh, json.dumps(collection).encode("utf-8"))
    fresh.close()


def store_model(store) -> str:
    (correction, *_rest) = store.corrections_for(store.library()[0].id)
    return correction.model
