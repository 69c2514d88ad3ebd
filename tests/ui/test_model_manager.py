"""The Translation Models window, driven offscreen against a local index on 127.0.0.1."""

import shutil
import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.core.translate.downloads import downloads_dir
from reader.core.translate.package_index import refresh_index
from reader.core.translate.packages import app_packages_dir, installed_packages
from reader.core.notes.columns import TRANSLATION
from reader.ui.model_manager import NOTHING_INSTALLED, ModelManager
from reader.ui.tasks import TaskRunner
from tests.support.index_server import closed_port_base
from reader.core.session import TranslationState


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


def rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(row).text(column) for column in range(tree.columnCount())]
        for row in range(tree.topLevelItemCount())
    ]


@pytest.fixture
def argos_dir(tmp_path, monkeypatch) -> Path:
    """A private, empty Argos Translate packages folder."""
    path = tmp_path / "argos-packages"
    path.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(path))
    return path


@pytest.fixture
def open_manager(qtbot, data_dir, argos_dir):
    """Open ModelManagers the way the main window will; their task runners are shut down after."""
    made = []

    def open_(**options) -> ModelManager:
        tasks = TaskRunner()
        manager = ModelManager(data_dir, tasks, **options)
        qtbot.addWidget(manager)
        manager.changes = []
        manager.models_changed.connect(lambda: manager.changes.append(True))
        manager.show()
        made.append((manager, tasks))
        return manager

    yield open_
    for manager, tasks in made:
        if shiboken6.isValid(manager):
            manager.cancel_download()
        tasks.shutdown(wait=True)


@pytest.fixture
def served(index_server, monkeypatch):
    """ARGOS_PACKAGE_INDEX pointed at the local index."""
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server.base)
    return index_server


def _wait_for_installed(qtbot, manager, *paths):
    """Until the installed list shows these folders (ours as they are, Argos's marked read-only)."""
    qtbot.waitUntil(lambda: [row[3].split("  (")[0] for row in rows(manager.installed_list)] == [str(p) for p in paths], timeout=5000)


def _wait_for_index(qtbot, manager):
    qtbot.waitUntil(lambda: manager.selected_available() is not None, timeout=5000)


def _wait_for_status(qtbot, manager, text: str):
    qtbot.waitUntil(lambda: text in manager.status_label.text(), timeout=10000)


# --- Opening ------------------------------------------------------------------------------------


def test_the_index_appears_with_indonesian_to_english_first_and_selected(qtbot, open_manager, served):
    manager = open_manager()

    _wait_for_index(qtbot, manager)

    assert rows(manager.available_list) == [
        ["Indonesian → English", "1.0", ""],
        ["English → Indonesian", "1.0", ""],
    ]
    assert manager.selected_available().code == "translate-id_en"
    assert manager.download_button.isEnabled() and manager.download_button.text() == "Download"
    assert manager.source_label.text() == f"From {served.base[7:-1]} · updated just now"
    assert rows(manager.installed_list) == [[NOTHING_INSTALLED, "", "", ""]]
    assert not manager.remove_button.isEnabled()


def test_focus_pair_selects_another_pair_when_asked(qtbot, open_manager, served):
    manager = open_manager(focus_pair=("en", "id"))

    _wait_for_index(qtbot, manager)

    assert manager.available_list.topLevelItem(0).text(0) == "English → Indonesian"
    assert manager.selected_available().pair == ("en", "id")


def test_installed_packages_show_languages_version_size_and_folder(
    qtbot, open_manager, served, installed_package, argos_dir, argos_package_dirs
):
    shutil.copytree(argos_package_dirs["bpe"], argos_dir / "translate-id_en-0_9")
    manager = open_manager()

    _wait_for_installed(qtbot, manager, installed_package.path, argos_dir / "translate-id_en-0_9")

    ours, theirs = rows(manager.installed_list)
    assert ours[:2] == ["Indonesian → English", "1.0"]
    assert ours[2].endswith(" MB") and float(ours[2].split()[0]) > 0.5
    assert ours[3] == str(installed_package.path)
    assert theirs[3] == f"{argos_dir / 'translate-id_en-0_9'}  (read-only)"
    _wait_for_index(qtbot, manager)
    assert manager.available_list.topLevelItem(0).text(2) == "Installed"
    assert manager.download_button.text() == "Download Again"


