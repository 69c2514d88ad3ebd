"""The Translation Models window: installed packages, install from a file, download from the index."""

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.translate.downloads import download_package
from reader.core.errors import ReaderError
from reader.core.translate.package_index import (
    AvailablePackage,
    BadIndex,
    PackageIndex,
    cached_index,
    index_base,
    index_url,
    install_state,
    refresh_index,
    sort_packages,
)
from reader.core.translate.packages import (
    InstalledPackage,
    install_package_file,
    installed_packages,
    package_size,
    remove_package,
)
from reader.core.translate.transfer import NO_NETWORK_ADVICE, DownloadCancelled, NetworkUnavailable, format_bytes
from reader.core.text.wording import counted
from reader.ui.errors import show_error
from reader.ui.tasks import TaskRunner

NOTHING_INSTALLED = "No translation model is installed yet: download one below, or install a model file you have."
# The dialog has its own words for what to do offline (the core's name this very window).
OFFLINE_ADVICE = (
    "Downloads need a connection; reading, and translating with an installed model, do not. "
    "You can install a model file you got elsewhere with Install from File…"
)
FILE_FILTER = "Argos Translate models (*.argosmodel);;All files (*)"
APP_PAIR = ("id", "en")  # the pair Baca translates with
# Progress reaches the GUI at most this often: a fast download reads hundreds of chunks a second.
PROGRESS_INTERVAL = 0.05


class _ProgressSignal(QObject):
    """Carries a worker's progress to the GUI thread (a queued connection: emitted off-thread)."""

    reported = Signal(object)  # (download number, bytes done, total or None)


