"""Run work off the GUI thread and hand results back to it."""

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)


class TaskRunner(QObject):
    """Single-thread lanes: `model` (loaded once), `io` (files), `net` (downloads), `web` (pages)."""

    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lanes = {
            # One worker for the model: it is loaded once and is not thread-safe to share.
            "model": ThreadPoolExecutor(max_workers=1, thread_name_prefix="baca-model"),
            # Loading a big saved page must not wait behind a translation chunk.
            "io": ThreadPoolExecutor(max_workers=1, thread_name_prefix="baca-io"),
            # Downloads take minutes: they must not hold up opening a file.
            "net": ThreadPoolExecutor(max_workers=1, thread_name_prefix="baca-net"),
            # Fetching a web page (up to 30 s) waits neither behind a download nor before a file.
            "web": ThreadPoolExecutor(max_workers=1, thread_name_prefix="baca-web"),
        }
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._closed = False

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        lane: str = "model",
    ) -> Future:
        """Run `work` on `lane`; `on_done(result)` or `on_error(error)` then runs on the GUI thread."""
        future = self._lanes[lane].submit(work)
        future.add_done_callback(lambda f: self._hand_back(f, on_done, on_error))
        return future

    def _hand_back(self, future: Future, on_done, on_error) -> None:
        if future.cancelled() or self._closed:
            return
        error = future.exception()
        if error is not None:
            self._finished.emit(lambda: on_error(error))
        else:
            result = future.result()
            self._finished.emit(lambda: on_done(result))

    def _on_finished(self, deliver: Callable[[], None]) -> None:
        # A result queued before shutdown must not reach a window (or store) being torn down.
        if not self._closed:
            deliver()

    def shutdown(self, wait: bool = True) -> None:
        """Cancel what has not started; wait for what runs (a model call cannot be interrupted)."""
        self._closed = True
        for executor in self._lanes.values():
            executor.shutdown(wait=wait, cancel_futures=True)