# --- Downloading --------------------------------------------------------------------------------


def test_download_moves_the_progress_bar_installs_and_emits_models_changed(qtbot, open_manager, served, data_dir):
    served.mode = "slow"
    served.slow_piece = 64 * 1024  # about 0.35 s in all: several progress reports reach the bar
    manager = open_manager()
    _wait_for_index(qtbot, manager)
    values = []
    manager.progress_bar.valueChanged.connect(values.append)
    # The GUI thread keeps running while the download goes on.
    ticks = []
    timer = QTimer(interval=10, timeout=lambda: ticks.append(time.perf_counter()))
    timer.start()

    with qtbot.waitSignal(manager.models_changed, timeout=15000):
        qtbot.mouseClick(manager.download_button, Qt.MouseButton.LeftButton)
        assert manager.progress_bar.isVisible() and manager.cancel_button.isVisible()
        assert not manager.download_button.isEnabled() and not manager.install_button.isEnabled()
    timer.stop()

    assert len([v for v in values if 0 < v < 1000]) >= 3 and values == sorted(values)
    assert len(ticks) >= 10
    [package] = installed_packages(data_dir)
    _wait_for_installed(qtbot, manager, package.path)
    assert manager.status_label.text() == "Installed Indonesian → English 1.0. Translation starts with it now."
    assert not manager.progress_bar.isVisible() and not manager.cancel_button.isVisible()
    assert manager.available_list.topLevelItem(0).text(2) == "Installed"
    assert manager.changes == [True]
    assert listing(downloads_dir(data_dir)) == []


def test_cancel_stops_the_download_and_leaves_nothing(qtbot, open_manager, served, data_dir):
    served.mode = "slow"
    manager = open_manager()
    _wait_for_index(qtbot, manager)
    qtbot.mouseClick(manager.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: manager.progress_bar.value() > 0, timeout=5000)

    qtbot.mouseClick(manager.cancel_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not manager.downloading, timeout=5000)
    assert manager.status_label.text() == "The download of Indonesian → English 1.0 was cancelled. Nothing was kept."
    assert not manager.progress_bar.isVisible()
    assert manager.download_button.isEnabled()
    assert listing(downloads_dir(data_dir)) == [] and listing(app_packages_dir(data_dir)) == []
    assert manager.changes == []


def test_closing_the_window_cancels_its_download(qtbot, open_manager, served, data_dir):
    served.mode = "slow"
    manager = open_manager()
    _wait_for_index(qtbot, manager)
    qtbot.mouseClick(manager.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: manager.progress_bar.value() > 0, timeout=5000)

    manager.close()

    qtbot.waitUntil(lambda: not manager.downloading, timeout=5000)
    assert listing(downloads_dir(data_dir)) == [] and installed_packages(data_dir) == []


def test_destroying_the_window_with_its_parent_cancels_its_download(qtbot, served, data_dir, argos_dir):
    served.mode = "slow"
    parent, tasks = QWidget(), TaskRunner()
    manager = ModelManager(data_dir, tasks, parent)
    manager.show()
    _wait_for_index(qtbot, manager)
    qtbot.mouseClick(manager.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: manager.progress_bar.value() > 0, timeout=5000)

    shiboken6.delete(parent)

    # The worker stops at its next chunk and deletes its file; the late result finds no window.
    qtbot.waitUntil(lambda: listing(downloads_dir(data_dir)) == [], timeout=5000)
    qtbot.wait(100)
    tasks.shutdown(wait=True)
    assert installed_packages(data_dir) == []


def test_a_dropped_download_says_so_and_a_second_try_installs(qtbot, open_manager, served, data_dir):
    served.drops_left = 1
    manager = open_manager()
    _wait_for_index(qtbot, manager)

    qtbot.mouseClick(manager.download_button, Qt.MouseButton.LeftButton)

    _wait_for_status(qtbot, manager, "the connection closed early. Nothing was kept; try again.")
    assert manager.download_button.isEnabled() and installed_packages(data_dir) == []
    assert listing(downloads_dir(data_dir)) == []
    with qtbot.waitSignal(manager.models_changed, timeout=10000):
        qtbot.mouseClick(manager.download_button, Qt.MouseButton.LeftButton)
    assert len(installed_packages(data_dir)) == 1


