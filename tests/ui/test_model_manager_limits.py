"""The Translation Models window when a server crawls: the download or the list stops and says so."""

from pathlib import Path

from PySide6.QtCore import Qt

from reader.core.downloads import downloads_dir
from reader.core.packages import installed_packages
from tests.ui.test_model_manager import (  # noqa: F401 (fixtures)
    _wait_for_index,
    _wait_for_status,
    argos_dir,
    open_manager,
    served,
)


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


def test_a_download_crawling_below_the_least_rate_stops_and_says_so(qtbot, open_manager, served, data_dir, monkeypatch):
    monkeypatch.setattr("reader.core.transfer.RATE_WINDOW", 0.6)
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
    monkeypatch.setattr("reader.core.transfer.RATE_WINDOW", 0.6)
    served.index_mode = "trickle"

    again = open_manager()
    _wait_for_status(qtbot, again, "less than 1.0 kB/s arrived over 0.6 s, so Baca stopped waiting")

    assert again.source_label.text().startswith("Offline copy of the list from")
    assert again.selected_available().code == "translate-id_en"
