"""Fetching a web page the user asked for: http and https only, bounded in time and size."""

from __future__ import annotations

import base64
import contextlib
import datetime
import errno
import os
import re
import selectors
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from reader import __version__
from reader.core.errors import (
    BadAddress,
    FetchFailed,
    FetchStopped,
    FetchTimedOut,
    HttpStatusError,
    InsecureConnection,
    NoNetwork,
    NotHtml,
    PageTooLarge,
)
from reader.core.text.address import is_address  # noqa: F401 (also here, beside the network code)
from reader.core.text.web_body import HTML_TYPES, FetchedPage, decompressed, looks_like_html, mime_type
from reader.core.text.web_body import decode_page  # noqa: F401 (also here, beside the network code)

if TYPE_CHECKING:
    import http.client

# http.client, ssl and urllib.request are imported when a page is fetched, not when the window
# starts: together they take about a tenth of a second to import.

SCHEMES = ("http", "https")
CONNECT_TIMEOUT = 10.0  # seconds to look up the name and connect, per connection
PAGE_TIMEOUT = 30.0  # seconds for the whole page, redirects included
MAX_PAGE_MB = 20
MAX_PAGE_BYTES = MAX_PAGE_MB * 1024 * 1024  # what File › Open takes from a file
MAX_REDIRECTS = 10
_REDIRECTS = (301, 302, 303, 307, 308)
_READ_SIZE = 64 * 1024
_POLL = 0.05  # seconds between looks at a stop request while looking up a name or connecting
_HEADERS = {
    "User-Agent": f"Baca/{__version__} (offline bilingual reader)",
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "Accept-Language": "id,en;q=0.8",
    "Accept-Encoding": "identity",  # what arrives is what is kept: no decompression to bound
}
# A scheme is letters before a colon that is not a port ("localhost:8000" has none).
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(?!\d)")

class FetchStopper:
    """Stops a fetch from another thread: a lookup, connect or read waiting ends within _POLL."""

    def __init__(self):
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None

    def stop(self) -> None:
        self.stopped.set()
        with self._lock:
            sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # a read waiting on it returns at once
            except OSError:
                pass  # already closed, or never connected: the flag is enough

    def watch(self, sock: socket.socket | None) -> None:
        """The socket a stop must shut down; raises FetchStopped if a stop came first."""
        with self._lock:
            self._sock = sock
        self.check()

    def forget(self) -> None:
        with self._lock:
            self._sock = None

    def check(self) -> None:
        if self.stopped.is_set():
            raise FetchStopped("Stopped fetching the page; nothing was changed.")


def normalise_address(text: str) -> str:
    """An http(s) URL from what the user typed: https:// added when no scheme, no fragment."""
    typed = text.strip()
    if not typed:
        raise BadAddress("Type a web address, such as https://example.com/post.html.")
    if typed.startswith("//"):
        typed = "https:" + typed
    elif not _SCHEME.match(typed):
        typed = "https://" + typed
    return _clean_url(typed, what=repr(text.strip()))


def _clean_url(url: str, what: str) -> str:
    """The URL with its scheme checked, its host in ASCII, its path quoted and its fragment dropped."""
    if any(char in url for char in "\r\n\t\0"):
        raise BadAddress(f"{what} is not a web address: it holds control characters.")
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise BadAddress(f"{what} is a {scheme}: address; Baca opens http and https web addresses only.")
    try:
        host = parts.hostname
        port = parts.port
    except ValueError:
        raise BadAddress(f"{what} is not a web address: its port is not a number.") from None
    if not host or " " in host:
        raise BadAddress(f"{what} is not a web address: it names no server.")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise BadAddress(f"{what} is not a web address: {host!r} is not a valid server name.") from None
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal
    netloc = host if port is None else f"{host}:{port}"
    path = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return urllib.parse.urlunsplit((scheme, netloc, path, query, ""))


def fetch_page(
    address: str,
    *,
    connect_timeout: float = CONNECT_TIMEOUT,
    timeout: float = PAGE_TIMEOUT,
    max_bytes: int = MAX_PAGE_BYTES,
    clock: Callable[[], float] = time.monotonic,
    stopper: FetchStopper | None = None,
) -> FetchedPage:
    """GET a web page, following http(s) redirects; every failure is a named FetchFailed."""
    address = normalise_address(address)
    deadline = clock() + timeout
    stopper = stopper or FetchStopper()
    url = address
    for _hop in range(MAX_REDIRECTS + 1):
        fetch = _Fetch(url, connect_timeout, timeout, deadline, clock, stopper)
        try:
            response = fetch.open()
            location = response.getheader("Location")
            if response.status in _REDIRECTS and location:
                target = urllib.parse.urljoin(url, location.strip())
                url = _clean_url(target, what=f"{url} redirected to {location!r}: it")
                continue
            _check_response(url, response, max_bytes)
            body = fetch.read(response, max_bytes)
            body = decompressed(url, response.getheader("Content-Encoding") or "", body, max_bytes)
        finally:
            fetch.close()
        content_type = response.getheader("Content-Type") or ""
        if not mime_type(content_type) and not looks_like_html(body):
            raise NotHtml(f"{url} did not send a web page (no content type, and the text is not HTML).")
        return FetchedPage(address, url, _utc_now(), content_type, body)
    raise FetchFailed(f"{address} redirected more than {MAX_REDIRECTS} times; Baca stopped following it.")