def test_a_download_failing_its_checks_says_why_and_installs_nothing(qtbot, open_manager, served, data_dir):
    served.mode = "corrupt"
    manager = open_manager()
    _wait_for_index(qtbot, manager)

    qtbot.mouseClick(manager.download_button, Qt.MouseButton.LeftButton)

    _wait_for_status(qtbot, manager, "failed its checks")
    assert "it is not a zip archive" in manager.status_label.text()
    assert installed_packages(data_dir) == [] and listing(downloads_dir(data_dir)) == []
    assert manager.changes == []


# --- No network ---------------------------------------------------------------------------------


def test_without_a_network_the_window_says_so_and_explains_install_from_file(qtbot, open_manager, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_base())
    manager = open_manager()

    _wait_for_status(qtbot, manager, "No network")

    text = manager.status_label.text()
    assert text.startswith("No network: cannot reach 127.0.0.1 (connection refused).")
    assert text.endswith("You can install a model file you got elsewhere with Install from File…")
    assert "reading, and translating with an installed model, do not" in text
    assert rows(manager.available_list) == [["The list of models could not be read.", "", ""]]
    assert not manager.download_button.isEnabled()
    assert manager.install_button.isEnabled() and manager.refresh_button.isEnabled()


def test_offline_the_last_list_read_is_shown_with_its_age(qtbot, open_manager, served, data_dir):
    refresh_index(data_dir)
    served.stop()
    manager = open_manager()

    _wait_for_status(qtbot, manager, "No network")

    assert [row[0] for row in rows(manager.available_list)] == ["Indonesian → English", "English → Indonesian"]
    assert manager.source_label.text() == (
        f"Offline copy of the list from {served.base[7:-1]} · last updated just now"
    )


# --- Install from file and remove ---------------------------------------------------------------


