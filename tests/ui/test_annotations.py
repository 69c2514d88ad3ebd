"""Highlights and notes in the real window: create, edit, undo, reopen, filter, search."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from reader.core.notes.annotations import DETACHED, MOVED
from reader.core.platform.resources import SAMPLE_SOURCE
from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.ui.annotation_editor import Edit
from reader.ui.colors import highlight_color
from reader.core.session import TranslationState


def _open(qtbot, window, path=None):
    window.show()
    if path is None:
        window.open_sample()
    else:
        window.open_path(path)
    source = SAMPLE_SOURCE if path is None else str(path.resolve())
    qtbot.waitUntil(lambda: window.document is not None and window.document.source == source, timeout=5000)
    return window.document


def _select(window, block, column, start, end):
    first, _last = window.view.cell_range(block, column)
    window.view.select_range(first + start, first + end)


def _highlight(qtbot, window, key=Qt.Key.Key_1):
    window.view.setFocus()
    qtbot.keyClick(window.view, key)


def _background_at(view, position):
    cursor = QTextCursor(view.document())
    cursor.setPosition(position + 1)
    return cursor.charFormat().background().color()


def _text_between(view, start, end):
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def test_a_highlight_with_its_note_and_tags_comes_back_in_a_new_window(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    block = 5
    sentence = document.blocks[block].sentences[0]
    _select(window, block, ORIGINAL, sentence.start, sentence.end)
    _highlight(qtbot, window, Qt.Key.Key_2)  # green
    (annotation,) = window.store.annotations_for(document.id)
    assert (annotation.block, annotation.column, annotation.color) == (block, ORIGINAL, "green")
    assert annotation.exact == sentence.text
    editor = window.annotations.edit(annotation.id)
    qtbot.keyClicks(editor.note, "Baris pertama: **penting**")
    qtbot.keyClick(editor.note, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.note, "- dan satu butir")
    qtbot.keyClicks(editor.tags, "diplomasi, Rusia AS")
    qtbot.mouseClick(editor.color_buttons.button(3), Qt.MouseButton.LeftButton)  # blue
    qtbot.keyClick(editor.tags, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = window.store.annotation(annotation.id)
    assert saved.note == "Baris pertama: **penting**\n- dan satu butir"
    assert saved.tags == ("diplomasi", "Rusia-AS") and saved.color == "blue"
    window.close()

    again = make_window(data_dir)
    _open(qtbot, again)
    (back,) = list(again.session.annotations.values())
    assert back == saved
    where = again.view.highlights.range_of(back)
    assert _text_between(again.view, *where) == sentence.text
    assert _background_at(again.view, where[0]) == highlight_color("blue", again.view.palette())
    assert again.notes.model.rowCount() == 1
    assert "1 highlight in this post" == again.notes.summary.text()


def test_highlighting_the_translation_records_the_model_and_the_original_sentences(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)
    translation = window.session.translation_of(2)
    _select(window, 2, TRANSLATION, 0, len(translation[0]))
    _highlight(qtbot, window, Qt.Key.Key_4)
    (annotation,) = window.store.annotations_for(document.id)
    assert annotation.column == TRANSLATION and annotation.language == "en"
    assert annotation.model == window.translation.model_identity
    assert annotation.exact == translation[0]
    assert annotation.counterpart == document.blocks[2].sentences[0].text
    start, end = window.view.highlights.range_of(annotation)
    assert _background_at(window.view, start) == highlight_color("pink", window.view.palette())


def test_undo_and_redo_cover_create_edit_and_delete(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    _select(window, 3, ORIGINAL, 0, 20)
    _highlight(qtbot, window)
    (created,) = window.store.annotations_for(document.id)
    undo = lambda: qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # noqa: E731
    redo = lambda: qtbot.keyClick(  # noqa: E731
        window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    undo()
    assert window.store.annotations_for(document.id) == [] and list(window.session.annotations.values()) == []
    redo()
    assert window.store.annotations_for(document.id) == [created]
    from reader.ui.annotation_editor import Edit

    window.annotations.apply_edit(created.id, Edit("purple", "catatan", ("a",)))
    assert window.store.annotation(created.id).color == "purple"
    undo()
    assert window.store.annotation(created.id) == created
    redo()
    window.annotations.delete(created.id)
    assert window.store.annotation(created.id) is None
    undo()
    restored = window.store.annotation(created.id)
    assert (restored.color, restored.note, restored.tags) == ("purple", "catatan", ("a",))
    assert list(window.session.annotations.values()) == [restored]


def test_clicking_a_highlight_opens_its_editor_and_delete_removes_it(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    _select(window, 4, ORIGINAL, 10, 60)
    _highlight(qtbot, window)
    (annotation,) = window.store.annotations_for(document.id)
    start, end = window.view.highlights.range_of(annotation)
    window.view.navigator.scroll_to_position(start)
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(start + 5)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.cursorRect(cursor).center())
    qtbot.waitUntil(lambda: window.annotations.editor is not None and window.annotations.editor.isVisible(), timeout=2000)
    qtbot.mouseClick(window.annotations.editor.delete_button, Qt.MouseButton.LeftButton)
    assert window.store.annotations_for(document.id) == []
    assert _background_at(window.view, start) != highlight_color("yellow", window.view.palette())


def test_a_colour_key_with_nothing_selected_hints_in_the_status_bar_without_a_dialog(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    for key in (Qt.Key.Key_1, Qt.Key.Key_6, Qt.Key.Key_N):
        window.statusBar().clearMessage()
        _highlight(qtbot, window, key)
        assert "Select some text" in window.statusBar().currentMessage()
        assert not any(box.isVisible() for box in window.findChildren(QMessageBox))
        assert window.annotations.editor is None
    assert window.store.annotations_for(document.id) == []


def test_cancelling_the_note_dialog_removes_the_highlight_it_created(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    _select(window, 3, ORIGINAL, 0, 20)
    _highlight(qtbot, window)  # an earlier highlight, which Cancel must leave alone
    (kept,) = window.store.annotations_for(document.id)
    _select(window, 5, ORIGINAL, 0, 30)
    _highlight(qtbot, window, Qt.Key.Key_N)
    editor = window.annotations.editor
    qtbot.waitUntil(lambda: editor.isVisible(), timeout=2000)
    assert len(window.store.annotations_for(document.id)) == 2
    qtbot.keyClicks(editor.note, "not this one")
    qtbot.keyClick(editor.note, Qt.Key.Key_Escape)
    assert window.store.annotations_for(document.id) == [kept]
    assert list(window.session.annotations.values()) == [kept]
    assert window.annotations.undo_stack.canRedo() is False  # nothing left to bring it back
    window.annotations.undo_stack.undo()
    assert window.store.annotations_for(document.id) == []


def test_saving_the_note_dialog_keeps_the_highlight_and_its_note(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    _select(window, 5, ORIGINAL, 0, 30)
    _highlight(qtbot, window, Qt.Key.Key_N)
    editor = window.annotations.editor
    qtbot.keyClicks(editor.note, "keep me")
    qtbot.keyClick(editor.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (annotation,) = window.store.annotations_for(document.id)
    assert annotation.note == "keep me"


def test_an_empty_or_two_paragraph_selection_is_refused_and_nothing_is_saved(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    first, _ = window.view.cell_range(3, ORIGINAL)
    _last, end = window.view.cell_range(4, ORIGINAL)
    window.view.select_range(first + 2, end - 2)
    _highlight(qtbot, window)
    assert "within one paragraph" in window.statusBar().currentMessage()
    assert not any(box.isVisible() for box in window.findChildren(QMessageBox))
    text = document.blocks[3].text
    space = text.index(" ")
    _select(window, 3, ORIGINAL, space, space + 1)
    _highlight(qtbot, window)
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)), timeout=2000)
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert "selection is empty" in box.text()
    box.accept()
    assert window.store.annotations_for(document.id) == []


def test_notes_panel_filters_by_colour_and_tag_and_jumps_to_a_highlight(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    from reader.ui.annotation_editor import Edit

    for block, key, tags in ((3, Qt.Key.Key_1, ("ekonomi",)), (6, Qt.Key.Key_2, ("politik",)), (9, Qt.Key.Key_1, ("politik", "nuklir"))):
        _select(window, block, ORIGINAL, 0, 25)
        _highlight(qtbot, window, key)
        created = window.store.annotations_for(document.id)
        newest = max(created, key=lambda a: a.created)
        window.annotations.apply_edit(newest.id, Edit(newest.color, "", tags))
    panel = window.notes
    assert panel.model.rowCount() == 3
    assert [row.annotation.block for row in panel.model.rows] == [3, 6, 9]
    panel.color_filter.setCurrentIndex(panel.color_filter.findData("yellow"))
    assert [row.annotation.block for row in panel.model.rows] == [3, 9]
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("politik"))
    assert [row.annotation.block for row in panel.model.rows] == [9]
    assert panel.summary.text() == "1 of 3 highlights in this post"
    panel.color_filter.setCurrentIndex(0)
    panel.tag_filter.setCurrentIndex(0)
    window.view.verticalScrollBar().setValue(0)
    index = panel.model.index(2)
    panel.list.scrollTo(index)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualRect(index).center())
    assert 9 in window.view.visible_blocks()
    assert window.view.navigator.flashed_text() == window.document.blocks[9].text[:25]


def test_search_finds_notes_in_other_posts_and_opens_the_post_at_the_passage(qtbot, make_window, data_dir, tmp_path):
    post = tmp_path / "pasar.txt"
    post.write_text(
        "Harga beras naik\n\nHarga beras di pasar induk naik tajam pekan ini.\n\n"
        "Pedagang mengeluhkan pasokan yang tersendat dari daerah.\n",
        encoding="utf-8",
    )
    window = make_window(data_dir)
    other = _open(qtbot, window, post)
    _select(window, 1, ORIGINAL, 0, 30)
    _highlight(qtbot, window, Qt.Key.Key_3)
    (noted,) = window.store.annotations_for(other.id)
    from reader.ui.annotation_editor import Edit

    window.annotations.apply_edit(noted.id, Edit("blue", "pasokan beras terganggu", ()))
    sample = _open(qtbot, window)
    assert window.document.id == sample.id
    qtbot.keyClicks(window.notes.search, "pasokan bera")
    qtbot.waitUntil(lambda: window.notes.model.rowCount() == 1, timeout=2000)
    row = window.notes.model.rows[0]
    assert row.document_title == "Harga beras naik"
    index = window.notes.model.index(0)
    qtbot.mouseClick(window.notes.list.viewport(), Qt.MouseButton.LeftButton, pos=window.notes.list.visualRect(index).center())
    qtbot.waitUntil(lambda: window.document.id == other.id, timeout=5000)
    qtbot.waitUntil(lambda: window.view.navigator.flashed_text() is not None, timeout=2000)
    assert window.view.navigator.flashed_text() == window.store.annotation(noted.id).exact


def test_an_edited_post_keeps_its_highlights_moved_or_detached(qtbot, make_window, data_dir, tmp_path):
    post = tmp_path / "berita.txt"
    first = "Pemerintah mengumumkan paket kebijakan ekonomi baru pada hari Senin."
    second = "Paket itu mencakup insentif pajak bagi usaha kecil dan menengah."
    post.write_text(f"Kebijakan baru\n\n{first}\n\n{second}\n", encoding="utf-8")
    window = make_window(data_dir)
    document = _open(qtbot, window, post)
    _select(window, 0, ORIGINAL, first.index("paket"), first.index(" pada"))
    _highlight(qtbot, window)
    _select(window, 1, ORIGINAL, second.index("insentif"), second.index(" bagi"))
    _highlight(qtbot, window, Qt.Key.Key_2)
    window.close()

    inserted = "Menteri Keuangan hadir dalam jumpa pers di Jakarta."
    post.write_text(f"Kebijakan baru\n\n{inserted}\n\n{first}\n\nParagraf kedua dihapus seluruhnya.\n", encoding="utf-8")
    again = make_window(data_dir)
    edited = _open(qtbot, again, post)
    assert edited.id == document.id and edited.content_id != document.content_id
    by_color = {a.color: a for a in again.store.annotations_for(document.id)}
    assert by_color["yellow"].status == MOVED and by_color["yellow"].block == 1
    assert by_color["yellow"].exact == "paket kebijakan ekonomi baru"
    assert by_color["green"].status == DETACHED and by_color["green"].exact == "insentif pajak"
    assert again.view.highlights.range_of(by_color["green"]) is None
    assert again.notes.model.rowCount() == 2
    assert "1 detached" in again.notes.summary.text()


def test_a_translation_highlight_follows_its_paragraph_when_the_post_is_edited(qtbot, make_window, data_dir, tmp_path, installed_package):
    post = tmp_path / "rusia.txt"
    first = "Rusia dan AS sepakat untuk meluncurkan dialog komprehensif."
    second = "Antonov mengatakan bahwa hubungan kedua negara harus diperbaiki."
    post.write_text(f"Dialog baru\n\n{first}\n\n{second}\n", encoding="utf-8")
    window = make_window(data_dir)
    _open(qtbot, window, post)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)
    english = window.session.translation_of(1)[0]
    _select(window, 1, TRANSLATION, 0, len(english))
    _highlight(qtbot, window, Qt.Key.Key_3)
    (made,) = window.store.annotations_for(window.document.id)
    window.close()

    post.write_text(f"Dialog baru\n\nMenteri Lavrov juga hadir di Jenewa.\n\n{first}\n\n{second}\n", encoding="utf-8")
    again = make_window(data_dir)
    _open(qtbot, again, post)
    qtbot.waitUntil(lambda: again.translation.state is TranslationState.DONE, timeout=20000)
    qtbot.waitUntil(lambda: again.store.annotation(made.id).block == 2, timeout=5000)
    moved = again.store.annotation(made.id)
    assert moved.status == MOVED and moved.exact == english
    start, end = again.view.highlights.range_of(moved)
    assert _text_between(again.view, start, end) == english


def test_the_tag_field_completes_tags_already_in_use(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    from reader.ui.annotation_editor import Edit

    first = _highlight_and_get(qtbot, window, document, 2)
    window.annotations.apply_edit(first.id, Edit(first.color, "", ("diplomasi", "nuklir")))
    second = _highlight_and_get(qtbot, window, document, 5)
    editor = window.annotations.edit(second.id)
    qtbot.keyClicks(editor.tags, "ekonomi, dip")
    completer = editor.tags.completer_popup
    assert editor.tags.typed_tag() == "dip"
    assert completer.completionCount() == 1 and completer.currentCompletion() == "diplomasi"
    completer.activated.emit("diplomasi")  # what choosing it from the list does
    assert editor.tags.text() == "ekonomi, diplomasi, "
    qtbot.keyClicks(editor.tags, "nuk")
    assert completer.currentCompletion() == "nuklir"
    qtbot.keyClick(editor.tags, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.store.annotation(second.id).tags == ("ekonomi", "diplomasi", "nuk")


def _highlight_and_get(qtbot, window, document, block):
    _select(window, block, ORIGINAL, 0, 15)
    _highlight(qtbot, window)
    return max(window.store.annotations_for(document.id), key=lambda a: (a.created, a.block == block))


def test_recolouring_a_highlight_keeps_its_note_and_tags_and_can_be_undone(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    sentence = document.blocks[4].sentences[0]
    _select(window, 4, ORIGINAL, sentence.start, sentence.end)
    _highlight(qtbot, window)  # yellow
    (annotation,) = window.store.annotations_for(document.id)
    window.annotations.apply_edit(annotation.id, Edit("yellow", "Catatan", ("kutipan",)))
    window.annotations.recolor(annotation.id, "pink")
    saved = window.store.annotation(annotation.id)
    assert (saved.color, saved.note, saved.tags) == ("pink", "Catatan", ("kutipan",))
    where = window.view.highlights.range_of(saved)
    assert _background_at(window.view, where[0]) == highlight_color("pink", window.view.palette())
    window.undo_action.trigger()
    assert window.store.annotation(annotation.id).color == "yellow"
    assert _background_at(window.view, where[0]) == highlight_color("yellow", window.view.palette())


def test_the_view_paints_the_highlights_the_session_holds_and_keeps_no_copy(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open(qtbot, window)
    _select(window, 3, ORIGINAL, 0, 20)
    _highlight(qtbot, window)
    (created,) = window.store.annotations_for(document.id)
    assert window.session.annotations == {created.id: created}
    start, _end = window.view.highlights.range_of(created)
    yellow = highlight_color("yellow", window.view.palette())
    assert _background_at(window.view, start) == yellow

    window.session.remove_annotation(created.id)
    window.view.highlights.refresh()

    assert _background_at(window.view, start) != yellow
    assert window.view.highlights.at(start) == []
