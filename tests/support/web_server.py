"""A web server on 127.0.0.1 with pages, redirects and failures, for opening addresses in tests."""

import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

HTML = "text/html; charset=utf-8"
# A self-signed certificate for 127.0.0.1 and localhost (100 years), made with
# openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=127.0.0.1
#   -addext subjectAltName=IP:127.0.0.1,DNS:localhost -addext basicConstraints=critical,CA:TRUE
CERTIFICATE = Path(__file__).resolve().parents[1] / "data" / "web" / "localhost.pem"
PRIVATE_KEY = CERTIFICATE.with_suffix(".key")


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that gave up mid-answer is what several tests do on purpose


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = HTML
    headers: dict[str, str] = field(default_factory=dict)
    length: int | None = None  # the Content-Length sent: None for len(body), -1 for none (close-delimited)
    stall: float = 0.0  # seconds of silence after the headers, before the body
    drip: float = 0.0  # seconds between pieces of DRIP_PIECE bytes
    drop: bool = False  # close the connection after half of the body
    chunked: bool = False  # Transfer-Encoding: chunked, in pieces of DRIP_PIECE bytes


DRIP_PIECE = 64


class WebServer:
    """A threaded HTTP server; tests set `routes` and read `requests`."""

    def __init__(self, tls: bool = False):
        self.tls = tls
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []  # path and headers of every GET
        self.released = threading.Event()  # stalled and dripping answers stop early once set
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(CERTIFICATE, PRIVATE_KEY)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="web-server", daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, html: str | bytes, content_type: str | None = HTML, **options) -> str:
        """Serve a page at `path`; returns its URL."""
        body = html.encode("utf-8") if isinstance(html, str) else html
        self.routes[path] = Route(body=body, content_type=content_type, **options)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, headers={"Location": location}, content_type=None)
        return self.url(path)

    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]

    def start(self) -> "WebServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                try:
                    if route is None:
                        self._answer(Route(b"<html><body><p>Not here.</p></body></html>", status=404))
                    else:
                        self._answer(route)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout or a size limit): nothing to answer

            def _answer(self, route: Route):
                self.send_response(route.status)
                if route.content_type is not None:
                    self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                length = len(route.body) if route.length is None else route.length
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    length = -2  # neither a length nor a close: the chunks say where the body ends
                if length >= 0:
                    self.send_header("Content-Length", str(length))
                if length == -1 or route.drop or route.stall or route.drip:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                self.wfile.flush()
                if route.stall and server.released.wait(route.stall):
                    return
                body = route.body[: len(route.body) // 2] if route.drop else route.body
                if route.chunked:
                    for start in range(0, len(body), DRIP_PIECE):
                        piece = body[start : start + DRIP_PIECE]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.write(b"0\r\n\r\n")
                elif route.drip:
                    for start in range(0, len(body), DRIP_PIECE):
                        self.wfile.write(body[start : start + DRIP_PIECE])
                        self.wfile.flush()
                        if server.released.wait(route.drip):
                            return
                else:
                    self.wfile.write(body)
                self.wfile.flush()

            def log_message(self, format, *args):
                pass  # keep test output quiet

        return Handler


class SilentPort:
    """A port on 127.0.0.1 that takes no more connections: a connect waits and never completes."""

    def __init__(self):
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0)
        self._filled: list[socket.socket] = []
        # Fill the accept queue; the kernel then drops further connection attempts unanswered.
        for _ in range(8):
            probe = socket.socket()
            probe.setblocking(False)
            probe.connect_ex(self._listener.getsockname())
            self._filled.append(probe)
        time.sleep(0.05)

    @property
    def base(self) -> str:
        host, port = self._listener.getsockname()
        return f"http://{host}:{port}"

    def close(self) -> None:
        for sock in [*self._filled, self._listener]:
            sock.close()


@pytest.fixture
def web_server():
    """A running web server with no pages yet."""
    server = WebServer().start()
    yield server
    server.stop()


@pytest.fixture
def tls_web_server():
    """A running https server whose certificate nothing trusts unless SSL_CERT_FILE names it."""
    server = WebServer(tls=True).start()
    yield server
    server.stop()


@pytest.fixture
def silent_port():
    port = SilentPort()
    yield port
    port.close()


def article(title: str, paragraphs: list[str], canonical: str | None = None) -> str:
    """A small news-style page trafilatura finds an article in."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{title}</title>{link}</head>"
        f"<body><nav><a href='/'>Beranda</a> <a href='/tentang'>Tentang</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>Hak cipta dilindungi undang-undang.</footer></body></html>"
    )


class ProxyServer:
    """An http proxy on 127.0.0.1: GET by absolute URL, and CONNECT tunnels; records every request."""

    def __init__(self):
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # method, target, headers
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="proxy", daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "ProxyServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _handler_class(self):
        import http.client
        import selectors
        import urllib.parse

        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                proxy.requests.append(("GET", self.path, dict(self.headers.items())))
                parts = urllib.parse.urlsplit(self.path)
                upstream = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                path = urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
                upstream.request("GET", path, headers={"Accept-Encoding": "identity"})
                answer = upstream.getresponse()
                body = answer.read()
                self.send_response(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in ("connection", "transfer-encoding", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                upstream.close()

            def do_CONNECT(self):
                proxy.requests.append(("CONNECT", self.path, dict(self.headers.items())))
                host, _, port = self.path.rpartition(":")
                upstream = socket.create_connection((host, int(port)), timeout=10)
                self.send_response(200, "Connection established")
                self.end_headers()
                self.wfile.flush()
                client = self.connection
                with selectors.DefaultSelector() as selector:
                    selector.register(client, selectors.EVENT_READ, upstream)
                    selector.register(upstream, selectors.EVENT_READ, client)
                    while True:
                        for key, _ in selector.select(timeout=10):
                            data = key.fileobj.recv(65536)
                            if not data:
                                upstream.close()
                                self.close_connection = True
                                return
                            key.data.sendall(data)

            def log_message(self, format, *args):
                pass

        return Handler


@pytest.fixture
def proxy_server(monkeypatch):
    """A running proxy; the environment names it for http and https, and nothing bypasses it."""
    server = ProxyServer().start()
    for name in ("no_proxy", "NO_PROXY", "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", server.base)
    monkeypatch.setenv("https_proxy", server.base)
    yield server
    server.stop()
