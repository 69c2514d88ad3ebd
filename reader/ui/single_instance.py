"""One window per data folder: a second launch hands its file (or nothing) to the running window."""

import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reader.core.errors import ReaderError

# QtNetwork is imported only when a window may be listening already (its socket file exists), and
# by `SingleInstance.serve()`: on Unix the window takes its name before it is built with a plain
# socket, which QLocalServer serves once the post is painted (decision 0021, start-up).
if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)


class WindowNotAnswering(ReaderError):
    "Baca is already open on this data folder, but its window did not answer."

# The running window answers at once, or as soon as it has started (it listens before it
# opens the database); these only bound a window that hangs.
CONNECT_TIMEOUT_MS = 500
REPLY_TIMEOUT_MS = 15000
_MAX_MESSAGE = 64 * 1024
_OK = b"ok\n"


def server_name(data_dir: Path) -> str:
    """The local server's name for `data_dir`: one per data folder and user."""
    key = str(Path(data_dir).resolve()).encode("utf-8", "surrogateescape")
    name = f"baca-{os.getuid() if hasattr(os, 'getuid') else 'user'}-{hashlib.sha256(key).hexdigest()[:16]}"
    # The user's private runtime folder where there is one, so no other user can listen first.
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir() and len(runtime) < 80:
        return str(Path(runtime) / name)
    return name


def hand_over(name: str, target: str | None, reply_timeout_ms: int = REPLY_TIMEOUT_MS) -> bool:
    """Give `target` (an absolute path or an address) or nothing to the window listening on `name`.

    False when there is no such window; WindowNotAnswering when one listens but does not answer.
    """
    if not _someone_listens(name):
        return False
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    message = {"file": target}
    socket.write(json.dumps(message).encode("utf-8", "surrogateescape") + b"\n")
    socket.flush()
    reply = b""
    while not reply.endswith(b"\n") and socket.waitForReadyRead(reply_timeout_ms):
        reply += bytes(socket.readAll())
    socket.abort()
    if reply != _OK:
        raise WindowNotAnswering(
            f"Baca is already open on this data folder, but its window did not answer within "
            f"{reply_timeout_ms / 1000:g} seconds, so {target or 'nothing'} was not opened. Switch to that "
            "window, or close it and try again."
        )
    return True


def socket_path(name: str) -> str | None:
    """The socket file of the local server `name` on Unix, where QLocalServer puts it; None elsewhere."""
    if os.name != "posix":
        return None
    if name.startswith("/"):
        return name
    from PySide6.QtCore import QDir

    return os.path.join(QDir.tempPath(), name)


def _someone_listens(name: str) -> bool:
    """Whether a process accepts connections on `name` (a socket file alone may be a dead window's)."""
    path = socket_path(name)
    if path is None:
        from PySide6.QtNetwork import QLocalSocket

        probe = QLocalSocket()
        probe.connectToServer(name)
        listening = probe.waitForConnected(CONNECT_TIMEOUT_MS)
        probe.abort()
        return listening
    if not os.path.lexists(path):
        return False
    import _socket  # the core of `socket`, which would first build its enums (3 ms of the start-up)

    probe = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    probe.settimeout(CONNECT_TIMEOUT_MS / 1000)
    try:
        probe.connect(path)
    except OSError:  # refused: a dead window's file; or a window too busy to accept within the time
        return False
    finally:
        probe.close()
    return True


def _claim(path: str):
    """A Unix socket listening at `path`, made as QLocalServer makes it for UserAccessOption: in a
    private folder, its permissions set to the user's alone, then moved into place."""
    import _socket
    import tempfile

    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # a name left by a window that was killed (`listen` checked nobody answers)
    folder = tempfile.mkdtemp(prefix=os.path.basename(path) + "-", dir=os.path.dirname(path) or None)
    temporary = os.path.join(folder, "s")
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.bind(temporary)
        sock.listen(50)
        os.chmod(temporary, 0o700)
        os.rename(temporary, path)
    except OSError:
        sock.close()
        raise
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        with contextlib.suppress(OSError):
            os.rmdir(folder)
    return sock


class SingleInstance(QObject):
    """The running window's end: listens on the data folder's name and reports what is handed over."""

    file_received = Signal(object)  # an absolute path or an address, or None for a launch without one

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._server: "QLocalServer | None" = None
        self._claimed = None  # the socket `listen(serve=False)` made (Unix), until `serve()` takes it
        self._path: str | None = None  # the socket file this window made (Unix); `close()` removes it
        self._buffers: "dict[QLocalSocket, bytes]" = {}

    def listen(self, serve: bool = True) -> bool:
        """Become the data folder's window; False (logged) when that is impossible.

        With `serve` false the name is taken now (on Unix) and second launches wait, their
        connections queued, until `serve()`: the app serves once its post is painted.
        """
        if _someone_listens(self.name):
            # Qt would rename its socket over the other window's: leave that one reachable.
            log.warning("another Baca window listens on %s; a second launch will go to it", self.name)
            return False
        path = socket_path(self.name)
        if path is None:  # named pipes: QLocalServer makes and serves the name at once
            return self._listen_with_qt()
        try:
            self._claimed = _claim(path)
        except OSError as error:
            log.warning("a second launch cannot reach this window: %s", error)
            return False
        self._path = path
        if serve:
            self.serve()
        return True

    def serve(self) -> None:
        """Answer the second launches queued on the name `listen` took, and those after them."""
        if self._claimed is None:
            return
        from PySide6.QtNetwork import QLocalServer

        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_new_connection)
        descriptor, self._claimed = self._claimed.detach(), None
        if not self._server.listen(descriptor):
            log.warning("a second launch cannot reach this window: %s", self._server.errorString())

    def _listen_with_qt(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        QLocalServer.removeServer(self.name)  # a name left by a window that was killed
        if self._server.listen(self.name):
            return True
        log.warning("a second launch cannot reach this window: %s", self._server.errorString())
        return False

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
        if self._claimed is not None:
            self._claimed.close()
            self._claimed = None
        if self._path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._path)
            self._path = None

    def _on_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda socket=socket: self._on_ready_read(socket))
            socket.disconnected.connect(lambda socket=socket: self._forget(socket))

    def _forget(self, socket: "QLocalSocket") -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _on_ready_read(self, socket: "QLocalSocket") -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll())
        if b"\n" not in data:
            if len(data) > _MAX_MESSAGE:
                log.warning("ignoring an over-long message from a second launch")
                self._forget_now(socket)
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        try:
            message = json.loads(line.decode("utf-8", "surrogateescape"))
            file = message["file"]
            if file is not None and not isinstance(file, str):
                raise ValueError("file is not a string")
        except (ValueError, KeyError, TypeError) as error:
            log.warning("ignoring a malformed message from a second launch: %s", error)
            self._forget_now(socket)
            return
        del self._buffers[socket]
        socket.write(_OK)
        socket.flush()
        socket.disconnectFromServer()
        self.file_received.emit(file or None)

    def _forget_now(self, socket: "QLocalSocket") -> None:
        self._buffers.pop(socket, None)
        socket.abort()
        socket.deleteLater()


def present(window: QWidget, target: str | None, open_target) -> None:
    """Show `window` in front (restored if minimized), after opening `target` if one was given."""
    if target is not None:
        open_target(target)
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