class ModelManager(QDialog):
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
        self._progress_signal = _ProgressSignal(self)
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
        tree = QTreeWidget(parent)
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.header().setStretchLastSection(True)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        _fit_columns(tree)
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
            item = QTreeWidgetItem(
                [
                    f"{package.from_name or package.from_code} → {package.to_name or package.to_code}",
                    package.version,
                    format_bytes(size),
                    str(package.path) + ("" if package.writable else "  (read-only)"),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, package)
            item.setToolTip(3, str(package.path) if package.writable else (
                f"{package.path}\nArgos Translate's own folder: Baca uses these packages but does not change them."
            ))
            self.installed_list.addTopLevelItem(item)
            if selected is not None and package.path == selected.path:
                item.setSelected(True)
        if not found:
            _placeholder(self.installed_list, NOTHING_INSTALLED)
        _fit_columns(self.installed_list)
        self._show_index()  # the Status column follows what is installed
        self._update_buttons()

    def selected_installed(self) -> InstalledPackage | None:
        items = self.installed_list.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

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
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove Translation Model",
            f"Remove {package.label}?\n\nIts folder {package.path} is deleted. You can download or "
            "install it again later.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmRemove")
        box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Window-modal and non-blocking, as show_error's boxes are.
        box.buttonClicked.connect(
            lambda button: box.buttonRole(button) == QMessageBox.ButtonRole.DestructiveRole and self.remove(package)
        )
        box.open()

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
        self._set_status(f"Installed {package.label} in {package.path}.{_what_next(package)}")
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

    def refresh_index(self) -> None:
        """Read the package index off the GUI thread; offline, show the copy from the last time."""
        self._fetching += 1
        fetching, data_dir = self._fetching, self._data_dir
        self.source_label.setText(f"Reading the package index at {index_base(data_dir)}…")
        self._reading = True
        self._show_index()

        def work():
            try:
                return refresh_index(data_dir), None
            except (NetworkUnavailable, BadIndex) as error:
                return cached_index(data_dir), error

        self._tasks.run(
            work,
            lambda result: self._alive() and self._on_index(fetching, *result),
            lambda error: self._alive() and self._on_index_failed(fetching, error),
            lane=self._network_lane,
        )

    def _on_index(self, fetching: int, index: PackageIndex | None, error: ReaderError | None) -> None:
        if fetching != self._fetching:
            return
        self._reading = False
        if index is not None:
            self._index = index
        url = self._index.url if self._index is not None else index_url(index_base(self._data_dir))
        self.source_label.setToolTip(url)
        if error is None:
            self.source_label.setText(f"From {_host(url)} · updated {_ago(self._index.fetched)}")
            if not self._busy:
                self._set_status("")
        else:
            if self._index is not None:
                self.source_label.setText(
                    f"Offline copy of the list from {_host(url)} · last updated {_ago(self._index.fetched)}"
                )
            else:
                self.source_label.setText(f"The package index at {_host(url)} could not be read")
            self._set_status(str(error))
        self._show_index()

    def _on_index_failed(self, fetching: int, error: BaseException) -> None:
        if fetching != self._fetching:
            return
        self._reading = False
        self._update_buttons()
        self.source_label.setText("The package index could not be read")
        self._on_error(error)

    def _show_index(self) -> None:
        """Fill the list from the index, the focus pair first and selected."""
        selected = self.selected_available()
        self.available_list.clear()
        if self._index is None:
            _placeholder(
                self.available_list,
                "Reading the list of models…" if self._reading else "The list of models could not be read.",
            )
            self._update_buttons()
            return
        packages = sort_packages(self._index.packages, self._focus_pair or APP_PAIR)
        focus = None
        for package in packages:
            state = install_state(package, self._installed)
            item = QTreeWidgetItem(
                [
                    f"{package.from_name} → {package.to_name}",
                    package.version,
                    self._state_text(package, state),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, package)
            item.setToolTip(0, f"{package.code}\n{package.links[0]}")
            self.available_list.addTopLevelItem(item)
            # Keep the user's choice across a refresh; at first, the focus pair's newest version.
            if selected is not None:
                chosen = package == selected
            else:
                chosen = focus is None and package.pair == self._focus_pair
            if chosen:
                focus = item
        _fit_columns(self.available_list)
        if focus is not None:
            self.available_list.setCurrentItem(focus)
            self.available_list.scrollToItem(focus)
            if selected is None:
                self.download_button.setFocus()
        self._update_buttons()

    def _state_text(self, package: AvailablePackage, state: str | None) -> str:
        if state == "installed":
            return "Installed"
        if state == "update":
            versions = ", ".join(p.version for p in self._installed if (p.from_code, p.to_code) == package.pair)
            return f"Update ({versions} installed)"
        return ""

    def selected_available(self) -> AvailablePackage | None:
        items = self.available_list.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    # Downloads

    @property
    def downloading(self) -> bool:
        return self._cancel is not None

    def start_download(self) -> None:
        """Download the selected package off the GUI thread, with progress and a Cancel button."""
        package = self.selected_available()
        if package is None or self._busy:
            return
        self._download += 1
        number, data_dir, signal = self._download, self._data_dir, self._progress_signal
        cancel = self._cancel = threading.Event()
        self.destroyed.connect(cancel.set)  # the window went with its parent: stop, keep nothing
        last = [0.0]

        def progress(done: int, total: int | None) -> None:
            # Runs on the worker: it only emits a signal, never touches a widget.
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL or done == total:
                last[0] = now
                signal.reported.emit((number, done, total))

        self._set_busy(True)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setFormat("Connecting…")
        self.progress_bar.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self._set_status(f"Downloading {package.label}…")
        self._tasks.run(
            lambda: download_package(package, data_dir, progress=progress, cancelled=cancel),
            lambda installed: self._alive() and self._on_downloaded(number, installed),
            lambda error: self._alive() and self._on_download_failed(number, package, error),
            lane=self._network_lane,
        )

    def cancel_download(self) -> None:
        """Stop the download after the chunk under way; its partial file is deleted."""
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self._set_status("Cancelling…")

    def _on_progress(self, report) -> None:
        number, done, total = report
        if number != self._download or self._cancel is None:
            return
        if total:
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(1000 * done / total))
            self.progress_bar.setFormat(f"%p%  ·  {format_bytes(done)} of {format_bytes(total)}")
        else:
            self.progress_bar.setRange(0, 0)  # busy: the size is unknown
            self.progress_bar.setFormat(format_bytes(done))

    def _on_downloaded(self, number: int, package: InstalledPackage) -> None:
        if number != self._download:
            return
        self._end_download()
        self._set_status(f"Installed {package.label}.{_what_next(package)}")
        self.refresh_installed()
        self.models_changed.emit()

    def _on_download_failed(self, number: int, package: AvailablePackage, error: BaseException) -> None:
        if number != self._download:
            return
        self._end_download()
        if isinstance(error, DownloadCancelled):
            self._set_status(f"The download of {package.label} was cancelled. Nothing was kept.")
        elif isinstance(error, ReaderError):
            # Expected trouble (no network, a dropped connection, a bad file): said in place.
            self._set_status(str(error))
        else:
            self._set_status("")
            self._on_error(error)

    def _end_download(self) -> None:
        self._cancel = None
        self.progress_bar.hide()
        self.cancel_button.hide()
        self._set_busy(False)

    # State

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


def _what_next(package: InstalledPackage) -> str:
    if (package.from_code, package.to_code) == APP_PAIR:
        return " Translation starts with it now."
    return " Baca translates Indonesian → English, so it will not use this one."


def _fit_columns(tree: QTreeWidget) -> None:
    """Every column but the last as wide as its widest text, plus room to breathe."""
    metrics = tree.fontMetrics()
    for column in range(tree.columnCount() - 1):
        texts = [tree.headerItem().text(column)] + [
            tree.topLevelItem(row).text(column)
            for row in range(tree.topLevelItemCount())
            if not tree.topLevelItem(row).isFirstColumnSpanned()
        ]
        tree.setColumnWidth(column, max(metrics.horizontalAdvance(text) for text in texts) + 28)


def _placeholder(tree: QTreeWidget, text: str) -> None:
    """A muted row across the whole list, saying why it is empty."""
    item = QTreeWidgetItem([text])
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    tree.addTopLevelItem(item)
    item.setFirstColumnSpanned(True)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.netloc or url


def _ago(when: datetime) -> str:
    """`just now`, `5 minutes ago`, `3 hours ago`, or `on 2 May 2025` for older."""
    seconds = (datetime.now(UTC) - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 90:
        return "a minute ago"
    if seconds < 90 * 60:
        return f"{counted(round(seconds / 60), 'minute')} ago"
    if seconds < 36 * 3600:
        return f"{counted(round(seconds / 3600), 'hour')} ago"
    local = when.astimezone()
    return f"on {local.day} {local:%B %Y}"
