"""Selecting with the mouse and the keyboard in the real view, and the quotes highlights then store."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtTest import QTest

from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.core.notes.word_bounds import word_spans
from reader.core.translate.reading import open_translator

FIRST = "Pemerintah secara bertahap membangun rumah-rumah di kampung."
SECOND = "Harga beras naik Rp1.000 per kilo."
PARAGRAPH = f"{FIRST} {SECOND}"
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _open(qtbot, window, tmp_path):
    post = tmp_path / "kampung.txt"
    post.write_text(f"Rumah baru\n\n{PARAGRAPH}\n\nParagraf kedua tentang hal lain.\n", encoding="utf-8")
    window.resize(1000, 600)
    window.show()
    window.open_path(post)
    qtbot.waitUntil(lambda: window.document is not None and window.view.row_count() == 2, timeout=5000)
    window.view.setFocus()
    return window.document


def _at(view, text_before: str, side: str = "middle", block: int = 0, column: str = ORIGINAL) -> QPoint:
    """A viewport point on the character just after `text_before` (a prefix of the cell's text).

    "left" and "right" aim at the left or right quarter of it, so that the cursor position Qt
    finds there is before or after it; "middle" is its middle.
    """
    first, _ = view.cell_range(block, column)
    cursor = QTextCursor(view.document())
    cursor.setPosition(first + len(text_before))
    left = view.cursorRect(cursor)
    cursor.setPosition(first + len(text_before) + 1)
    right = view.cursorRect(cursor)
    share = {"left": 0.25, "middle": 0.5, "right": 0.75}[side]
    return QPoint(round(left.left() + (right.left() - left.left()) * share), left.center().y())


def _upto(word: str, inside: int = 0) -> str:
    """The paragraph's text before `word`, plus its first `inside` characters."""
    return PARAGRAPH[: PARAGRAPH.index(word) + inside]


def _drag(view, *points) -> None:
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, NONE, points[0])
    for point in points[1:]:
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, LEFT, NONE, points[-1])


def _selected(view) -> str:
    return view.textCursor().selectedText()


