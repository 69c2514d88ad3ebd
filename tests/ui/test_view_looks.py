"""How the view's marks look: pointed and pinned sentences, find matches and the flash never hide a
highlight; no text cursor; layout switches keep the reading place; contrast in light and dark."""

from collections import Counter

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QLabel

from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.ui.appearance import dark_palette, light_palette
from reader.core.text.document import load_document
from reader.ui.bilingual_view import BilingualView, Layout, SentenceRef
from reader.ui.colors import (
    MINIMUM_CONTRAST,
    contrast,
    highlight_colors,
    mark_looks,
    muted_text,
    over,
    secondary_text,
    view_backgrounds,
)
from reader.ui.view_marks import range_rects
from reader.core.session import TranslationState

BLOCK = 3  # a paragraph of the sample post with two sentences


def _open_translated(qtbot, window, scheme="light"):
    window.resize(1100, 700)
    window.show()
    window.appearance.apply(scheme)
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)
    return window.view


def _highlight_words(qtbot, window, block, column, first_word, last_word, key):
    """Select whole words of a cell with the view's own selection, then press a colour key."""
    view = window.view
    text = view.cell_text(block, column)
    words = [(i, i + len(w)) for i, w in _words(text)]
    start, end = words[first_word][0], words[last_word][1]
    cell = view.cell_range(block, column)[0]
    view.select_range(cell + start, cell + end)
    view.setFocus()
    qtbot.keyClick(view, key)
    qtbot.waitUntil(lambda: bool(window.store.annotations_for(window.document.id)), timeout=2000)
    view.select_range(cell + start, cell + start)  # no selection left painted over it
    return cell + start, cell + end


def _words(text):
    position = 0
    for word in text.split(" "):
        yield position, word
        position += len(word) + 1


def _colours_in(image, rect: QRectF) -> Counter:
    """How often each colour occurs inside a rectangle of the grabbed viewport (1 px inset)."""
    counts = Counter()
    for y in range(int(rect.top()) + 1, int(rect.bottom()) - 1):
        for x in range(int(rect.left()) + 1, int(rect.right()) - 1):
            counts[image.pixelColor(x, y).name()] += 1
    return counts


def _left_of(image, rect: QRectF) -> set[str]:
    """The colours in a strip just left of a rectangle, where an outline would run."""
    middle = int(rect.center().y())
    return {image.pixelColor(x, middle).name() for x in range(int(rect.left()) - 4, int(rect.left()) + 1)}


def _most_common(image, rect: QRectF) -> str:
    return _colours_in(image, rect).most_common(1)[0][0]


def _near(found: str, wanted: QColor) -> bool:
    """The same colour, give or take the rounding of a translucent fill (one step a channel)."""
    found = QColor(found)
    return all(abs(a - b) <= 1 for a, b in zip(found.getRgb()[:3], wanted.getRgb()[:3]))


def _grab(view):
    view.viewport().repaint()
    return view.viewport().grab().toImage()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pointing_at_a_sentence_leaves_a_blue_highlight_inside_it_blue(qtbot, make_window, data_dir, installed_package, scheme):
    window = make_window(data_dir)
    view = _open_translated(qtbot, window, scheme)
    start, end = _highlight_words(qtbot, window, BLOCK, ORIGINAL, 1, 3, Qt.Key.Key_3)  # blue
    palette = view.palette()
    blue = highlight_colors(palette)["blue"].name()
    base = palette.color(QPalette.ColorRole.Base)
    view.navigator.scroll_to_block(BLOCK, flash=False)
    view.marks.hover_position(start + 1)
    assert view.marks.hovered == SentenceRef(BLOCK, ORIGINAL, 0)
    # Nothing is laid over the text's own formats: the highlight is still in the character format.
    assert not any(s.format.hasProperty(s.format.Property.BackgroundBrush) for s in view.extraSelections())
    cursor = QTextCursor(view.document())
    cursor.setPosition(start + 1)
    assert cursor.charFormat().background().color().name() == blue
    image = _grab(view)
    (highlight_rect,) = range_rects(view, start, end)
    assert _most_common(image, highlight_rect) == blue
    # The rest of the sentence, and its counterpart, carry the hover tint: grey, not a highlight.
    sentence_start, sentence_end = view.sentence_range(SentenceRef(BLOCK, ORIGINAL, 0))
    rest = range_rects(view, end + 1, sentence_end)
    hover = over(mark_looks(palette).hover_fill, base)
    assert _near(_most_common(image, rest[0]), hover)
    counterpart = view.sentence_range(SentenceRef(BLOCK, TRANSLATION, 0))
    assert _near(_most_common(image, range_rects(view, *counterpart)[0]), hover)
    assert hover.name() != blue


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_pinned_sentence_is_tinted_under_and_underlined_its_highlight_kept(qtbot, make_window, data_dir, installed_package, scheme):
    window = make_window(data_dir)
    view = _open_translated(qtbot, window, scheme)
    start, end = _highlight_words(qtbot, window, BLOCK, TRANSLATION, 0, 1, Qt.Key.Key_3)
    palette = view.palette()
    looks = mark_looks(palette)
    view.navigator.scroll_to_block(BLOCK, flash=False)
    view.marks.activate_position(start + 1)
    assert view.marks.active == SentenceRef(BLOCK, TRANSLATION, 0)
    image = _grab(view)
    (highlight_rect,) = range_rects(view, start, end)
    assert _most_common(image, highlight_rect) == highlight_colors(palette)["blue"].name()
    pinned = view.sentence_range(SentenceRef(BLOCK, ORIGINAL, 0))
    first_line = range_rects(view, *pinned)[0]
    base = palette.color(QPalette.ColorRole.Base)
    assert _near(_most_common(image, first_line), over(looks.pin_fill, base))
    underline = QRectF(first_line.left(), first_line.bottom() + 1, first_line.width(), 2)
    assert _colours_in(image, underline.adjusted(0, -1, 0, 1)).most_common(1)[0][0] == looks.pin_line.name()


