"""Documents over Baca's limits in the window: refused with a message, the open post kept."""

from PySide6.QtWidgets import QMessageBox

from reader.core.text.limits import MAX_BLOCK_CHARS, MAX_TEXT_CHARS
from reader.core.platform.resources import SAMPLE_SOURCE


def _message_boxes(window) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_a_19_mb_one_line_text_is_refused_and_the_open_post_stays(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    huge = tmp_path / "besar.txt"
    huge.write_text("kata yang sama diulang " * 830_000, encoding="utf-8")  # 19 MB, one line

    window.open_path(huge)

    qtbot.waitUntil(lambda: bool(_message_boxes(window)), timeout=10000)
    (box,) = _message_boxes(window)
    assert str(huge) in box.text() and f"{MAX_TEXT_CHARS:,} characters" in box.text()
    assert "Traceback" not in box.text()
    box.accept()
    assert window.document.source == SAMPLE_SOURCE
    assert window.store.library_entry(window.document.id) is not None
    assert all(entry.source != str(huge) for entry in window.store.library())


def test_a_paragraph_over_the_limit_shows_as_several_rows(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    window.show()
    long_paragraph = " ".join(f"Kalimat nomor {i} tentang dialog yang penting bagi dunia." for i in range(150))
    post = tmp_path / "panjang.txt"
    post.write_text(f"Judul pendek\n\n{long_paragraph}\n", encoding="utf-8")

    window.open_path(post)

    qtbot.waitUntil(lambda: window.document is not None and window.document.source == str(post), timeout=5000)
    blocks = window.document.blocks
    assert len(blocks) > 1 and all(len(block.text) <= MAX_BLOCK_CHARS for block in blocks)
    text = window.view.document().toPlainText()
    assert all(block.text in text for block in blocks)
