"""The Translation Models window: installed packages, install from a file, download from the index."""

import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.translate.package_index import PackageIndex, install_state
from reader.core.translate.packages import (
    InstalledPackage,
    install_package_file,
    installed_packages,
    package_size,
    remove_package,
)
from reader.core.translate.transfer import NO_NETWORK_ADVICE, format_bytes
from reader.ui.confirm import confirm_remove
from reader.ui.errors import show_error
from reader.ui.model_downloads import APP_PAIR, IndexAndDownloads, ProgressSignal, what_next
from reader.ui.record_list import fit_columns, placeholder_row, record_list, record_row, selected_record
from reader.ui.tasks import TaskRunner

NOTHING_INSTALLED = "No translation model is installed yet: download one below, or install a model file you have."
# The dialog has its own words for what to do offline (the core's name this very window).
OFFLINE_ADVICE = (
    "Downloads need a connection; reading, and translating with an installed model, do not. "
    "You can install a model file you got elsewhere with Install from File…"
)
FILE_FILTER = "Argos Translate models (*.argosmodel);;All files (*)"


class ModelManager(IndexAndDownloads, QDialog):
    """Lists, installs, downloads and removes translation packages; every slow step runs off the GUI thread."""

    models_changed = Signal()  # a package was installed or removed: look for the model again

    def __init__(
        self,
        data_dir: Path,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        focus_pair: tuple[str, str] | None = APP_PAIR,
        network_lane: str = "io",
    ):
        super().__init__(parent)
        self.setObjectName("modelManager")
        self.setWindowTitle("Translation Models")
        self._data_dir = Path(data_dir)
        self._tasks = tasks
        self._focus_pair = tuple(focus_pair) if focus_pair else None
        self._network_lane = network_lane
        self._installed: list[InstalledPackage] = []
        self._index: PackageIndex | None = None
        self._listing = 0  # numbers the requests, so a late answer to an older one is dropped
        self._fetching = 0
        self._reading = False  # the index is being read
        self._download = 0
        self._cancel: threading.Event | None = None
        self._busy = False  # an install, a removal or a download is under way
        self._progress_signal = ProgressSignal(self)
        self._progress_signal.reported.connect(self._on_progress)
        # Quitting must not wait for a download to finish: the worker thread is joined at exit.
        QCoreApplication.instance().aboutToQuit.connect(self.cancel_download)
        self._build()
        self.resize(760, 560)
        self.refresh_installed()
        self.refresh_index()

    # Building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        installed_box = QGroupBox("Installed", self)
        installed_layout = QVBoxLayout(installed_box)
        self.installed_list = self._tree(["Languages", "Version", "Size", "Folder"], installed_box)
        self.installed_list.setObjectName("installedList")
        self.installed_list.itemSelectionChanged.connect(self._update_buttons)
        installed_layout.addWidget(self.installed_list)
        row = QHBoxLayout()
        self.install_button = QPushButton("Install from File…", installed_box)
        self.install_button.setObjectName("installFromFile")
        self.install_button.clicked.connect(self._choose_file)
        self.remove_button = QPushButton("Remove", installed_box)
        self.remove_button.setObjectName("removeModel")
        self.remove_button.clicked.connect(self._confirm_remove)
        row.addWidget(self.install_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        installed_layout.addLayout(row)
        layout.addWidget(installed_box, 2)

        available_box = QGroupBox("Available to download", self)
        available_layout = QVBoxLayout(available_box)
        source_row = QHBoxLayout()
        self.source_label = QLabel(available_box)
        self.source_label.setObjectName("indexSource")
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button = QPushButton("Refresh", available_box)
        self.refresh_button.clicked.connect(self.refresh_index)
        source_row.addWidget(self.source_label, 1)
        source_row.addWidget(self.refresh_button)
        available_layout.addLayout(source_row)
        self.available_list = self._tree(["Languages", "Version", "Status"], available_box)
        self.available_list.setObjectName("availableList")
        self.available_list.itemSelectionChanged.connect(self._update_buttons)
        self.available_list.itemDoubleClicked.connect(lambda item, column: self.start_download())
        available_layout.addWidget(self.available_list)
        download_row = QHBoxLayout()
        self.progress_bar = QProgressBar(available_box)
        self.progress_bar.setObjectName("downloadProgress")
        self.progress_bar.hide()
        self.cancel_button = QPushButton("Cancel", available_box)
        self.cancel_button.setObjectName("cancelDownload")
        self.cancel_button.clicked.connect(self.cancel_download)
        self.cancel_button.hide()
        self.download_button = QPushButton("Download", available_box)
        self.download_button.setObjectName("download")
        self.download_button.clicked.connect(self.start_download)
        download_row.addWidget(self.progress_bar, 1)
        download_row.addWidget(self.cancel_button)
        download_row.addStretch(0)
        download_row.addWidget(self.download_button)
        available_layout.addLayout(download_row)
        self.status_label = QLabel(available_box)
        self.status_label.setObjectName("modelStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        available_layout.addWidget(self.status_label)
        layout.addWidget(available_box, 3)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_buttons()

    def _tree(self, headers: list[str], parent: QWidget) -> QTreeWidget:
        tree = record_list(parent, headers)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.header().setStretchLastSection(True)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fit_columns(tree)
        return tree

    # Installed packages

    def refresh_installed(self) -> None:
        """List the installed packages and their sizes (read off the GUI thread)."""
        self._listing += 1
        listing, data_dir = self._listing, self._data_dir

        def work():
            return [(package, package_size(package.path)) for package in installed_packages(data_dir)]

        self._tasks.run(
            work,
            lambda found: self._alive() and self._on_installed(listing, found),
            lambda error: self._alive() and self._on_error(error),
            lane="io",
        )

    def _on_installed(self, listing: int, found: list[tuple[InstalledPackage, int]]) -> None:
        if listing != self._listing:
            return
        selected = self.selected_installed()
        self._installed = [package for package, _size in found]
        self.installed_list.clear()
        for package, size in found:
            texts = [
                f"{package.from_name or package.from_code} → {package.to_name or package.to_code}",
                package.version,
                format_bytes(size),
                str(package.path) + ("" if package.writable else "  (read-only)"),
            ]
            item = record_row(self.installed_list, texts, package)
            item.setToolTip(3, str(package.path) if package.writable else (
                f"{package.path}\nArgos Translate's own folder: Baca uses these packages but does not change them."
            ))
            if selected is not None and package.path == selected.path:
                item.setSelected(True)
        if not found:
            placeholder_row(self.installed_list, NOTHING_INSTALLED)
        fit_columns(self.installed_list)
        self._show_index()  # the Status column follows what is installed
        self._update_buttons()

    def selected_installed(self) -> InstalledPackage | None:
        return selected_record(self.installed_list)

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Install a translation model", str(Path.home()), FILE_FILTER)
        if path:
            self.install_file(Path(path))

    def install_file(self, path: Path) -> None:
        """Check and install a package file off the GUI thread; a bad file changes nothing."""
        path = Path(path)
        if self._busy:
            self._set_status(f"Another install, removal or download is under way; install {path.name} when it ends.")
            return
        data_dir = self._data_dir
        self._set_busy(True)
        self._set_status(f"Checking and installing {path.name}…")
        self._tasks.run(
            lambda: install_package_file(path, data_dir),
            lambda package: self._alive() and self._on_installed_one(package),
            lambda error: self._alive() and self._on_action_failed(error),
            lane="io",
        )

    def _confirm_remove(self) -> None:
        package = self.selected_installed()
        if package is None or not package.writable:
            return
        confirm_remove(
            self,
            "Remove Translation Model",
            f"Remove {package.label}?\n\nIts folder {package.path} is deleted. You can download or "
            "install it again later.",
            lambda: self.remove(package),
        )

    def remove(self, package: InstalledPackage) -> None:
        """Delete a package from Baca's folder off the GUI thread."""
        self._set_busy(True)
        self._set_status(f"Removing {package.label}…")
        self._tasks.run(
            lambda: remove_package(package),
            lambda _none: self._alive() and self._on_removed(package),
            lambda error: self._alive() and self._on_action_failed(error),
            lane="io",
        )

    def _on_installed_one(self, package: InstalledPackage) -> None:
        self._set_busy(False)
        self._set_status(f"Installed {package.label} in {package.path}.{what_next(package)}")
        self.refresh_installed()
        self.models_changed.emit()

    def _on_removed(self, package: InstalledPackage) -> None:
        self._set_busy(False)
        self._set_status(f"Removed {package.label}.")
        self.refresh_installed()
        self.models_changed.emit()

    def _on_action_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._set_status("")
        self._on_error(error)

    # The index

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        installed = self.selected_installed()
        available = self.selected_available()
        self.install_button.setEnabled(not self._busy)
        # A refresh would queue behind a download on the same lane.
        self.refresh_button.setEnabled(not self._busy and not self._reading)
        self.remove_button.setEnabled(not self._busy and installed is not None and installed.writable)
        if installed is not None and not installed.writable:
            self.remove_button.setToolTip(
                "This package is in Argos Translate's own folder, which Baca reads but never changes."
            )
        else:
            self.remove_button.setToolTip("")
        self.download_button.setEnabled(not self._busy and available is not None)
        again = available is not None and install_state(available, self._installed) == "installed"
        self.download_button.setText("Download Again" if again else "Download")

    def _set_status(self, text: str) -> None:
        text = text.replace(NO_NETWORK_ADVICE, OFFLINE_ADVICE)
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def _on_error(self, error: BaseException) -> None:
        show_error(self, error, title="Translation Models")

    def _alive(self) -> bool:
        """Whether the dialog still exists: a late result may arrive after it was destroyed."""
        return shiboken6.isValid(self)

    def done(self, result: int) -> None:
        # Closing the window cancels a download: nothing would be left to show its progress.
        self.cancel_download()
        super().done(result)
