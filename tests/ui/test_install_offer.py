"""A model file opened, dropped or given on the command line: the window offers to install it."""

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from reader.core.translate.packages import installed_packages
from reader.core.platform.resources import SAMPLE_SOURCE
from reader.core.session import TranslationState


@pytest.fixture
def served(index_server, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server.base)
    return index_server


def _offer(qtbot, window) -> QMessageBox:
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "offerInstall") is not None, timeout=30000)
    return window.findChild(QMessageBox, "offerInstall")


def _button(box: QMessageBox, text: str):
    return next(button for button in box.buttons() if button.text() == text)


def test_opening_a_model_file_offers_to_install_it_and_installing_translates(
    qtbot, make_window, data_dir, served, argos_package_files
):
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.NO_MODEL, timeout=30000)
    errors = []
    window.open_failed.connect(errors.append)

    window.open_path(argos_package_files["sentencepiece"])
    box = _offer(qtbot, window)

    assert box.isVisible() and "is a translation model package, not a post" in box.text()
    assert not window.findChildren(QMessageBox, "errorBox")
    assert window.document.source == SAMPLE_SOURCE  # the post stays open
    assert [type(error).__name__ for error in errors] == ["PackageFileOpened"]
    _button(box, "Install").click()
    qtbot.waitUntil(lambda: len(installed_packages(data_dir)) == 1, timeout=30000)
    manager = window._model_manager
    qtbot.waitUntil(lambda: "Installed Indonesian → English 1.0" in manager.status_label.text(), timeout=30000)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=30000)
    manager.close()


def test_dropping_a_model_file_offers_to_install_it_and_cancel_changes_nothing(
    qtbot, make_window, data_dir, argos_package_files
):
    window = make_window(data_dir)
    window.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(argos_package_files["bpe"]))])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )

    window.dropEvent(event)
    box = _offer(qtbot, window)
    _button(box, "Cancel").click()

    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "offerInstall") is None, timeout=10000)
    assert window._model_manager is None
    assert installed_packages(data_dir) == []


def test_a_model_file_given_at_start_gets_the_same_offer(qtbot, make_window, data_dir, argos_package_files):
    window = make_window(data_dir)
    window.show()

    window.open_initial(argos_package_files["sentencepiece"])

    assert "not a post" in _offer(qtbot, window).text()
    qtbot.waitUntil(lambda: window.document is not None, timeout=30000)
    assert window.document.source == SAMPLE_SOURCE  # the usual post opens behind the question
