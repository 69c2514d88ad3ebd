"""Opening a web address in the window: the dialog, fetching off the GUI thread, offline reopening, reload."""

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from reader.core.notes.annotations import DETACHED, MOVED
from reader.core.platform.resources import SAMPLE_SOURCE
from reader.core.store import open_store
from reader.ui.address_dialog import AddressDialog
from tests.core.text.test_web_pages import PARAGRAPHS, QUOTE, TITLE, highlight
from tests.support.web_server import article


def _message_boxes(window) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def _dialog(window) -> AddressDialog | None:
    dialogs = [d for d in window.findChildren(AddressDialog) if d.isVisible()]
    return dialogs[0] if dialogs else None


def _opened(qtbot, window, title: str) -> None:
    qtbot.waitUntil(lambda: window.document is not None and window.document.title == title, timeout=10000)


def test_ctrl_l_asks_for_an_address_and_opens_the_page(qtbot, make_window, data_dir, web_server):
    url = web_server.page("/2021/07/rusia.html", article(TITLE, PARAGRAPHS))
    QGuiApplication.clipboard().setText("")
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _dialog(window) is not None, timeout=3000)
    dialog = _dialog(window)
    assert not dialog.open_button.isEnabled()
    qtbot.keyClicks(dialog.edit, url)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    _opened(qtbot, window, TITLE)
    document = window.document
    assert (document.source, document.url) == (url, url)
    assert [block.text for block in document.blocks] == PARAGRAPHS
    assert window.store.kept_page(document.id).body == article(TITLE, PARAGRAPHS).encode()
    assert window.recent_menu.actions()[0].toolTip() == url
    assert window.web.reload_action.isEnabled()
    assert window.windowTitle().startswith(TITLE)
    assert window.statusBar().currentMessage().startswith(f"Fetched from {url} on 20")


def test_the_dialog_says_what_is_wrong_with_an_address_and_stays_open(qtbot, make_window, data_dir, web_server):
    window = make_window(data_dir)
    window.show()
    dialog = window.web.ask()
    qtbot.keyClicks(dialog.edit, "file:///etc/passwd")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "file: address; Baca opens http and https web addresses only" in dialog.problem.text()
    qtbot.keyClicks(dialog.edit, "x")
    assert not dialog.problem.isVisible()  # typing clears the complaint
    dialog.reject()
    assert web_server.requests == []


