"""A local Argos package index on 127.0.0.1: an `index.json` and package files, with failure modes."""

import json
import socket
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# How package downloads are served:
#   normal     the file, with its Content-Length
#   slow       the file in small pieces with a pause after each (time to cancel)
#   stall      Content-Length of the whole file, a first piece, then silence until `released` is set
#   drop       Content-Length of the whole file, then half of it, then the connection is closed
#   corrupt    the file with its end cut off (no zip directory), Content-Length matching what is sent
#   404        Not Found
#   huge       a Content-Length of 3 GB, then nothing
#   no-length  the file without a Content-Length (the client learns the size at the end)
#   trickle    Content-Length of the whole file, then a byte every TRICKLE_PAUSE: no read ever times out
#   trickle-headers  the status line, then the headers a byte every TRICKLE_PAUSE
# `index_mode` serves the index the same ways ("normal", "trickle", "trickle-headers"), and
# `redirects` maps a path to the Location a 302 answer sends.
MODES = ("normal", "slow", "stall", "drop", "corrupt", "404", "huge", "no-length", "trickle", "trickle-headers")
SLOW_PIECE = 16 * 1024
SLOW_PAUSE = 0.02
TRICKLE_PAUSE = 0.05


class IndexServer:
    """A threaded HTTP server serving an index whose links point back at itself."""

    def __init__(self):
        self.mode = "normal"
        self.index_mode = "normal"
        self.redirects: dict[str, str] = {}
        self.drops_left = 0  # drop this many package downloads mid-file, then serve normally
        self.index_status = 200
        self.index_body: bytes | None = None  # replaces the generated index when set
        self.entries: list[dict] = []
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.slow_piece = SLOW_PIECE
        self.released = threading.Event()  # a slow download's handler stops early once set
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="index-server", daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def add_package(
        self,
        path: Path,
        *,
        code: str = "translate-id_en",
        from_code: str = "id",
        to_code: str = "en",
        version: str = "1.0",
        from_name: str = "Indonesian",
        to_name: str = "English",
        links: list[str] | None = None,
    ) -> str:
        """List a package file in the index; returns its URL."""
        name = f"{code}-{version}.argosmodel"
        self.files[f"/packages/{name}"] = Path(path).read_bytes()
        url = f"{self.base}packages/{name}"
        self.entries.append(
            {
                "code": code,
                "type": "translate",
                "from_code": from_code,
                "to_code": to_code,
                "from_name": from_name,
                "to_name": to_name,
                "package_version": version,
                "argos_version": "1.0",
                "links": links if links is not None else [url],
            }
        )
        return url

    def start(self) -> "IndexServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def package_requests(self) -> list[str]:
        return [path for path in self.requests if path.startswith("/packages/")]

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                try:
                    if self.path in server.redirects:
                        self.send_response(302)
                        self.send_header("Location", server.redirects[self.path])
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    elif self.path == "/index.json":
                        self._index()
                    elif self.path in server.files:
                        self._package(server.files[self.path])
                    else:
                        self.send_error(404)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client went away (a cancelled download): nothing to answer

            def _index(self):
                if server.index_status != 200:
                    self.send_error(server.index_status)
                    return
                body = server.index_body if server.index_body is not None else json.dumps(server.entries).encode()
                if server.index_mode == "trickle":
                    self._trickle(body)
                elif server.index_mode == "trickle-headers":
                    self._trickle_headers(body)
                else:
                    self._send(body)

            def _trickle(self, body: bytes):
                """The length, then a byte at a time: each read gets something, the whole never ends."""
                self._headers(len(body))
                for byte in body:
                    if server.released.is_set():
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(TRICKLE_PAUSE)
                self.close_connection = True

            def _trickle_headers(self, body: bytes):
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                headers = b"X-Padding: " + b"x" * 10_000 + b"\r\n"
                for byte in headers:
                    if server.released.is_set():
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(TRICKLE_PAUSE)
                self.close_connection = True

            def _package(self, body: bytes):
                mode = server.mode
                if server.drops_left > 0:
                    server.drops_left -= 1
                    mode = "drop"
                if mode == "404":
                    self.send_error(404)
                elif mode == "huge":
                    self._headers(3 * 1000**3)
                    self.close_connection = True
                elif mode == "drop":
                    self._headers(len(body))
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                elif mode == "corrupt":
                    self._send(body[: len(body) - 4096])
                elif mode == "no-length":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/zip")
                    self.end_headers()
                    self.wfile.write(body)
                    self.close_connection = True
                elif mode == "stall":
                    self._headers(len(body))
                    self.wfile.write(body[: server.slow_piece])
                    self.wfile.flush()
                    server.released.wait(timeout=30)
                    self.close_connection = True
                elif mode == "trickle":
                    self._trickle(body)
                elif mode == "trickle-headers":
                    self._trickle_headers(body)
                elif mode == "slow":
                    self._headers(len(body))
                    piece = server.slow_piece
                    for start in range(0, len(body), piece):
                        if server.released.is_set():
                            break
                        self.wfile.write(body[start : start + piece])
                        self.wfile.flush()
                        time.sleep(SLOW_PAUSE)
                    self.close_connection = True
                else:
                    self._send(body)

            def _headers(self, length: int):
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(length))
                self.end_headers()

            def _send(self, body: bytes):
                self._headers(len(body))
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass  # keep test output quiet

        return Handler


def closed_port_base() -> str:
    """The base URL of a port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def relabelled(source: Path, path: Path, **metadata) -> Path:
    """A copy of a package file whose metadata.json has `metadata` merged in."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            content = original.read(info)
            if info.filename.endswith("/metadata.json") and info.filename.count("/") == 1:
                content = json.dumps({**json.loads(content), **metadata}).encode()
            copy.writestr(info, content)
    return path


@pytest.fixture(scope="session")
def en_id_package_file(tmp_path_factory, argos_package_files) -> Path:
    """A tiny English → Indonesian package file (the id→en model relabelled: only the pair matters)."""
    return relabelled(
        argos_package_files["bpe"],
        tmp_path_factory.mktemp("en-id") / "tiny-en_id.argosmodel",
        from_code="en", to_code="id", from_name="English", to_name="Indonesian",
    )


@pytest.fixture
def index_server(argos_package_files, en_id_package_file):
    """A running index: the tiny SentencePiece package as translate-id_en 1.0, and an en→id one."""
    server = IndexServer()
    server.start()
    server.add_package(
        en_id_package_file, code="translate-en_id", from_code="en", to_code="id",
        from_name="English", to_name="Indonesian",
    )
    server.add_package(argos_package_files["sentencepiece"])
    yield server
    server.stop()
