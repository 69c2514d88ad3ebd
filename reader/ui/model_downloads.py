"""The Translation Models window's lower half: the package index and downloads from it.

`ModelManager` (model_manager.py) builds the widgets and lists what is installed; this mixin
fetches the index, shows what can be downloaded and downloads it, one at a time, cancellable.
"""

import threading
import time
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from reader.core.errors import BadIndex, DownloadCancelled, NetworkUnavailable, ReaderError
from reader.core.translate.downloads import download_package
from reader.core.translate.package_index import (
    AvailablePackage,
    PackageIndex,
    cached_index,
    index_base,
    index_url,
    install_state,
    refresh_index,
    sort_packages,
)
from reader.core.translate.packages import InstalledPackage
from reader.core.translate.transfer import format_bytes
from reader.core.text.wording import counted
from reader.ui.record_list import fit_columns, placeholder_row, record_row, selected_record

APP_PAIR = ("id", "en")  # the pair Baca translates with
# Progress reaches the GUI at most this often: a fast download reads hundreds of chunks a second.
PROGRESS_INTERVAL = 0.05


class ProgressSignal(QObject):
    """Carries a worker's progress to the GUI thread (a queued connection: emitted off-thread)."""

    reported = Signal(object)  # (download number, bytes done, total or None)


class IndexAndDownloads:
    """The index and download half of ModelManager (a mixin: it uses the dialog's widgets and state)."""

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
            placeholder_row(
                self.available_list,
                "Reading the list of models…" if self._reading else "The list of models could not be read.",
            )
            self._update_buttons()
            return
        packages = sort_packages(self._index.packages, self._focus_pair or APP_PAIR)
        focus = None
        for package in packages:
            state = install_state(package, self._installed)
            texts = [f"{package.from_name} → {package.to_name}", package.version, self._state_text(package, state)]
            item = record_row(self.available_list, texts, package)
            item.setToolTip(0, f"{package.code}\n{package.links[0]}")
            # Keep the user's choice across a refresh; at first, the focus pair's newest version.
            if selected is not None:
                chosen = package == selected
            else:
                chosen = focus is None and package.pair == self._focus_pair
            if chosen:
                focus = item
        fit_columns(self.available_list)
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
        return selected_record(self.available_list)

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
        self._set_status(f"Installed {package.label}.{what_next(package)}")
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


def what_next(package: InstalledPackage) -> str:
    if (package.from_code, package.to_code) == APP_PAIR:
        return " Translation starts with it now."
    return " Baca translates Indonesian → English, so it will not use this one."


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
