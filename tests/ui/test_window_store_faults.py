"""The window when the database refuses a write: a clear message, the post still shown, nothing lost."""

from PySide6.QtWidgets import QMessageBox

from reader.core.notes.annotations import Quote, new_annotation
from reader.core.notes.columns import ORIGINAL
from reader.core.platform.clock import utc_now
from reader.core.session import TranslationState


def _message_boxes(window) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def _fill_the_disk(store) -> None:
    # SQLite answers a write past max_page_count exactly as it answers a full disk: SQLITE_FULL.
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_while_opening_a_post_says_so_and_still_shows_and_translates_it(
    qtbot, make_window, data_dir, installed_package, tmp_path
):
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)
    kept = new_annotation(Quote(window.document, ORIGINAL, 1, 0, 12), color="yellow", now=utc_now())
    window.store.add_annotation(kept)
    post = tmp_path / "pasar.txt"
    post.write_text(
        "Pasar Baru\n\n" + "\n\n".join(f"Harga beras naik lagi di pasar nomor {i} minggu ini." for i in range(40)),
        encoding="utf-8",
    )
    _fill_the_disk(window.store)

    window.open_path(post)
    qtbot.waitUntil(lambda: bool(_message_boxes(window)), timeout=5000)
    (box,) = _message_boxes(window)
    assert "full" in box.text() and "Traceback" not in box.text() and box.detailedText() == ""
    box.accept()
    assert window.document.source == str(post)  # shown all the same
    # Translating it cannot fill the cache either; the translation is shown regardless.
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)
    assert window.session.translation_of(1)
    assert window.store.annotation(kept.id) == kept