def _check_response(url: str, response: http.client.HTTPResponse, max_bytes: int) -> None:
    if not 200 <= response.status < 300:
        raise HttpStatusError(f"{url} answered {response.status} {response.reason}: the page cannot be opened.")
    mime = mime_type(response.getheader("Content-Type") or "")
    if mime and mime not in HTML_TYPES:
        raise NotHtml(f"{url} is not a web page but {mime}; Baca opens HTML pages.")
    length = _content_length(response)
    if length is not None and length > max_bytes:
        raise PageTooLarge(
            f"{url} is {length / (1024 * 1024):.1f} MB; Baca opens pages of up to {max_bytes / (1024 * 1024):g} MB."
        )


class _Fetch:
    """One request on one connection, every step bounded by the connect timeout or the deadline."""

    def __init__(self, url: str, connect_timeout: float, timeout: float, deadline: float, clock, stopper):
        self.url = url
        self.stopper = stopper
        self.parts = urllib.parse.urlsplit(url)
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        self.deadline = deadline
        self.clock = clock
        self.connection: http.client.HTTPConnection | None = None
        self.sock: socket.socket | None = None
        self.connecting = True
        self.proxy = _proxy_for(self.parts)

    def open(self) -> http.client.HTTPResponse:
        import http.client

        https = self.parts.scheme == "https"
        kind = http.client.HTTPSConnection if https else http.client.HTTPConnection
        target = urllib.parse.urlunsplit(("", "", self.parts.path or "/", self.parts.query, ""))
        headers = dict(_HEADERS)
        if self.proxy is None:
            connection = kind(self.parts.hostname, self.parts.port, timeout=self.connect_timeout)
        else:
            # An https page goes through a CONNECT tunnel; an http page is asked of the proxy by its URL.
            connection = kind(self.proxy.hostname, self.proxy.port or 8080, timeout=self.connect_timeout)
            authorization = _proxy_authorization(self.proxy)
            if https:
                connection.set_tunnel(self.parts.hostname, self.parts.port or 443, headers=authorization)
            else:
                target = self.url
                headers.update(authorization)
        self.connection = connection
        connection._create_connection = self._connect  # name lookup and connect bounded too
        with self._failures():
            connection.connect()
            self.connecting = False
            self.sock = connection.sock
            self.stopper.watch(self.sock)  # after TLS: the wrapped socket is the one reads wait on
            self._bound()
            connection.request("GET", target, headers=headers)
            self._bound()
            return connection.getresponse()

    def read(self, response: http.client.HTTPResponse, max_bytes: int) -> bytes:
        chunks, size = [], 0
        with self._failures():
            while True:
                self._bound()
                chunk = response.read1(_READ_SIZE)
                self.stopper.check()  # a stop ends a waiting read as if the page had ended
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise PageTooLarge(
                        f"{self.url} is larger than {max_bytes / (1024 * 1024):g} MB, the most Baca opens."
                    )
                chunks.append(chunk)
        length = _content_length(response)
        if length is not None and size < length:
            raise FetchFailed(f"{self.url}: the connection broke off after {size:,} of {length:,} bytes.")
        return b"".join(chunks)

    def close(self) -> None:
        self.stopper.forget()
        if self.connection is not None:
            self.connection.close()
        if self.sock is not None:
            self.sock.close()

    def _bound(self) -> None:
        """Let the next socket operation wait only until the page's deadline."""
        remaining = self.deadline - self.clock()
        if remaining <= 0:
            raise TimeoutError
        self.sock.settimeout(remaining)

    def _connect(self, address, timeout=None, source_address=None) -> socket.socket:
        host, port = address
        until = min(self.clock() + self.connect_timeout, self.deadline)
        infos = _resolve(host, port, max(until - self.clock(), 0), self.stopper)
        error: OSError | None = None
        for family, kind, protocol, _name, sockaddr in infos:
            sock = socket.socket(family, kind, protocol)
            try:
                self._connect_one(sock, sockaddr, until)
                return sock
            except OSError as failure:
                sock.close()
                error = failure
            except BaseException:
                sock.close()
                raise
        raise error or OSError(f"no address for {host}")

    def _connect_one(self, sock: socket.socket, sockaddr, until: float) -> None:
        """Connect without blocking, looking at the clock and for a stop every _POLL seconds."""
        sock.setblocking(False)
        code = sock.connect_ex(sockaddr)
        with selectors.DefaultSelector() as selector:
            selector.register(sock, selectors.EVENT_WRITE)
            while code in (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY):
                self.stopper.check()
                remaining = until - self.clock()
                if remaining <= 0:
                    raise TimeoutError
                if selector.select(min(_POLL, remaining)):
                    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if code:
            raise OSError(code, os.strerror(code))
        sock.settimeout(max(until - self.clock(), _POLL))  # the TLS handshake, if any

    @contextlib.contextmanager
    def _failures(self) -> Iterator[None]:
        """Socket, TLS and HTTP errors become the named errors a person reads."""
        try:
            yield
        except FetchFailed:
            raise
        except Exception as error:
            self.stopper.check()  # a stop shows as a broken connection: say what it was
            raise _translate(self, error) from None


