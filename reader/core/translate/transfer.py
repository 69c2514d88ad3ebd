"""Reading a URL for the package index and downloads: allowed schemes, timeouts, a floor on the rate.

Every read is bounded three ways: the socket timeout (nothing at all for that long), a least
rate (less than `min_rate` bytes a second over `window` seconds stops the transfer: a server
sending a byte every few seconds never times out a read), and, for the index, an overall deadline.
A watchdog thread enforces them, and a cancel, by shutting the connection's socket down, which
ends a read that is waiting, from the moment the connection is made (headers included).
"""

from __future__ import annotations

import http.client
import logging
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator

from reader import __version__
from reader.core.errors import DownloadCancelled, NetworkUnavailable, ReaderError, TransferStopped

log = logging.getLogger(__name__)

WEB_SCHEMES = ("http", "https")  # the only ones links and redirects may use
LOCAL_SCHEME = "file"  # an index in a folder (a USB stick); its links may be file: too
CHUNK_BYTES = 64 * 1024
MIN_RATE = 1000  # bytes a second
RATE_WINDOW = 30.0  # seconds

NO_NETWORK_ADVICE = (
    "You can install a model file you got elsewhere with Install from File… in the Translation "
    "Models window, or with `reader-cli models install FILE.argosmodel`."
)