def test_the_dialog_suggests_an_address_on_the_clipboard(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    QGuiApplication.clipboard().setText("  https://contoh.id/berita.html \n")
    dialog = window.web.ask()
    assert dialog.edit.text() == "https://contoh.id/berita.html"
    assert dialog.edit.selectedText() == dialog.edit.text()  # typing replaces it
    dialog.reject()
    QGuiApplication.clipboard().setText("sekadar teks")
    dialog = window.web.ask()
    assert dialog.edit.text() == ""
    dialog.reject()


def test_fetching_runs_off_the_gui_thread_and_says_so(qtbot, make_window, data_dir, web_server):
    url = web_server.page("/lambat.html", article(TITLE, PARAGRAPHS), stall=0.8)
    window = make_window(data_dir)
    window.show()
    window.open_address(url)
    assert window.statusBar().currentMessage() == f"Fetching {url}…"
    ticks = []
    timer = QTimer(interval=5, timeout=lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=2000)
    assert window.document is None  # still fetching, the GUI thread free
    _opened(qtbot, window, TITLE)
    timer.stop()


def test_a_failed_fetch_is_reported_and_what_was_open_stays(qtbot, make_window, data_dir, web_server):
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    window.open_address(web_server.url("/hilang.html"))
    qtbot.waitUntil(lambda: bool(_message_boxes(window)), timeout=5000)
    (box,) = _message_boxes(window)
    assert "answered 404 Not Found" in box.text() and box.detailedText() == ""
    box.accept()
    assert window.document.source == SAMPLE_SOURCE
    assert window.statusBar().currentMessage() == ""


def test_a_fetched_page_reopens_offline_with_its_notes(qtbot, make_window, data_dir, web_server):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    window = make_window(data_dir)
    window.show()
    window.open_initial(url)  # as `reader URL` does
    _opened(qtbot, window, TITLE)
    window.store.add_annotation(highlight(window.document, 2, QUOTE))
    window.close()
    web_server.stop()

    again = make_window(data_dir)
    again.show()
    again.open_initial(None)  # the last post read: the kept page, no network
    _opened(qtbot, again, TITLE)
    assert again.document.source == url
    assert [a.exact for a in again.annotations.annotations()] == [QUOTE]
    again.open_sample()
    qtbot.waitUntil(lambda: again.document.source == SAMPLE_SOURCE, timeout=5000)
    (action,) = [a for a in again.recent_menu.actions() if a.toolTip() == url]
    action.trigger()
    _opened(qtbot, again, TITLE)


def test_reload_from_web_shows_where_the_notes_are_in_the_new_version(qtbot, make_window, data_dir, web_server):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    window = make_window(data_dir)
    window.show()
    window.open_address(url)
    _opened(qtbot, window, TITLE)
    first = window.document
    kept = highlight(first, 2, QUOTE)
    gone = highlight(first, 1, "pembicaraan di tingkat tertinggi diadakan dengan tenang")
    window.store.add_annotations([kept, gone])
    window.annotations.reload()

    window.web.reload_action.trigger()
    qtbot.waitUntil(lambda: "Reloaded from the web" in window.statusBar().currentMessage(), timeout=10000)
    assert "the page has not changed" in window.statusBar().currentMessage()

    edited = ["Paragraf baru di awal tulisan ini ditambahkan oleh redaksi setelah terbit.", PARAGRAPHS[0],
              "Berbicara tentang hasil KTT Jenewa, Antonov tidak berkata apa-apa lagi.", PARAGRAPHS[2]]
    web_server.page("/rusia.html", article(TITLE, edited))
    window.statusBar().clearMessage()
    window.web.reload_action.trigger()
    qtbot.waitUntil(lambda: "Reloaded from the web" in window.statusBar().currentMessage(), timeout=10000)
    message = window.statusBar().currentMessage()
    assert "the page has changed; of its 2 notes, 0 in place, 1 moved, 1 detached" in message
    assert window.document.id == first.id and len(window.document.blocks) == 4
    statuses = {a.id: (a.status, a.block) for a in window.store.annotations_for(first.id)}
    assert statuses == {kept.id: (MOVED, 3), gone.id: (DETACHED, 1)}
    assert web_server.paths() == ["/rusia.html"] * 3


def test_reload_from_web_is_only_for_fetched_pages(qtbot, make_window, data_dir, web_server):
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    assert not window.web.reload_action.isEnabled()
    window.web.reload()  # a shortcut pressed anyway does nothing
    assert web_server.requests == []


def test_opening_an_address_offline_shows_the_copy_kept_and_says_so(qtbot, make_window, data_dir, web_server):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    window = make_window(data_dir)
    window.show()
    window.open_address(url)
    _opened(qtbot, window, TITLE)
    window.open_sample()
    qtbot.waitUntil(lambda: window.document.source == SAMPLE_SOURCE, timeout=5000)
    web_server.stop()
    window.open_address(url)
    _opened(qtbot, window, TITLE)
    message = window.statusBar().currentMessage()
    assert message.startswith("No network: 127.0.0.1 refused the connection.")
    assert "Using the copy fetched on 20" in message
    assert _message_boxes(window) == []


def test_stop_ends_a_fetch_and_what_was_open_stays(qtbot, make_window, data_dir, web_server):
    url = web_server.page("/lambat.html", article(TITLE, PARAGRAPHS), stall=30)
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    window.open_address(url)
    assert window.web.stop_button.isVisible()
    qtbot.waitUntil(lambda: len(web_server.requests) == 1, timeout=5000)
    qtbot.mouseClick(window.web.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Stopped fetching"), timeout=2000)
    assert not window.web.stop_button.isVisible()
    assert _message_boxes(window) == []
    assert window.document.source == SAMPLE_SOURCE
    assert window.store.kept_page(window.document.id) is None


def test_opening_another_post_stops_a_fetch_still_running(qtbot, make_window, data_dir, web_server, tmp_path):
    url = web_server.page("/lambat.html", article(TITLE, PARAGRAPHS), stall=30)
    post = tmp_path / "lain.txt"
    post.write_text("Berita lain\n\nSebuah paragraf saja.\n", encoding="utf-8")
    window = make_window(data_dir)
    window.show()
    window.open_address(url)
    qtbot.waitUntil(lambda: len(web_server.requests) == 1, timeout=5000)
    stopper = window.web._stopper
    window.open_path(post)
    _opened(qtbot, window, "Berita lain")
    assert stopper.stopped.is_set()
    assert not window.web.stop_button.isVisible()
    qtbot.wait(200)
    assert _message_boxes(window) == [] and window.document.title == "Berita lain"


def test_closing_the_window_stops_a_fetch(qtbot, make_window, data_dir, web_server):
    url = web_server.page("/lambat.html", article(TITLE, PARAGRAPHS), stall=30)
    window = make_window(data_dir)
    window.show()
    window.open_address(url)
    qtbot.waitUntil(lambda: len(web_server.requests) == 1, timeout=5000)
    stopper = window.web._stopper
    window.close()
    assert stopper.stopped.is_set()


@pytest.mark.slow
def test_reader_url_opens_the_page_and_a_second_launch_hands_its_url_over(data_dir, web_server):
    from tests.ui.test_single_instance import _finish, _launch, _library_sources, _wait_for

    first_url = web_server.page("/satu.html", article(TITLE, PARAGRAPHS))
    second_url = web_server.page("/dua.html", article("Berita kedua tentang Jenewa", PARAGRAPHS[::-1]))
    first = _launch(data_dir, first_url)
    try:
        assert _wait_for(lambda: _library_sources(data_dir)[:1] == [first_url], timeout=60), first.poll()
        second = _launch(data_dir, second_url)
        _, err = _finish(second)
        assert second.returncode == 0 and f"handed {second_url} to" in err
        assert _wait_for(lambda: _library_sources(data_dir)[:1] == [second_url])
    finally:
        first.terminate()
        first.communicate(timeout=30)
    store = open_store(data_dir)
    assert {store.kept_page(entry.id).address for entry in store.library()} == {first_url, second_url}
    store.close()


def test_a_note_found_in_another_post_opens_its_kept_page_offline(qtbot, make_window, data_dir, web_server):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    window = make_window(data_dir)
    window.show()
    window.open_address(url)
    _opened(qtbot, window, TITLE)
    note = highlight(window.document, 2, QUOTE)
    window.store.add_annotation(note)
    window.open_sample()
    qtbot.waitUntil(lambda: window.document.source == SAMPLE_SOURCE, timeout=5000)
    web_server.stop()
    window.go_to_annotation(note)
    _opened(qtbot, window, TITLE)
    assert window.document.source == url
    assert _message_boxes(window) == []
