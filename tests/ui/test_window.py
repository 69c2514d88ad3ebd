"""The bilingual window, driven offscreen with real widgets."""

import time

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QMessageBox

from reader.core.translate.reading import open_translator
from reader.core.platform.resources import SAMPLE_SOURCE
from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.ui.bilingual_view import Layout, SentenceRef
from tests.ui.conftest import GatedTranslator
from reader.core.session import TranslationState

SAMPLE_PARAGRAPH = "KTT Rusia-AS diadakan di Jenewa pada 16 Juni."


def _open_sample(qtbot, window):
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    return window.document


def _wait_translated(qtbot, window, timeout=20000):
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=timeout)


def _message_boxes(window) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_sample_opens_with_its_24_paragraphs_and_3_headings(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open_sample(qtbot, window)
    assert document.source == SAMPLE_SOURCE
    kinds = [block.kind for block in document.blocks]
    assert kinds.count("paragraph") == 24 and kinds.count("heading") == 3
    view = window.view
    text = view.document().toPlainText()
    for index, block in enumerate(document.blocks):
        start, end = view.cell_range(index, ORIGINAL)
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == block.text
    assert document.title in text
    assert "13 Juli 2021" in text
    assert window.windowTitle().startswith("Dubes Rusia untuk AS")


def test_without_a_model_the_translation_column_says_how_to_install_one(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.NO_MODEL, timeout=5000)
    text = window.view.document().toPlainText()
    assert "No Indonesian → English translation model is installed" in text
    assert "Install from File…" in text
    assert "Download the Indonesian → English model (about 70 MB)…" in text
    assert window.progress_label.text() == "No translation model installed"
    # Nothing pretends to be on its way: the cells stay empty.
    assert "…" not in text.replace("(about 70 MB)…", "").replace("Install from File…", "").replace("Models…", "")


def test_translation_fills_in_while_the_event_loop_keeps_running(qtbot, make_window, data_dir, installed_package):
    gated = GatedTranslator(open_translator(data_dir))
    window = make_window(data_dir, load_translator=lambda: gated)
    document = _open_sample(qtbot, window)
    qtbot.waitUntil(gated.waiting.is_set, timeout=5000)
    # The model is busy (held at the gate): the GUI thread still runs timers and repaints.
    ticks = []
    timer = QTimer(interval=5, timeout=lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=2000)
    window.view.verticalScrollBar().setValue(200)
    assert window.translation.state is TranslationState.TRANSLATING
    assert window.progress_label.text() == f"Translating 0/{len(document.blocks)} paragraphs"
    gated.gate.set()
    _wait_translated(qtbot, window)
    timer.stop()
    for index, block in enumerate(document.blocks):
        assert len(window.session.translation_of(index)) == len(block.sentences)
        assert window.view.cell_text(index, TRANSLATION) is not None
    assert window.progress_label.text() == f"Translated {len(document.blocks)} paragraphs"


def test_paragraphs_on_screen_are_translated_first(qtbot, make_window, data_dir, installed_package):
    gated = GatedTranslator(open_translator(data_dir))
    window = make_window(data_dir, load_translator=lambda: gated)
    window.resize(900, 500)
    document = _open_sample(qtbot, window)
    qtbot.waitUntil(gated.waiting.is_set, timeout=5000)
    # Scroll to the end while the first chunk is under way: the next chunk comes from there.
    window.view.verticalScrollBar().setValue(window.view.verticalScrollBar().maximum())
    visible = window.view.visible_blocks()
    assert visible and visible[-1] == len(document.blocks) - 1
    gated.gate.set()
    qtbot.waitUntil(lambda: len(gated.calls) >= 2, timeout=5000)
    second = gated.calls[1]
    assert document.blocks[visible[0]].sentences[0].text in second
    _wait_translated(qtbot, window)


def test_hovering_a_sentence_highlights_it_and_its_counterpart(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_sample(qtbot, window)
    _wait_translated(qtbot, window)
    view = window.view
    block = next(i for i, b in enumerate(document.blocks) if len(b.sentences) >= 2)
    second = document.blocks[block].sentences[1]
    start, _end = view.cell_range(block, ORIGINAL)
    view.marks.hover_position(start + second.start + 2)
    assert view.marks.hovered == SentenceRef(block, ORIGINAL, 1)
    original_range = view.sentence_range(SentenceRef(block, ORIGINAL, 1))
    translation_range = view.sentence_range(SentenceRef(block, TRANSLATION, 1))
    assert view.marks.highlighted_ranges()["hover"] == [original_range, translation_range]
    cursor = QTextCursor(view.document())
    cursor.setPosition(translation_range[0])
    cursor.setPosition(translation_range[1], QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == view.session.translation_of(block)[1]
    # The same through the mouse: move over a character of the translation's first sentence.
    first = view.sentence_range(SentenceRef(block, TRANSLATION, 0))
    view.navigator.scroll_to_position(first[0])
    cursor.setPosition(first[0] + 1)
    rect = view.cursorRect(cursor)
    qtbot.mouseMove(view.viewport(), rect.center())
    qtbot.waitUntil(lambda: view.marks.hovered == SentenceRef(block, TRANSLATION, 0), timeout=2000)
    assert view.sentence_range(SentenceRef(block, ORIGINAL, 0)) in view.marks.highlighted_ranges()["hover"]


def test_clicking_a_sentence_pins_its_counterpart_until_clicked_again(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    _wait_translated(qtbot, window)
    view = window.view
    translation_start, _ = view.cell_range(3, TRANSLATION)
    view.marks.activate_position(translation_start + 1)
    assert view.marks.active == SentenceRef(3, TRANSLATION, 0)
    assert view.sentence_range(SentenceRef(3, ORIGINAL, 0)) in view.marks.highlighted_ranges()["active"]
    assert view.navigator.current_block == 3
    view.marks.activate_position(translation_start + 1)
    assert view.marks.active is None


def test_stop_leaves_the_rest_untranslated_and_resume_finishes(qtbot, make_window, data_dir, installed_package):
    gated = GatedTranslator(open_translator(data_dir))
    window = make_window(data_dir, load_translator=lambda: gated)
    document = _open_sample(qtbot, window)
    qtbot.waitUntil(gated.waiting.is_set, timeout=5000)
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert window.translation.state is TranslationState.PAUSED
    assert window.cancel_button.text() == "Resume"
    gated.gate.set()  # the chunk under way finishes; nothing else starts
    qtbot.waitUntil(lambda: window.translation._in_flight is None, timeout=5000)
    qtbot.wait(100)
    assert len(gated.calls) == 1
    assert window.session.untranslated_blocks()
    assert window.progress_label.text().startswith("Translation stopped at")
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    _wait_translated(qtbot, window)
    assert not window.session.untranslated_blocks()
    assert len(document.blocks) == len(window.view._tables)


def test_opening_another_document_drops_the_first_ones_late_results(qtbot, make_window, data_dir, installed_package, tmp_path):
    gated = GatedTranslator(open_translator(data_dir))
    window = make_window(data_dir, load_translator=lambda: gated)
    _open_sample(qtbot, window)
    qtbot.waitUntil(gated.waiting.is_set, timeout=5000)
    other = tmp_path / "lain.txt"
    other.write_text(
        "Berita lain\n\nRusia dan AS sepakat untuk bertemu lagi.\n\nPertemuan itu diadakan di Jenewa.\n",
        encoding="utf-8",
    )
    window.open_path(other)
    qtbot.waitUntil(lambda: window.document is not None and window.document.title == "Berita lain", timeout=5000)
    first_chunk = list(gated.calls[0])
    gated.gate.set()
    _wait_translated(qtbot, window)
    assert window.view.document_shown.title == "Berita lain"
    assert [len(window.session.translation_of(i)) for i in range(2)] == [1, 1]
    assert window.session.untranslated_blocks() == []
    # The late chunk of the sample was not shown here but was cached for the next reading.
    cached = window.store.cached_translations(gated.identity, first_chunk)
    assert set(cached) == set(first_chunk)


def test_reopening_a_translated_post_needs_no_model_call(qtbot, make_window, data_dir, installed_package):
    gated = GatedTranslator(open_translator(data_dir))
    gated.gate.set()
    window = make_window(data_dir, load_translator=lambda: gated)
    _open_sample(qtbot, window)
    _wait_translated(qtbot, window)
    calls = len(gated.calls)
    window.open_sample()
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE and not window.session.untranslated_blocks(), timeout=5000)
    assert len(gated.calls) == calls


def test_a_bad_file_is_refused_by_the_error_presenter(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    bad = tmp_path / "gambar.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    window.open_path(bad)
    qtbot.waitUntil(lambda: bool(_message_boxes(window)), timeout=5000)
    (box,) = _message_boxes(window)
    assert str(bad) in box.text() and "Traceback" not in box.text()
    assert box.detailedText() == ""
    box.accept()
    assert window.document.source == SAMPLE_SOURCE  # what was open stays open


def test_layout_switch_shows_one_column_or_both(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_sample(qtbot, window)
    _wait_translated(qtbot, window)
    view = window.view
    window.layout_actions[Layout.TRANSLATION_ONLY].trigger()
    assert view.layout_mode == Layout.TRANSLATION_ONLY
    assert view.cell_range(1, ORIGINAL) is None
    assert document.blocks[1].text not in view.document().toPlainText()
    assert view.session.translation_of(1)[0] in view.document().toPlainText()
    window.layout_actions[Layout.ORIGINAL_ONLY].trigger()
    assert view.cell_range(1, TRANSLATION) is None and view.cell_range(1, ORIGINAL) is not None
    window.layout_actions[Layout.SIDE_BY_SIDE].trigger()
    assert view.cell_range(1, TRANSLATION) is not None and view.cell_range(1, ORIGINAL) is not None


def test_rows_stay_top_aligned_whatever_the_lengths(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_sample(qtbot, window)
    _wait_translated(qtbot, window)
    view = window.view
    for index in range(len(document.blocks)):
        tops = []
        for column in (ORIGINAL, TRANSLATION):
            cursor = QTextCursor(view.document())
            cursor.setPosition(view.cell_range(index, column)[0])
            tops.append(view.cursorRect(cursor).top())
        assert tops[0] == tops[1]


def test_the_window_starts_from_the_settings_given_and_keeps_its_library_where_told(qtbot, make_window, data_dir, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    window = make_window(data_dir, store_dir=scratch, settings={"view/layout": "translation"})
    assert window.view.layout_mode == Layout.TRANSLATION_ONLY
    assert window.layout_actions[Layout.TRANSLATION_ONLY].isChecked()
    _open_sample(qtbot, window)
    assert [entry.source for entry in window.store.library()] == [SAMPLE_SOURCE]
    window.close()
    assert (scratch / "settings.ini").is_file() and not (data_dir / "settings.ini").exists()
    assert make_window(data_dir).store.library() == []


def test_zoom_window_size_and_layout_are_remembered(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    size = window.view.point_size
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.point_size == size + 1
    window.set_layout_mode(Layout.ORIGINAL_ONLY)
    window.resize(700, 500)  # the offscreen screen is 800 x 600
    window.close()
    again = make_window(data_dir)
    assert again.view.point_size == size + 1
    assert again.view.layout_mode == Layout.ORIGINAL_ONLY
    assert (again.size().width(), again.size().height()) == (700, 500)


def test_find_bar_searches_both_columns(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    _wait_translated(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.field, "antonov")
    original = sum(b.text.count("Antonov") for b in window.document.blocks)
    # The gloss model copies names, so the translation column holds them as often.
    assert sum(" ".join(window.session.translation_of(i)).count("Antonov") for i in range(len(window.document.blocks))) == original
    total = 2 * original
    assert window.find_bar.count.text() == f"{total} matches"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert window.find_bar.count.text() == f"1 of {total}"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_keyboard_moves_between_paragraphs(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open_sample(qtbot, window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    first = window.view.navigator.current_block
    assert first >= 0
    for _ in range(len(document.blocks) + 3):
        qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.view.navigator.current_block == len(document.blocks) - 1
    assert window.view.visible_blocks()[-1] == len(document.blocks) - 1
    qtbot.keyClick(window.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert window.view.navigator.current_block == len(document.blocks) - 2


def test_dropping_a_file_opens_it_and_it_joins_the_recent_files(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    post = tmp_path / "catatan.md"
    post.write_text("# Catatan pagi\n\nIni paragraf pertama.\n\nIni paragraf kedua.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(post))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.document.title == "Catatan pagi", timeout=5000)
    recent = [action.toolTip() for action in window.recent_menu.actions()]
    assert recent[:2] == [str(post.resolve()), SAMPLE_SOURCE]
    assert window.recent_menu.actions()[0].text() == "Catatan pagi"


def test_next_launch_opens_the_last_document_read(qtbot, make_window, data_dir, tmp_path):
    post = tmp_path / "terakhir.txt"
    post.write_text("Yang terakhir dibaca\n\nSebuah paragraf saja.\n", encoding="utf-8")
    window = make_window(data_dir)
    window.show()
    window.open_initial(post)
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    window.close()
    again = make_window(data_dir)
    again.show()
    again.open_initial(None)
    qtbot.waitUntil(lambda: again.document is not None, timeout=5000)
    assert again.document.title == "Yang terakhir dibaca"


def test_dark_appearance_repaints_the_text_and_is_remembered(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    window.scheme_actions["dark"].trigger()
    palette = window.view.palette
    qtbot.waitUntil(lambda: palette().color(palette().ColorRole.Base).lightness() < 60, timeout=2000)
    caption = window.view.cell_range(0, ORIGINAL)
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(caption[0] + 1)
    # Muted caption text is drawn in the dark palette's placeholder colour, legible on dark.
    assert cursor.charFormat().foreground().color().lightness() > 100
    window.close()
    again = make_window(data_dir)
    assert again.appearance.scheme == "dark"
    assert again.scheme_actions["dark"].isChecked()


def test_find_results_follow_the_translation_as_it_arrives(qtbot, make_window, data_dir, installed_package):
    gated = GatedTranslator(open_translator(data_dir))
    window = make_window(data_dir, load_translator=lambda: gated)
    document = _open_sample(qtbot, window)
    qtbot.waitUntil(gated.waiting.is_set, timeout=5000)
    window.find_bar.open_bar()
    qtbot.keyClicks(window.find_bar.field, "Antonov")
    in_original = sum(b.text.count("Antonov") for b in document.blocks)
    assert window.find_bar.count.text() == f"{in_original} matches"
    gated.gate.set()
    _wait_translated(qtbot, window)
    assert window.find_bar.count.text() == f"{2 * in_original} matches"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert window.find_bar.count.text() == f"1 of {2 * in_original}"


def test_a_post_not_in_indonesian_gets_a_warning(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    assert "seems to be written in" not in window.statusBar().currentMessage()
    post = tmp_path / "english.txt"
    post.write_text(
        "A report in English\n\nThe government announced a new economic package on Monday. "
        "It includes tax incentives for small and medium businesses and support for exporters.\n",
        encoding="utf-8",
    )
    window.open_path(post)
    qtbot.waitUntil(lambda: "seems to be written in English" in window.statusBar().currentMessage(), timeout=5000)


def test_a_document_reports_its_first_paint_once(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    painted = []
    window.view.document_painted.connect(painted.append)
    document = _open_sample(qtbot, window)
    qtbot.waitUntil(lambda: len(painted) == 1, timeout=5000)
    window.view.viewport().repaint()
    assert painted == [document]


def test_the_start_up_log_says_how_long_the_first_paint_took(qtbot, make_window, data_dir, caplog):
    from reader.app import _log_first_paint, process_age

    window = make_window(data_dir)
    _log_first_paint(window.view)
    with caplog.at_level("INFO", logger="reader"):
        _open_sample(qtbot, window)
        qtbot.waitUntil(lambda: "first paint" in caplog.text, timeout=5000)
    assert "Dubes Rusia untuk AS" in caplog.text and "s after the process started" in caplog.text
    assert 0 < process_age() < 3600


def test_the_column_splitter_sets_the_columns_widths_and_is_remembered(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    _open_sample(qtbot, window)
    window.header.setSizes([300, 700])
    window.header.splitterMoved.emit(300, 1)
    qtbot.waitUntil(lambda: abs(window.view.column_ratio - 0.3) < 0.01, timeout=2000)
    left = window.view.cell_range(1, ORIGINAL)
    right = window.view.cell_range(1, TRANSLATION)
    assert left is not None and right is not None
    window.close()
    again = make_window(data_dir)
    assert abs(again.view.column_ratio - 0.3) < 0.01
    again.show()
    sizes = again.header.sizes()
    assert abs(sizes[0] / sum(sizes) - 0.3) < 0.02