def _highlight(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (annotation,) = window.store.annotations_for(window.document.id)
    return annotation


def test_a_drag_within_one_word_selects_characters(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    _drag(view, _at(view, _upto("secara", 1), "left"), _at(view, _upto("secara", 4), "left"))
    assert _selected(view) == "eca"


def test_a_drag_that_leaves_its_first_word_selects_whole_words_at_both_ends(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    start = _at(view, _upto("secara", 2), "left")
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, NONE, start)
    QTest.mouseMove(viewport, _at(view, _upto("secara", 4), "left"))
    assert _selected(view) == "ca"
    QTest.mouseMove(viewport, _at(view, _upto("bertahap", 3)))
    assert _selected(view) == "secara bertahap"
    QTest.mouseMove(viewport, _at(view, _upto("membangun", 1)))
    assert _selected(view) == "secara bertahap membangun"
    # Back inside the first word: it stays whole, as in a browser.
    QTest.mouseMove(viewport, _at(view, _upto("secara", 4), "left"))
    assert _selected(view) == "secara"
    QTest.mouseMove(viewport, _at(view, _upto("rumah-", 3)))
    QTest.mouseRelease(viewport, LEFT, NONE, _at(view, _upto("rumah-", 3)))
    assert _selected(view) == "secara bertahap membangun rumah-rumah"
    assert not view.selection.exact


def test_a_drag_backwards_snaps_both_ends_too(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    _drag(view, _at(view, _upto("membangun", 4)), _at(view, _upto("secara", 2)))
    assert _selected(view) == "secara bertahap membangun"
    cursor = view.textCursor()
    assert cursor.position() < cursor.anchor()  # the moving end stays the one Shift+arrows move


def test_a_drag_started_between_words_snaps_the_end_it_reaches(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    _drag(view, _at(view, _upto(" bertahap"), "middle"), _at(view, _upto("membangun", 2)))
    assert _selected(view).strip() == "bertahap membangun"


def test_double_click_selects_a_whole_indonesian_word(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    for word, expected in (("rumah-rumah", "rumah-rumah"), ("Rp1.000", "Rp1.000"), ("kampung.", "kampung")):
        QTest.mouseDClick(view.viewport(), LEFT, NONE, _at(view, _upto(word, len(word) - 2)))
        assert _selected(view) == expected


def test_a_drag_after_double_click_extends_by_words(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    viewport = view.viewport()
    point = _at(view, _upto("bertahap", 3))
    QTest.mouseDClick(viewport, LEFT, NONE, point)
    QTest.mouseMove(viewport, _at(view, _upto("rumah-", 8)))
    assert _selected(view) == "bertahap membangun rumah-rumah"
    QTest.mouseRelease(viewport, LEFT, NONE, _at(view, _upto("rumah-", 8)))


def test_triple_click_selects_the_sentence_not_the_paragraph(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    point = _at(view, _upto("beras", 2))
    QTest.mouseDClick(view.viewport(), LEFT, NONE, point)
    QTest.mouseClick(view.viewport(), LEFT, NONE, point)
    assert _selected(view) == SECOND
    annotation = _highlight(qtbot, window)
    assert annotation.exact == SECOND


def test_a_mouse_selection_inside_one_word_is_stored_as_the_whole_word(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    document = _open(qtbot, window, tmp_path)
    view = window.view
    _drag(view, _at(view, _upto("membangun"), "left"), _at(view, _upto("membangun", 4), "left"))
    assert _selected(view) == "memb"
    annotation = _highlight(qtbot, window)
    assert (annotation.exact, annotation.block, annotation.column) == ("membangun", 0, ORIGINAL)
    assert document.blocks[0].text[annotation.start : annotation.end] == "membangun"


def test_shift_arrows_refine_a_mouse_selection_and_the_quote_keeps_what_the_keyboard_made(
    qtbot, make_window, data_dir, tmp_path
):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    _drag(view, _at(view, _upto("secara", 2)), _at(view, _upto("bertahap", 3)))
    assert _selected(view) == "secara bertahap"
    qtbot.keyClick(view, Qt.Key.Key_Left, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Left, SHIFT)
    assert _selected(view) == "secara bertah"
    assert view.selection.exact
    annotation = _highlight(qtbot, window)
    assert annotation.exact == "secara bertah"


def test_shift_ctrl_arrows_extend_the_selection_by_whole_words(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    QTest.mouseDClick(view.viewport(), LEFT, NONE, _at(view, _upto("membangun", 2)))
    assert _selected(view) == "membangun"
    word_right = QKeySequence(QKeySequence.StandardKey.SelectNextWord)[0]
    qtbot.keyClick(view, word_right.key(), word_right.keyboardModifiers())
    assert _selected(view) == "membangun rumah-rumah"
    qtbot.keyClick(view, word_right.key(), word_right.keyboardModifiers())
    assert _selected(view) == "membangun rumah-rumah di"
    word_left = QKeySequence(QKeySequence.StandardKey.SelectPreviousWord)[0]
    qtbot.keyClick(view, word_left.key(), word_left.keyboardModifiers())
    assert _selected(view) == "membangun rumah-rumah "


def test_shift_arrows_select_from_a_click_without_a_visible_caret(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    assert view.cursorWidth() == 0  # the read-only view shows no caret
    QTest.mouseClick(view.viewport(), LEFT, NONE, _at(view, _upto("kampung"), "left"))
    for _ in "kamp":
        qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)
    assert _selected(view) == "kamp"
    assert _highlight(qtbot, window).exact == "kamp"


def test_shift_click_extends_a_selection_to_a_whole_word(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    QTest.mouseDClick(view.viewport(), LEFT, NONE, _at(view, _upto("secara", 2)))
    QTest.mouseClick(view.viewport(), LEFT, SHIFT, _at(view, _upto("membangun", 3)))
    assert _selected(view) == "secara bertahap membangun"
    assert _highlight(qtbot, window).exact == "secara bertahap membangun"
    # From a plain click (no selection) as well: the click's point to the end of the word.
    QTest.mouseClick(view.viewport(), LEFT, NONE, _at(view, _upto("Harga"), "left"))
    QTest.mouseClick(view.viewport(), LEFT, SHIFT, _at(view, _upto("beras", 2)))
    assert _selected(view) == "Harga beras"


def test_a_plain_click_still_pins_the_sentence_and_selects_nothing(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    QTest.mouseClick(view.viewport(), LEFT, NONE, _at(view, _upto("beras", 2)))
    assert not view.textCursor().hasSelection()
    assert view.marks.active is not None and (view.marks.active.block, view.marks.active.sentence) == (0, 1)


def test_a_drag_after_triple_click_extends_by_sentences(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    viewport = view.viewport()
    point = _at(view, _upto("beras", 2))
    QTest.mouseDClick(viewport, LEFT, NONE, point)
    QTest.mousePress(viewport, LEFT, NONE, point)
    QTest.mouseMove(viewport, _at(view, _upto("bertahap", 2)))
    assert _selected(view) == PARAGRAPH
    QTest.mouseRelease(viewport, LEFT, NONE, _at(view, _upto("bertahap", 2)))


def test_selections_in_the_translation_column_snap_to_its_words(qtbot, make_window, data_dir, tmp_path, installed_package):
    window = make_window(data_dir, load_translator=lambda: open_translator(data_dir))
    _open(qtbot, window, tmp_path)
    qtbot.waitUntil(lambda: window.translation.state == "done", timeout=20000)
    view = window.view
    text = view.cell_text(0, TRANSLATION)
    words = [span for span in word_spans(text) if span[1] - span[0] >= 4]
    (first_start, first_end), (last_start, last_end) = words[0], words[1]
    QTest.mouseDClick(view.viewport(), LEFT, NONE, _at(view, text[: first_start + 1], column=TRANSLATION))
    assert _selected(view) == text[first_start:first_end]
    QTest.mouseClick(view.viewport(), LEFT, NONE, _at(view, "Para", block=1))  # away from the selection
    # From inside the first word to inside the second: the highlight holds both whole.
    _drag(
        view,
        _at(view, text[: first_start + 1], column=TRANSLATION),
        _at(view, text[: first_start + 2], column=TRANSLATION),
        _at(view, text[: last_end - 2], column=TRANSLATION),
    )
    assert _selected(view) == text[first_start:last_end]
    annotation = _highlight(qtbot, window)
    assert (annotation.column, annotation.exact) == (TRANSLATION, text[first_start:last_end])


def test_a_double_click_selects_its_word_without_pinning_the_sentence(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open(qtbot, window, tmp_path)
    view = window.view
    point = _at(view, _upto("beras", 2))
    # As a real double-click arrives: press, release (a click, which pins), then the double-click.
    QTest.mouseClick(view.viewport(), LEFT, NONE, point)
    assert view.marks.active is not None
    QTest.mouseDClick(view.viewport(), LEFT, NONE, point)
    assert _selected(view) == "beras"
    assert view.marks.active is None
