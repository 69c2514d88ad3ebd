"""File > Export Notes… and Import Notes… in the real window."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reader.core.platform.resources import SAMPLE_SOURCE
from reader.core.notes.columns import ORIGINAL
from reader.ui.annotation_editor import Edit
from reader.core.session import TranslationState


def _open_sample(qtbot, window):
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None and window.document.source == SAMPLE_SOURCE, timeout=5000)
    return window.document


def _annotate(qtbot, window, block, start, end, key, note="", tags=()):
    first, _ = window.view.cell_range(block, ORIGINAL)
    window.view.select_range(first + start, first + end)
    window.view.setFocus()
    qtbot.keyClick(window.view, key)
    newest = max(window.store.annotations_for(window.document.id), key=lambda a: (a.created, a.id))
    if note or tags:
        window.annotations.apply_edit(newest.id, Edit(newest.color, note, tuple(tags)))
    return window.store.annotation(newest.id)


def _visible_box(window, name):
    return next((b for b in window.findChildren(QMessageBox) if b.isVisible() and b.objectName() == name), None)


def test_export_dialog_writes_the_chosen_notes_in_the_chosen_format(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    document = _open_sample(qtbot, window)
    kept = _annotate(qtbot, window, 2, 0, 30, Qt.Key.Key_1, note="Catatan *penting*, dengan \"kutip\"", tags=["diplomasi"])
    _annotate(qtbot, window, 4, 0, 20, Qt.Key.Key_2)
    dialog = window.export_notes()
    assert dialog.count.text() == "2 notes to export"
    dialog.color.setCurrentIndex(dialog.color.findData("yellow"))
    assert dialog.count.text() == "1 note to export"
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    target = tmp_path / "catatan"
    dialog.export_to(target)
    written = target.with_suffix(".json")
    data = json.loads(written.read_text(encoding="utf-8"))
    items = data["first"]["items"]
    assert [item["id"] for item in items] == [f"urn:uuid:{kept.id}"]
    assert window.statusBar().currentMessage() == f"Exported 1 note to {written}"
    again = window.export_notes()
    assert again.format.currentData() == "json"  # remembered
    again.reject()
    assert document.title in written.read_text(encoding="utf-8")


def test_the_suggested_file_name_is_the_title_cut_at_a_word(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open_sample(qtbot, window)
    assert len(document.title) > 60
    dialog = window.export_notes()
    name = dialog.suggested_name()
    assert name == "Dubes Rusia untuk AS - Rusia tidak memiliki ilusi tentang.md"
    assert document.title.startswith(name.removesuffix(".md") + " ")
    dialog.reject()


def test_export_dialog_offers_all_posts_and_disables_export_without_notes(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    dialog = window.export_notes()
    assert dialog.count.text() == "0 notes to export" and not dialog.export_button.isEnabled()
    dialog.all_documents.setChecked(True)
    assert dialog.suggested_name() == "Baca notes.md"
    dialog.reject()


def test_notes_exported_as_json_import_into_a_fresh_data_folder(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    made = [
        _annotate(qtbot, window, 3, 5, 40, Qt.Key.Key_3, note="baris satu\nbaris dua 🙂", tags=["a", "b"]),
        _annotate(qtbot, window, 7, 0, 12, Qt.Key.Key_5),
    ]
    dialog = window.export_notes()
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    exported = tmp_path / "backup.json"
    dialog.export_to(exported)

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    other = make_window(fresh)
    _open_sample(qtbot, other)
    other.import_notes(exported)
    qtbot.waitUntil(lambda: _visible_box(other, "importReport") is not None, timeout=2000)
    box = _visible_box(other, "importReport")
    assert "2" in box.text()
    box.accept()
    assert sorted(other.store.annotations_for(other.document.id), key=lambda a: a.id) == sorted(made, key=lambda a: a.id)
    assert other.notes.model.rowCount() == 2
    assert all(other.view.highlights.range_of(a) is not None for a in made)
    other.import_notes(exported)  # the same file again adds nothing
    qtbot.waitUntil(lambda: _visible_box(other, "importReport") is not None, timeout=2000)
    _visible_box(other, "importReport").accept()
    assert len(other.store.annotations_for(other.document.id)) == 2


def test_importing_a_malformed_file_says_what_is_wrong_and_changes_nothing(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    _annotate(qtbot, window, 2, 0, 10, Qt.Key.Key_1)
    bad = tmp_path / "rusak.json"
    bad.write_text('{"type": "AnnotationCollection", "first": {"items": [{"type": "Annotation"', encoding="utf-8")
    window.import_notes(bad)
    qtbot.waitUntil(lambda: _visible_box(window, "errorBox") is not None, timeout=2000)
    box = _visible_box(window, "errorBox")
    assert "rusak.json" in box.text() and "Traceback" not in box.text()
    box.accept()
    assert len(window.store.annotations_for(window.document.id)) == 1


def test_a_json_backup_restores_the_post_into_a_window_on_an_empty_folder(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    document = _open_sample(qtbot, window)
    made = _annotate(qtbot, window, 3, 5, 40, Qt.Key.Key_3, note="dicadangkan")
    dialog = window.export_notes()
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    exported = tmp_path / "backup.json"
    dialog.export_to(exported)

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    other = make_window(fresh)
    other.show()
    other.import_notes(exported)  # nothing open, nothing in its library
    qtbot.waitUntil(lambda: _visible_box(other, "importReport") is not None, timeout=2000)
    box = _visible_box(other, "importReport")
    assert box.text().startswith("Restored 1 post to the library") and box.icon() == QMessageBox.Icon.Information
    box.accept()
    assert other.store.annotations_for(document.id) == [made]
    assert other.store.document_snapshot(document.id) == window.store.document_snapshot(document.id)


def test_a_file_of_which_nothing_can_be_imported_is_a_warning(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    window.show()
    item = {
        "type": "Annotation",
        "target": {"source": "https://elsewhere.example/post", "selector": {"type": "TextQuoteSelector", "exact": "x"}},
    }
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    window.import_notes(path)
    qtbot.waitUntil(lambda: _visible_box(window, "importReport") is not None, timeout=2000)
    box = _visible_box(window, "importReport")
    assert box.icon() == QMessageBox.Icon.Warning and "Not imported: 1 annotation" in box.text()
    box.accept()


def test_the_html_export_names_the_model_by_its_name_version_and_hash(
    qtbot, make_window, data_dir, tmp_path, installed_package
):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)
    _annotate(qtbot, window, 2, 0, 30, Qt.Key.Key_1, note="**Cek** ini")
    dialog = window.export_notes()
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    target = tmp_path / "catatan.html"
    dialog.export_to(target)
    page = target.read_text(encoding="utf-8")
    identity = window.translation.model_identity
    assert identity.startswith("sha256:")
    assert f"translated by {installed_package.label} (model {identity[:19]})" in page
    assert "<strong>Cek</strong> ini" in page
