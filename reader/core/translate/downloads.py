"""Downloading a package from the index's links into a temporary file, then installing it."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from reader.core.errors import (
    BadIndex,
    BadPackage,
    DownloadCancelled,
    DownloadFailed,
    NetworkUnavailable,
    ReaderError,
    TransferStopped,
)
from reader.core.translate.package_file import MAX_UNPACKED_BYTES, check_free_space, write_failed
from reader.core.translate.package_index import AvailablePackage
from reader.core.translate.package_metadata import valid_code, valid_version
from reader.core.translate.packages import InstalledPackage, install_package_file
from reader.core.translate.transfer import Transfer, format_bytes

log = logging.getLogger(__name__)

DOWNLOADS_FOLDER = "downloads"
DOWNLOAD_TIMEOUT = 30
# An active download writes its file at least once per read timeout, so a `.part` file this old
# belongs to a download that was killed, never to one in progress.
STALE_PART_SECONDS = 10 * 60


def downloads_dir(data_dir: Path) -> Path:
    """Where downloads are written until they are checked and installed."""
    return Path(data_dir) / DOWNLOADS_FOLDER


def download_package(
    package: AvailablePackage,
    data_dir: Path,
    progress: Callable[[int, int | None], None] | None = None,
    cancelled: Callable[[], bool] | threading.Event | None = None,
    timeout: float = DOWNLOAD_TIMEOUT,
    min_rate: float | None = None,
    window: float | None = None,
) -> InstalledPackage:
    """Download a package to a temporary file, check it, install it; nothing is left on failure."""
    if isinstance(cancelled, threading.Event):
        cancelled = cancelled.is_set
    is_cancelled = cancelled or (lambda: False)
    progress = progress or (lambda done, total: None)
    # The code names the temporary file: an index (or a tampered copy of one) cannot pick a path.
    if valid_code(package.code) is None or valid_version(package.version) is None:
        raise BadIndex(f"The package index lists a package with a code or version Baca refuses: {package.code!r}.")
    folder = downloads_dir(data_dir)
    name = f"{package.code}-{package.version}.argosmodel"
    where = f"Cannot write the download of {package.label} into {folder}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_stale_downloads(data_dir)
    except OSError as error:
        raise write_failed(error, where, "Nothing was kept.") from None
    failures: list[ReaderError] = []
    # Links are mirrors: try them in order, as Argos does.
    for url in package.links:
        try:
            handle, temporary = tempfile.mkstemp(prefix=f"{package.code}-", suffix=".part", dir=folder)
        except OSError as error:
            raise write_failed(error, where, "Nothing was kept.") from None
        part = Path(temporary)
        try:
            # Unbuffered, so no write is left to fail when the file is closed.
            with os.fdopen(handle, "wb", buffering=0) as out:
                _stream(url, _Writer(out, where), folder, progress, is_cancelled, timeout, package, min_rate, window)
            if is_cancelled():
                raise _cancelled(package)
            try:
                installed = install_package_file(part, data_dir, expect=package.pair, name=name)
            except BadPackage as error:
                raise BadPackage(f"The package downloaded from {url} failed its checks. {error}") from None
        except (NetworkUnavailable, DownloadFailed) as error:
            log.warning("Download of %s from %s failed: %s", package.code, url, error)
            failures.append(error)
            continue
        finally:
            # On every path, success included: the installed copy is the extracted folder.
            part.unlink(missing_ok=True)
        log.info("Downloaded %s %s from %s", package.code, package.version, url)
        return installed
    # Every link failed; the first failure is the most telling (the others are mirrors).
    raise failures[0]


class _Writer:
    """The `.part` file: a failed write (a full disk) is a named error, not an OSError."""

    def __init__(self, file, where: str):
        self._file = file
        self._where = where

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:  # unbuffered: a short write is followed by the one that fails
                view = view[self._file.write(view):]
        except OSError as error:
            raise write_failed(error, self._where, "Nothing was kept.") from None


def _cancelled(package: AvailablePackage) -> DownloadCancelled:
    return DownloadCancelled(f"The download of {package.label} was cancelled; nothing was kept.")


def _stream(url, out, folder: Path, progress, is_cancelled, timeout, package, min_rate, window) -> None:
    """Copy `url` into `out`, reporting progress and stopping on cancel; checks the length."""
    transfer = Transfer(
        url, refused=DownloadFailed, timeout=timeout, cancelled=is_cancelled, min_rate=min_rate, window=window,
        local=urllib.parse.urlsplit(url).scheme == "file",
    )
    try:
        with transfer:
            total = transfer.length
            if total is not None and total > MAX_UNPACKED_BYTES:
                raise DownloadFailed(
                    f"{url} is {format_bytes(total)}, larger than any translation package; it was not downloaded."
                )
            if total is not None:
                # The download and its extracted copy must both fit.
                check_free_space(folder, 2 * total, f"downloading and installing {package.label}")
            progress(0, total)
            for chunk in transfer.chunks():
                out.write(chunk)
                done = transfer.done
                if done > MAX_UNPACKED_BYTES or (total is not None and done > total):
                    raise DownloadFailed(f"{url} sent more than it announced; the download was stopped.")
                progress(done, total)
    except DownloadCancelled:
        raise _cancelled(package) from None
    except TransferStopped as error:
        raise DownloadFailed(_stopped(package, url, error.done, transfer.length, str(error))) from None
    if total is not None and transfer.done != total:
        raise DownloadFailed(_stopped(package, url, transfer.done, total, "the connection closed early"))


def _stopped(package, url, done, total, why) -> str:
    of = f" of {format_bytes(total)}" if total is not None else ""
    return (
        f"The download of {package.label} from {urllib.parse.urlsplit(url).netloc or url} stopped "
        f"after {format_bytes(done)}{of}: {why}. Nothing was kept; try again."
    )


def sweep_stale_downloads(data_dir: Path, older_than: float = STALE_PART_SECONDS) -> list[Path]:
    """Delete `.part` files left by downloads that were killed; returns what was deleted."""
    swept = []
    now = time.time()
    for part in downloads_dir(data_dir).glob("*.part"):
        try:
            if now - part.stat().st_mtime > older_than:
                part.unlink()
                swept.append(part)
        except FileNotFoundError:
            continue
    if swept:
        log.info("Deleted %d unfinished downloads", len(swept))
    return swept