def _translate(fetch: _Fetch, error: Exception) -> FetchFailed:
    import http.client
    import ssl

    host = fetch.parts.hostname
    if fetch.proxy is not None and fetch.connecting and not isinstance(error, ssl.SSLError):
        host = f"{host} through the proxy {fetch.proxy.hostname}:{fetch.proxy.port or 8080}"
    if isinstance(error, TimeoutError):
        if fetch.connecting:
            return FetchTimedOut(f"{host} did not answer within {fetch.connect_timeout:g} s; the page was not opened.")
        return FetchTimedOut(f"{fetch.url} did not arrive within {fetch.timeout:g} s; the page was not opened.")
    if isinstance(error, ssl.SSLCertVerificationError):
        return InsecureConnection(f"The secure connection to {host} failed: {error.verify_message or error}.")
    if isinstance(error, ssl.SSLError):
        return InsecureConnection(f"The secure connection to {host} failed ({error.reason or error}).")
    if isinstance(error, socket.gaierror):
        return NoNetwork(f"No network: the name {host} cannot be looked up. Check the address and your connection.")
    if isinstance(error, ConnectionRefusedError):
        return NoNetwork(f"No network: {host} refused the connection.")
    if isinstance(error, http.client.RemoteDisconnected) or fetch.sock is not None:
        why = "closed the connection" if isinstance(error, http.client.RemoteDisconnected) else error
        return FetchFailed(f"{fetch.url}: the server broke off the answer ({why}).")
    if isinstance(error, (OSError, http.client.HTTPException)):
        why = error.strerror if isinstance(error, OSError) and error.strerror else error
        return NoNetwork(f"No network: cannot reach {host} ({why}).")
    return FetchFailed(f"{fetch.url} could not be fetched: {type(error).__name__}: {error}")


def _proxy_for(parts: urllib.parse.SplitResult) -> urllib.parse.SplitResult | None:
    """The http proxy the environment names for this URL (http_proxy, https_proxy, no_proxy)."""
    import urllib.request

    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    found = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    if found.scheme != "http" or not found.hostname:
        raise FetchFailed(f"The proxy {proxy!r} (from {parts.scheme}_proxy) is not an http proxy, the kind Baca uses.")
    return found


def _proxy_authorization(proxy: urllib.parse.SplitResult) -> dict[str, str]:
    if proxy.username is None:
        return {}
    pair = f"{urllib.parse.unquote(proxy.username)}:{urllib.parse.unquote(proxy.password or '')}"
    return {"Proxy-Authorization": "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")}


def _resolve(host: str, port: int, timeout: float, stopper: FetchStopper) -> list:
    """getaddrinfo, given up after `timeout` or a stop: the C call itself cannot be interrupted."""
    found: list = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as error:
            found.append(error)

    worker = threading.Thread(target=lookup, name="baca-lookup", daemon=True)
    worker.start()
    until = time.monotonic() + timeout
    while not found and worker.is_alive() and time.monotonic() < until:
        stopper.check()
        worker.join(min(_POLL, max(until - time.monotonic(), 0)))
    stopper.check()
    if not found:
        raise TimeoutError
    if isinstance(found[0], OSError):
        raise found[0]
    return found[0]


def _content_length(response: http.client.HTTPResponse) -> int | None:
    try:
        value = int(response.getheader("Content-Length") or "")
    except ValueError:
        return None
    return value if value >= 0 else None


def _utc_now() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