def _choose(monkeypatch, path: Path) -> None:
    """The file dialog answers with `path` (it is modal and native, so the test cannot drive it)."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


def test_install_from_file_installs_it_and_emits_models_changed(
    qtbot, open_manager, served, data_dir, argos_package_files, monkeypatch
):
    _choose(monkeypatch, argos_package_files["bpe"])
    manager = open_manager()

    with qtbot.waitSignal(manager.models_changed, timeout=10000):
        qtbot.mouseClick(manager.install_button, Qt.MouseButton.LeftButton)

    [package] = installed_packages(data_dir)
    assert manager.status_label.text() == (
        f"Installed Indonesian → English 1.0 in {package.path}. Translation starts with it now."
    )
    _wait_for_installed(qtbot, manager, package.path)


def test_install_from_file_of_another_pair_says_baca_will_not_use_it(
    qtbot, open_manager, served, en_id_package_file, monkeypatch
):
    _choose(monkeypatch, en_id_package_file)
    manager = open_manager()

    with qtbot.waitSignal(manager.models_changed, timeout=10000):
        qtbot.mouseClick(manager.install_button, Qt.MouseButton.LeftButton)

    assert manager.status_label.text().endswith(
        "Baca translates Indonesian → English, so it will not use this one."
    )


def test_install_from_file_with_a_bad_file_shows_the_error_and_changes_nothing(
    qtbot, open_manager, served, data_dir, installed_package, tmp_path, monkeypatch
):
    bad = tmp_path / "translate-id_en.argosmodel"
    bad.write_text("not a package")
    _choose(monkeypatch, bad)
    before = listing(app_packages_dir(data_dir))
    manager = open_manager()

    qtbot.mouseClick(manager.install_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: manager.findChild(QMessageBox, "errorBox") is not None, timeout=5000)
    box = manager.findChild(QMessageBox, "errorBox")
    assert box.text() == (
        "translate-id_en.argosmodel is not a usable translation package: it is not a zip archive "
        "(an .argosmodel file is one). Nothing was installed."
    )
    assert box.detailedText() == ""  # an expected refusal: no traceback
    assert listing(app_packages_dir(data_dir)) == before
    assert manager.changes == [] and manager.install_button.isEnabled()
    box.close()


def test_remove_asks_first_then_deletes_the_package(qtbot, open_manager, served, data_dir, installed_package):
    manager = open_manager()
    _wait_for_installed(qtbot, manager, installed_package.path)
    manager.installed_list.setCurrentItem(manager.installed_list.topLevelItem(0))
    assert manager.remove_button.isEnabled()

    qtbot.mouseClick(manager.remove_button, Qt.MouseButton.LeftButton)
    box = manager.findChild(QMessageBox, "confirmRemove")
    assert box.isVisible() and "Remove Indonesian → English 1.0?" in box.text()
    [remove] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]
    with qtbot.waitSignal(manager.models_changed, timeout=10000):
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)

    assert not installed_package.path.exists() and installed_packages(data_dir) == []
    assert manager.status_label.text() == "Removed Indonesian → English 1.0."
    qtbot.waitUntil(lambda: rows(manager.installed_list) == [[NOTHING_INSTALLED, "", "", ""]], timeout=5000)


def test_cancelling_the_remove_question_keeps_the_package(qtbot, open_manager, served, installed_package):
    manager = open_manager()
    _wait_for_installed(qtbot, manager, installed_package.path)
    manager.installed_list.setCurrentItem(manager.installed_list.topLevelItem(0))

    qtbot.mouseClick(manager.remove_button, Qt.MouseButton.LeftButton)
    box = manager.findChild(QMessageBox, "confirmRemove")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    qtbot.wait(100)
    assert installed_package.path.is_dir() and manager.changes == []


def test_remove_is_disabled_for_the_read_only_argos_folder(
    qtbot, open_manager, served, argos_dir, argos_package_dirs
):
    shutil.copytree(argos_package_dirs["bpe"], argos_dir / "translate-id_en-1_9")
    manager = open_manager()
    _wait_for_installed(qtbot, manager, argos_dir / "translate-id_en-1_9")

    manager.installed_list.setCurrentItem(manager.installed_list.topLevelItem(0))

    assert not manager.remove_button.isEnabled()
    assert "Argos Translate's own folder" in manager.remove_button.toolTip()


# --- First start --------------------------------------------------------------------------------


def test_first_start_link_opens_the_manager_and_a_download_translates_the_open_post(
    qtbot, make_window, data_dir, served, argos_dir
):
    window = make_window(data_dir)
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.NO_MODEL, timeout=5000)

    # Click the link in the translation column.
    view = window.view
    cursor = view.document().find("Download the Indonesian → English model")
    cursor.setPosition(cursor.selectionStart() + 3)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())
    qtbot.waitUntil(lambda: window._model_manager is not None and window._model_manager.isVisible(), timeout=2000)

    manager = window._model_manager
    assert window.open_model_manager() is manager  # one at a time
    _wait_for_index(qtbot, manager)
    assert manager.selected_available().code == "translate-id_en"
    qtbot.mouseClick(manager.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)

    assert "No Indonesian → English translation model" not in view.document().toPlainText()
    assert view.cell_text(0, TRANSLATION)
    manager.close()


# --- Servers that crawl --------------------------------------------------------------------------


def test_a_download_crawling_below_the_least_rate_stops_and_says_so(qtbot, open_manager, served, data_dir, monkeypatch):
    monkeypatch.setattr("reader.core.translate.transfer.RATE_WINDOW", 0.6)
    manager = open_manager()
    _wait_for_index(qtbot, manager)
    served.mode = "trickle"

    qtbot.mouseClick(manager.download_button, Qt.MouseButton.LeftButton)
    _wait_for_status(qtbot, manager, "less than 1.0 kB/s arrived over 0.6 s")

    assert "Nothing was kept; try again." in manager.status_label.text()
    assert not manager.progress_bar.isVisible() and manager.download_button.isEnabled()
    assert listing(downloads_dir(data_dir)) == [] and installed_packages(data_dir) == []


def test_a_crawling_index_falls_back_to_the_offline_copy_and_says_why(qtbot, open_manager, served, monkeypatch):
    manager = open_manager()
    _wait_for_index(qtbot, manager)  # fetched once: the offline copy exists
    manager.close()
    monkeypatch.setattr("reader.core.translate.transfer.RATE_WINDOW", 0.6)
    served.index_mode = "trickle"

    again = open_manager()
    _wait_for_status(qtbot, again, "less than 1.0 kB/s arrived over 0.6 s, so Baca stopped waiting")

    assert again.source_label.text().startswith("Offline copy of the list from")
    assert again.selected_available().code == "translate-id_en"