def test_find_outlines_its_matches_and_tints_only_the_current_one(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    view = _open_translated(qtbot, window)
    text = view.cell_text(BLOCK, ORIGINAL)
    word = text.split(" ")[1]
    start, end = _highlight_words(qtbot, window, BLOCK, ORIGINAL, 1, 1, Qt.Key.Key_6)  # orange, the nearest hue
    palette = view.palette()
    looks = mark_looks(palette)
    view.finder.find_all(word)
    while view.finder.current_match() is None or view.finder.current_match().selectionStart() != start:
        view.finder.step()
    image = _grab(view)
    image.save("/tmp/colours-find.png")
    (rect,) = range_rects(view, start, end)
    print("RECT", rect, start, end, word)
    # The highlight fills the match; find's outline runs round it.
    assert _most_common(image, rect) == highlight_colors(palette)["orange"].name()
    assert looks.find_line.name() in _left_of(image, rect)
    # Another match on screen: outlined, not filled.
    others = [c for c, current in view.finder.matches_between(0, view.document().characterCount()) if not current]
    assert others
    view.navigator.scroll_to_position(others[0].selectionStart())
    image = _grab(view)
    other = range_rects(view, others[0].selectionStart(), others[0].selectionEnd())[0]
    assert _most_common(image, other) == palette.color(QPalette.ColorRole.Base).name()
    assert looks.find_line.name() in _left_of(image, other)


def test_jumping_to_a_highlight_flashes_a_frame_round_it_that_leaves_its_colour(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    view = _open_translated(qtbot, window)
    start, end = _highlight_words(qtbot, window, 20, ORIGINAL, 2, 4, Qt.Key.Key_5)  # purple
    view.verticalScrollBar().setValue(0)
    (annotation,) = window.store.annotations_for(window.document.id)
    window.go_to_annotation(annotation)
    assert view.navigator.flashed_text() == annotation.exact
    image = _grab(view)
    (rect,) = range_rects(view, start, end)
    palette = view.palette()
    assert _most_common(image, rect) == highlight_colors(palette)["purple"].name()
    assert mark_looks(palette).flash_line.name() in _left_of(image, rect)


def _lab(colour: QColor) -> tuple[float, float, float]:
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _difference(first: QColor, second: QColor) -> float:
    """CIE76 colour difference: about 2 is just noticeable, above 10 plainly another colour."""
    return sum((a - b) ** 2 for a, b in zip(_lab(first), _lab(second))) ** 0.5


@pytest.mark.parametrize("palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_marks_look_unlike_every_highlight_colour_and_each_other(qapp, palette):
    palette = palette()
    base = palette.color(QPalette.ColorRole.Base)
    looks = mark_looks(palette)
    highlights = highlight_colors(palette)
    marks = {
        "hover": over(looks.hover_fill, base),
        "pin": over(looks.pin_fill, base),
        "current find match": over(looks.find_current_fill, base),
        "find outline": looks.find_line,
        "flash": over(looks.flash_fill, base),
        "flash frame": looks.flash_line,
    }
    for name, colour in marks.items():
        for color, highlight in highlights.items():
            assert _difference(colour, highlight) >= 15, f"{name} looks like the {color} highlight"
    assert _difference(marks["hover"], marks["pin"]) >= 4
    assert _difference(marks["current find match"], marks["hover"]) >= 15
    assert _difference(marks["current find match"], marks["flash"]) >= 15


@pytest.mark.parametrize("palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_every_text_colour_reads_at_4_5_to_1_on_every_background_the_view_paints(qapp, palette):
    palette = palette()
    roles = QPalette.ColorRole
    base = palette.color(roles.Base)
    backgrounds = view_backgrounds(palette)
    assert len(backgrounds) == 1 + 4 + 6  # the base, four marks' fills, six highlights
    for name, text in (("text", palette.color(roles.Text)), ("muted text", muted_text(palette))):
        for background in backgrounds:
            ratio = contrast(text, background)
            assert ratio >= MINIMUM_CONTRAST, f"{name} {text.name()} on {background.name()}: {ratio:.2f}:1"
    # A selection, and the links of the notice in the title row.
    assert contrast(palette.color(roles.HighlightedText), palette.color(roles.Highlight)) >= MINIMUM_CONTRAST
    assert contrast(palette.color(roles.Link), base) >= MINIMUM_CONTRAST
    # Lines that carry meaning (find's outline, the pinned underline) reach 3:1, as UI parts must.
    looks = mark_looks(palette)
    for line in (looks.find_line, looks.pin_line, looks.flash_line):
        assert contrast(line, base) >= 3


def test_the_view_paints_captions_and_dates_in_the_legible_muted_colour(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    window.show()
    window.appearance.apply("dark")
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    view = window.view
    date = view.document().toPlainText().index("13 Juli 2021")
    cursor = QTextCursor(view.document())
    cursor.setPosition(date + 1)
    assert cursor.charFormat().foreground().color().name() == muted_text(view.palette()).name()


def test_no_text_cursor_is_drawn_yet_the_keyboard_still_moves_and_selects(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    view = window.view
    flags = view.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert view.cursorWidth() == 0
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    # At the end of a paragraph, right of its full stop: a drawn cursor would be the only ink there.
    _start, end = view.cell_range(BLOCK, ORIGINAL)
    view.select_range(end, end)
    rect = view.cursorRect()
    image = _grab(view)
    base = view.palette().color(QPalette.ColorRole.Base).name()
    column = [image.pixelColor(rect.center().x(), y).name() for y in range(rect.top() + 2, rect.bottom() - 2)]
    assert column.count(base) == len(column)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.textCursor().position() == end - 1
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().hasSelection()


def _row_at_top(view) -> tuple[int, float]:
    row, share = view.navigator.reading_place()
    return row, round(share, 2)


def test_switching_layout_keeps_the_paragraph_at_the_top_of_the_screen(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    view = _open_translated(qtbot, window)
    bar = view.verticalScrollBar()
    bar.setValue(round(view.block_rect(12).top() + 0.3 * view.block_rect(12).height()))
    row, share = view.navigator.reading_place()
    assert row == 12 and 0.2 < share < 0.4
    value = bar.value()
    for layout in (Layout.ORIGINAL_ONLY, Layout.TRANSLATION_ONLY, Layout.SIDE_BY_SIDE, Layout.ORIGINAL_ONLY, Layout.SIDE_BY_SIDE):
        window.set_layout_mode(layout)
        assert view.layout_mode == layout
        top_row, top_share = view.navigator.reading_place()
        assert top_row == 12 and abs(top_share - share) < 0.05, layout
    # Back where it started, to within a pixel or two: no drift however often it switches.
    assert abs(bar.value() - value) <= 2


def test_switching_layout_at_the_top_keeps_the_title_on_screen(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    view = _open_translated(qtbot, window)
    assert view.verticalScrollBar().value() == 0
    window.set_layout_mode(Layout.TRANSLATION_ONLY)
    assert view.verticalScrollBar().value() == 0
    window.set_layout_mode(Layout.SIDE_BY_SIDE)
    assert view.verticalScrollBar().value() == 0


def test_zooming_keeps_the_paragraph_at_the_top_of_the_screen(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    view = _open_translated(qtbot, window)
    view.verticalScrollBar().setValue(round(view.block_rect(15).top() + 0.5 * view.block_rect(15).height()))
    row, share = view.navigator.reading_place()
    for steps in (2, 2, -3, -1):
        window.zoom(steps)
        top_row, top_share = view.navigator.reading_place()
        assert top_row == row and abs(top_share - share) < 0.05, steps


def test_resizing_the_window_keeps_the_paragraph_at_the_top_of_the_screen(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    view = _open_translated(qtbot, window)
    view.verticalScrollBar().setValue(round(view.block_rect(15).top() + 0.3 * view.block_rect(15).height()))
    row, share = view.navigator.reading_place()
    for width in (700, 1400, 900, 1100):
        window.resize(width, 700)
        qtbot.waitUntil(lambda: view.viewport().width() < width, timeout=2000)
        top_row, top_share = view.navigator.reading_place()
        assert top_row == row and abs(top_share - share) < 0.05, width


def test_resizing_deep_in_a_long_post_keeps_the_paragraph_at_the_top(qtbot, tmp_path):
    view = _long_post_view(qtbot, tmp_path)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > view.block_rect(1500).top(), timeout=20000)
    bar.setValue(round(view.block_rect(1500).top()))
    for width in (600, 1300):
        view.resize(width, 700)
        assert view.navigator.reading_place()[0] == 1500, width
        qtbot.wait(400)  # and while the rest is laid out
        assert view.navigator.reading_place()[0] == 1500, width


@pytest.mark.parametrize("palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_secondary_text_beside_the_view_reads_at_4_5_to_1_too(qapp, palette):
    palette = palette()
    roles = QPalette.ColorRole
    for background in (roles.Base, roles.Window):
        colour = secondary_text(palette, background)
        assert contrast(colour, palette.color(background)) >= MINIMUM_CONTRAST
        # Still secondary: lighter (or, on dark, darker) than the text itself.
        assert contrast(colour, palette.color(background)) < contrast(palette.color(roles.Text), palette.color(background))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_address_dialog_explains_in_legible_secondary_text(qtbot, appearance, scheme):
    from reader.ui.address_dialog import AddressDialog

    appearance.apply(scheme)
    try:
        dialog = AddressDialog(None, [], "")
        qtbot.addWidget(dialog)
        explanation = dialog.findChild(QLabel, "addressExplanation")
        assert explanation.isEnabled()
        colour = explanation.palette().color(QPalette.ColorRole.WindowText)
        assert contrast(colour, dialog.palette().color(QPalette.ColorRole.Window)) >= MINIMUM_CONTRAST
    finally:
        appearance.apply("system")


def _long_post_view(qtbot, tmp_path) -> BilingualView:
    """A view showing 2,000 paragraphs in both columns (the translation the original itself)."""
    sentence = "Pemerintah daerah menyiapkan anggaran tambahan untuk memperbaiki jalan desa yang rusak."
    post = tmp_path / "panjang.txt"
    post.write_text("Laporan panjang\n\n" + "\n\n".join(f"{n}. {sentence} {sentence}" for n in range(2000)), encoding="utf-8")
    document = load_document(post)
    view = BilingualView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    translations = {i: [s.text for s in block.sentences] for i, block in enumerate(document.blocks)}
    view.session.open(document, translations, document.title)
    view.show_session()
    return view


def test_a_jump_deep_into_a_long_post_just_opened_lands_there(qtbot, tmp_path):
    # Qt lays a long post out lazily: just after it is built the scroll range covers only its start.
    view = _long_post_view(qtbot, tmp_path)
    view.navigator.scroll_to_block(1500, flash=False)
    assert 1500 in view.visible_blocks()
    # Likewise to a position (a find match, a highlight from the notes panel), a third down.
    again = _long_post_view(qtbot, tmp_path)
    start, _end = again.cell_range(1700, ORIGINAL)
    again.navigator.scroll_to_position(start)
    cursor = QTextCursor(again.document())
    cursor.setPosition(start)
    assert abs(again.cursorRect(cursor).top() - again.viewport().height() // 3) <= 2


def test_switching_layout_deep_in_a_long_post_keeps_the_paragraph_at_the_top(qtbot, tmp_path):
    view = _long_post_view(qtbot, tmp_path)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > view.block_rect(1500).top(), timeout=20000)
    bar.setValue(round(view.block_rect(1500).top()))
    assert view.navigator.reading_place()[0] == 1500
    for layout in (Layout.ORIGINAL_ONLY, Layout.SIDE_BY_SIDE, Layout.TRANSLATION_ONLY):
        view.set_layout_mode(layout)
        assert view.navigator.reading_place()[0] == 1500, layout
        qtbot.wait(400)  # and while the rest is laid out
        assert view.navigator.reading_place()[0] == 1500, layout