class Transfer:
    """One URL being read: `length` from the headers, then `chunks()` as they arrive."""

    def __init__(
        self,
        url: str,
        *,
        refused: type[ReaderError],
        timeout: float,
        cancelled: Callable[[], bool] | None = None,
        min_rate: float | None = None,
        window: float | None = None,
        deadline: float | None = None,
        local: bool = False,
    ):
        self.url = url
        self._refused = refused
        self._timeout = timeout
        self._is_cancelled = cancelled or (lambda: False)
        self._guard = _Guard(
            self._is_cancelled,
            MIN_RATE if min_rate is None else min_rate,
            RATE_WINDOW if window is None else window,
            deadline,
        )
        self._local = local
        self._response = None
        self.length: int | None = None
        self.done = 0

    def __enter__(self) -> Transfer:
        self._guard.start()
        try:
            self._response = self._open()
        except BaseException:
            self._guard.stop()
            raise
        self.length = _content_length(self._response)
        return self

    def __exit__(self, *exc_info) -> None:
        self._guard.stop()
        if self._response is not None:
            self._response.close()

    def chunks(self, size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """What arrives, as it arrives (read1: a stall loses nothing received); TransferStopped on trouble."""
        while True:
            self._check()
            try:
                chunk = self._response.read1(size)
            except (OSError, ValueError, http.client.HTTPException) as error:
                # The watchdog shutting the connection looks like a failure: say why it did.
                self._check()
                why = f"nothing arrived for {self._timeout:g} s" if isinstance(error, TimeoutError) else str(error)
                raise TransferStopped(why or type(error).__name__, self.done) from None
            self._check()  # a shut connection reads as its end
            if not chunk:
                return
            self.done += len(chunk)
            self._guard.done = self.done
            yield chunk

    def _check(self) -> None:
        reason = self._guard.reason
        if reason is None and self._is_cancelled():
            reason = "cancelled"
        if reason == "cancelled":
            raise DownloadCancelled("cancelled")
        if reason is not None:
            raise TransferStopped(reason, self.done)

    def _open(self):
        """Open the URL: no connection is NetworkUnavailable, a refusal `refused`."""
        url, refused = self.url, self._refused
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in WEB_SCHEMES and not (self._local and scheme == LOCAL_SCHEME):
            allowed = "an http, https or file" if self._local else "an http or https"
            raise refused(f"{url} is not {allowed} address; it was not opened.")
        opener = urllib.request.build_opener(
            _RedirectHandler(refused), _HTTPHandler(self._guard), _HTTPSHandler(self._guard)
        )
        request = urllib.request.Request(url, headers={"User-Agent": f"Baca/{__version__}"})
        try:
            return opener.open(request, timeout=self._timeout)
        except urllib.error.HTTPError as error:
            error.close()
            self._check()
            raise refused(f"{url} answered {error.code} {error.reason}.") from None
        except urllib.error.URLError as error:
            self._check()
            if scheme == LOCAL_SCHEME:
                raise refused(f"{url} cannot be read: {error.reason}.") from None
            raise NetworkUnavailable(no_network(url, error.reason)) from None
        except (OSError, http.client.HTTPException) as error:
            self._check()
            raise NetworkUnavailable(no_network(url, error)) from None


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https addresses only (urllib alone also follows ftp:)."""

    def __init__(self, refused: type[ReaderError]):
        self._refused = refused

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urllib.parse.urljoin(req.full_url, location.strip())
            if urllib.parse.urlsplit(target).scheme.lower() not in WEB_SCHEMES:
                fp.close()
                raise self._refused(
                    f"{req.full_url} redirects to {target}, which is not an http or https address; "
                    "it was not followed."
                )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: _Guard):
        super().__init__()
        self._guard = guard

    def http_open(self, req):
        return self.do_open(self._guard.connection_class(http.client.HTTPConnection), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: _Guard):
        super().__init__()
        self._guard = guard

    def https_open(self, req):
        return self.do_open(self._guard.connection_class(http.client.HTTPSConnection), req, context=self._context)


class _Guard:
    """Watches a transfer on its own thread; shuts its connection on a cancel, a crawl or the deadline."""

    POLL = 0.1

    def __init__(self, is_cancelled: Callable[[], bool], min_rate: float, window: float, deadline: float | None):
        self._is_cancelled = is_cancelled
        self._min_rate = min_rate
        self._window = window
        self._deadline = deadline
        self.done = 0  # bytes received so far, set by the reading thread
        self.reason: str | None = None  # why the watchdog stopped the transfer
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="baca-transfer-watchdog", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def connection_class(self, base: type) -> type:
        """`base` whose connections are handed to this guard as soon as they are made."""
        guard = self

        class Guarded(base):
            def connect(self):
                super().connect()
                guard.watch(self.sock)

        return Guarded

    def watch(self, connection: socket.socket) -> None:
        # A second handle on the same connection: shutting it down ends a read under way, which
        # neither a flag nor closing the first handle from another thread can do.
        handle = os.dup(connection.fileno())
        with self._lock:
            previous, self._socket = self._socket, socket.socket(fileno=handle)
            stopped = self.reason is not None
        if previous is not None:
            previous.close()  # a redirect's earlier connection
        if stopped:
            self._shutdown()

    def _watch(self) -> None:
        start = time.monotonic()
        samples = deque([(start, 0)])  # (time, bytes done), the oldest at least a window old
        while not self._finished.wait(self.POLL):
            now = time.monotonic()
            if self._is_cancelled():
                self._stop("cancelled")
            elif self._deadline is not None and now - start > self._deadline:
                self._stop(f"it did not arrive within {self._deadline:g} s")
            else:
                samples.append((now, self.done))
                while len(samples) > 1 and samples[1][0] <= now - self._window:
                    samples.popleft()
                then, done_then = samples[0]
                if now - then >= self._window and self.done - done_then < self._min_rate * self._window:
                    self._stop(
                        f"less than {format_bytes(round(self._min_rate))}/s arrived over {self._window:g} s"
                    )
            if self.reason is not None:
                return

    def _stop(self, reason: str) -> None:
        with self._lock:
            self.reason = reason
        self._shutdown()

    def _shutdown(self) -> None:
        with self._lock:
            sock = self._socket
            if sock is None:
                return
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError as error:
                log.debug("The stopped transfer's connection was already closed: %s", error)

    def stop(self) -> None:
        self._finished.set()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            if self._socket is not None:
                self._socket.close()
                self._socket = None


def _content_length(response) -> int | None:
    value = response.headers.get("Content-Length")
    try:
        length = int(value) if value is not None and len(value) < 20 else None
    except ValueError:
        return None
    return length if length is not None and length >= 0 else None


def no_network(url: str, reason) -> str:
    host = urllib.parse.urlsplit(url).hostname or url
    if isinstance(reason, socket.gaierror):
        why = "the name cannot be looked up"
    elif isinstance(reason, TimeoutError):  # socket.timeout is TimeoutError since Python 3.10
        why = "no answer in time"
    elif isinstance(reason, ConnectionRefusedError):
        why = "connection refused"
    else:
        why = str(reason) or type(reason).__name__
    return f"No network: cannot reach {host} ({why}). {NO_NETWORK_ADVICE}"


def format_bytes(count: int) -> str:
    """`70.3 MB`: decimal units, as download sizes are usually given."""
    if count < 1000:
        return f"{count} B"
    if count < 1000**2:
        return f"{count / 1000:.1f} kB"
    if count < 1000**3:
        return f"{count / 1000**2:.1f} MB"
    return f"{count / 1000**3:.2f} GB"
