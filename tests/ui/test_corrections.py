"""Correcting the translation in the real window: edit in place, check, undo, highlights, review, n-best."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.core.notes.columns import TRANSLATION
from reader.core.platform.resources import SAMPLE_SOURCE
from reader.core.translate.corrections import CHECKED, EDITED, REVIEW, Correction
from reader.ui.view_marks import SentenceRef
from reader.ui.view_rows import Layout
from reader.core.session import TranslationState

BLOCK = 5


def _open_translated(qtbot, window):
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None and window.document.source == SAMPLE_SOURCE, timeout=5000)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)
    return window.document


def _pin(window, block, sentence, column=TRANSLATION):
    start, _end = window.view.sentence_range(SentenceRef(block, column, sentence))
    window.view.marks.activate_position(start)


def _edit(qtbot, window, text, key=Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.NoModifier):
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    editor = window.corrections.editor
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    first, *rest = text.split("\n")
    qtbot.keyClicks(editor, first)
    for line in rest:  # a line break pasted in (keyClicks types no "\n")
        editor.insertPlainText("\n" + line)
    qtbot.keyClick(editor, key, modifier)
    return editor


def test_f2_edits_a_sentence_in_place_beside_the_untouched_machine_translation(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated(qtbot, window)
    machine = list(window.session.translation_of(BLOCK))
    source = document.blocks[BLOCK].sentences[0].text
    _pin(window, BLOCK, 0, column="original")  # either column names the sentence

    _edit(qtbot, window, "The reader's own\nwords.")

    assert window.corrections.editor is None
    (saved,) = window.store.corrections_for(document.id)
    assert (saved.block, saved.sentence, saved.state) == (BLOCK, 0, EDITED)
    assert saved.edited == "The reader's own words." and saved.machine == machine[0] and saved.source == source
    assert saved.model == window.translation.model_identity
    assert window.session.translation_of(BLOCK) == ["The reader's own words.", *machine[1:]]
    assert window.view.cell_text(BLOCK, TRANSLATION).startswith("The reader's own words.")
    model = window.translation.model_identity
    assert window.store.cached_translations(model, [source]) == {source: machine[0]}  # the cache is never overwritten
    total = sum(len(block.sentences) for block in document.blocks)
    assert window.corrections.status_label.text() == f"0 of {total} sentences checked"
    assert window.view.corrections.bars()[0][:2] == ((BLOCK, 0), EDITED)
    assert "The machine's translation: " + machine[0] in window.view.corrections.tooltip(
        window.view.sentence_range(SentenceRef(BLOCK, TRANSLATION, 0))[0] + 1
    )


def test_the_count_of_a_one_sentence_post_says_sentence(qtbot, make_window, data_dir, installed_package, tmp_path):
    post = tmp_path / "satu.txt"
    post.write_text("Kami percaya pada dialog.", encoding="utf-8")
    window = make_window(data_dir)
    window.show()
    window.open_path(post)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)

    assert window.corrections.status_label.text() == "0 of 1 sentence checked"


def test_a_key_marks_a_sentence_checked_and_undo_and_redo_cover_edits_and_checks(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated(qtbot, window)
    machine = list(window.session.translation_of(BLOCK))
    total = sum(len(block.sentences) for block in document.blocks)
    _pin(window, BLOCK, 0)
    _edit(qtbot, window, "Edited once.")
    window.view.setFocus()

    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    (saved,) = window.store.corrections_for(document.id)
    assert saved.state == CHECKED and saved.edited == "Edited once."
    assert window.corrections.status_label.text() == f"1 of {total} sentences checked"
    window.undo_action.trigger()
    assert window.store.corrections_for(document.id)[0].state == EDITED
    window.undo_action.trigger()
    assert window.store.corrections_for(document.id) == []
    assert window.session.translation_of(BLOCK) == machine
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert window.store.corrections_for(document.id)[0].state == CHECKED
    assert window.corrections.status_label.text() == f"1 of {total} sentences checked"


def test_ctrl_enter_in_the_editor_saves_the_edit_checked(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated(qtbot, window)
    _pin(window, BLOCK, 1)

    _edit(qtbot, window, "Checked as I wrote it.", modifier=Qt.KeyboardModifier.ControlModifier)

    (saved,) = window.store.corrections_for(document.id)
    assert (saved.sentence, saved.state, saved.edited) == (1, CHECKED, "Checked as I wrote it.")


def test_escape_cancels_an_edit_and_an_empty_one_is_refused_with_the_text_kept(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated(qtbot, window)
    _pin(window, BLOCK, 0)
    editor = _edit(qtbot, window, "Never saved.", key=Qt.Key.Key_Escape)
    assert window.corrections.editor is None and window.store.corrections_for(document.id) == []

    editor = _edit(qtbot, window, "   ")

    assert window.corrections.editor is editor and editor.isVisible()  # still open, the text still there
    assert "cannot be empty" in window.statusBar().currentMessage()
    assert window.store.corrections_for(document.id) == []


def test_ctrl_double_click_on_a_sentence_opens_the_editor(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    _open_translated(qtbot, window)
    start, _end = window.view.sentence_range(SentenceRef(BLOCK, TRANSLATION, 1))
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(window.view.document())
    cursor.setPosition(start + 2)
    point = window.view.cursorRect(cursor).center()

    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point)

    assert window.corrections.editor is not None and window.corrections.editor.key == (BLOCK, 1)


def test_ctrl_double_click_on_a_word_edits_even_once_the_dictionaries_are_open(qtbot, make_window, data_dir, installed_package):
    # Once the dictionaries are open, a Ctrl+click's lookup popup would open at the first click and
    # take the second one (a popup grabs the mouse): the double-click never reached the view.
    window = make_window(data_dir)
    _open_translated(qtbot, window)
    window.words_menu.reload()
    qtbot.waitUntil(lambda: window.words_menu.lookup is not None, timeout=10000)
    start, _end = window.view.sentence_range(SentenceRef(BLOCK, TRANSLATION, 1))
    window.view.navigator.scroll_to_position(start)
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(window.view.document())
    cursor.setPosition(start + 2)
    point = window.view.cursorRect(cursor).center()

    # Through the window system, as a real click comes: a popup open takes the second click.
    at = window.view.viewport().mapTo(window, point)
    QTest.mouseDClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, at)

    qtbot.waitUntil(lambda: window.corrections.editor is not None, timeout=3000)
    assert window.corrections.editor.key == (BLOCK, 1)
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    assert window.words_menu.popup is None or not window.words_menu.popup.isVisible()
    # A single Ctrl+click still looks the word up, once it is clear no second click follows.
    window.corrections.close_editor()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point)
    qtbot.waitUntil(lambda: window.words_menu.popup is not None and window.words_menu.popup.isVisible(), timeout=5000)
    assert window.corrections.editor is None


def test_a_highlight_in_the_english_column_follows_its_words_into_the_edited_text(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated(qtbot, window)
    second = window.view.session.spans(BLOCK, TRANSLATION)[1]
    first_cell, _ = window.view.cell_range(BLOCK, TRANSLATION)
    window.view.select_range(first_cell + second[0], first_cell + second[1])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (highlight,) = window.store.annotations_for(document.id)
    _pin(window, BLOCK, 0)

    _edit(qtbot, window, "Short.")

    moved = window.store.annotation(highlight.id)
    assert moved.exact == highlight.exact and moved.start == len("Short.") + 1
    assert window.view.highlights.range_of(moved) == (first_cell + moved.start, first_cell + moved.end)
    window.undo_action.trigger()  # the edit, not the highlight
    assert window.store.annotation(highlight.id).start == highlight.start


def test_edits_come_back_in_a_new_window_and_a_changed_machine_text_puts_them_to_review(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated(qtbot, window)
    _pin(window, BLOCK, 0)
    _edit(qtbot, window, "Mine.")
    (saved,) = window.store.corrections_for(document.id)
    # As if another model had made the translation the reader edited.
    older = Correction(**{**saved.__dict__, "machine": "What an older model said.", "model": "sha256:older"})
    window.store.save_corrections([older])
    window.close()

    again = make_window(data_dir)
    _open_translated(qtbot, again)

    assert again.session.translation_of(BLOCK)[0] == "Mine."
    (reviewed,) = again.store.corrections_for(document.id)
    assert reviewed.state == REVIEW and reviewed.edited == "Mine." and reviewed.machine == "What an older model said."
    assert again.corrections.status_label.text().endswith("· 1 to review")
    _pin(again, BLOCK, 0)
    again.view.setFocus()
    qtbot.keyClick(again.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (checked,) = again.store.corrections_for(document.id)
    assert checked.state == CHECKED and checked.machine == again.session.machine_of(BLOCK)[0]


def test_other_translations_lists_the_models_n_best_and_the_one_chosen_becomes_an_edit(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated(qtbot, window)
    _pin(window, BLOCK, 0)

    dialog = window.corrections.show_alternatives()
    qtbot.waitUntil(lambda: dialog.list.count() > 1, timeout=10000)
    shown = window.session.translation_of(BLOCK)[0]
    chosen = dialog.list.currentItem().data(Qt.ItemDataRole.UserRole)
    assert chosen != shown
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)

    (saved,) = window.store.corrections_for(document.id)
    assert saved.edited == chosen and saved.state == EDITED
    assert window.session.translation_of(BLOCK)[0] == chosen


def test_a_highlight_whose_words_an_edit_removes_is_detached_and_comes_back_on_undo(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated(qtbot, window)  # paragraph 3's first sentence occurs nowhere else
    first = window.view.session.spans(3, TRANSLATION)[0]
    cell, _ = window.view.cell_range(3, TRANSLATION)
    window.view.select_range(cell + first[0], cell + first[1])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    (highlight,) = window.store.annotations_for(document.id)
    _pin(window, 3, 0)

    _edit(qtbot, window, "Nothing of it is left.")

    assert window.store.annotation(highlight.id).status == "detached"
    assert window.view.highlights.range_of(window.store.annotation(highlight.id)) is None
    window.undo_action.trigger()
    back = window.store.annotation(highlight.id)
    assert back.status != "detached" and (back.start, back.end) == (highlight.start, highlight.end)


def test_restore_the_machine_translation_takes_the_edit_away(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated(qtbot, window)
    machine = list(window.session.translation_of(BLOCK))
    _pin(window, BLOCK, 2)
    _edit(qtbot, window, "Mine.")

    window.corrections.restore_machine((BLOCK, 2))

    assert window.store.corrections_for(document.id) == []
    assert window.session.translation_of(BLOCK) == machine
    assert window.view.corrections.bars() == []


def test_the_editor_stays_over_its_sentence_when_the_view_scrolls(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    _open_translated(qtbot, window)
    _pin(window, BLOCK, 0)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    editor = window.corrections.editor
    offset = editor.y() - window.view.corrections.sentence_rect((BLOCK, 0)).top()

    window.view.verticalScrollBar().setValue(window.view.verticalScrollBar().value() + 120)

    assert editor.y() - window.view.corrections.sentence_rect((BLOCK, 0)).top() == offset
    window.set_layout_mode(Layout.ORIGINAL_ONLY)
    assert window.corrections.editor is None  # the English column is gone, and the editor with it
