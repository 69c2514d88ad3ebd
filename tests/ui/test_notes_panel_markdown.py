"""The notes panel shows a note's Markdown rendered, and any HTML in it as text."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from reader.core.platform.resources import SAMPLE_SOURCE
from reader.ui.annotation_editor import Edit
from reader.ui.bilingual_view import ORIGINAL
from reader.ui.notes_panel import note_pieces

NOTE = "**Check** the *date* and `kode` <script>alert(1)</script>\n\n- satu"


def _annotated_window(qtbot, make_window, data_dir, note=NOTE):
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None and window.document.source == SAMPLE_SOURCE, timeout=5000)
    first, _last = window.view.cell_range(5, ORIGINAL)
    window.view.select_range(first, first + 30)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    (annotation,) = window.store.annotations_for(window.document.id)
    window.annotations.apply_edit(annotation.id, Edit("blue", note, ("cek",)))
    return window


def test_a_notes_row_paints_its_markdown_without_the_markup(qtbot, make_window, data_dir):
    window = _annotated_window(qtbot, make_window, data_dir)
    (row,) = window.notes.model.rows
    font = window.notes.list.font() if hasattr(window.notes, "list") else QFont()
    pieces = note_pieces(row.annotation.note, font, 2000)
    shown = "".join(text for text, _font in pieces)
    assert shown == "✎ Check the date and kode <script>alert(1)</script> satu"
    styles = {text: (f.bold(), f.italic()) for text, f in pieces}
    assert styles["Check"] == (True, False) and styles["date"] == (False, True)
    assert "*" not in shown and "`" not in shown


def test_a_long_note_is_elided_at_the_rows_width(qtbot, make_window, data_dir):
    window = _annotated_window(qtbot, make_window, data_dir, note="**Penting:** " + "kata " * 200)
    (row,) = window.notes.model.rows
    pieces = note_pieces(row.annotation.note, QFont(), 300)
    assert pieces[-1][0].endswith("…")
    assert sum(len(text) for text, _ in pieces) < 200


def test_a_notes_tooltip_is_its_markdown_rendered_with_html_escaped(qtbot, make_window, data_dir):
    window = _annotated_window(qtbot, make_window, data_dir)
    tip = window.notes.model.data(window.notes.model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert "<strong>Check</strong>" in tip and "<em>date</em>" in tip and "<li>satu</li>" in tip
    assert "<script>" not in tip and "&lt;script&gt;alert(1)&lt;/script&gt;" in tip
