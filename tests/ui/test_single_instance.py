"""One window per data folder: a second launch hands its file to the running window and exits 0."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from reader.core.store import open_store
from reader.ui.single_instance import SingleInstance, WindowNotAnswering, hand_over, present, server_name

ROOT = Path(__file__).resolve().parents[2]
POST = "Pasar Baru\n\nHarga beras naik di pasar induk minggu ini, kata pedagang.\n"


def _launch(data_dir: Path, *args, cwd: Path = ROOT) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *map(str, args)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_listening(name: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(200):
            probe.abort()
            return
        time.sleep(0.1)
    raise AssertionError("the first window never listened")


def _library_sources(data_dir: Path) -> list[str]:
    store = open_store(data_dir)
    try:
        return [entry.source for entry in store.library()]
    finally:
        store.close()


def _wait_for(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _finish(process: subprocess.Popen, timeout: float = 30) -> tuple[str, str]:
    """The process's output once it ends; killed, and the test failed, if it is still running."""
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("the second launch kept running (a second window?)") from None


@pytest.mark.slow
def test_a_second_launch_hands_its_file_to_the_running_window_and_exits_0(qapp, data_dir, tmp_path):
    post = tmp_path / "pasar.txt"
    post.write_text(POST, encoding="utf-8")
    first = _launch(data_dir)
    try:
        _wait_listening(server_name(data_dir), first)
        started = time.monotonic()
        second = _launch(data_dir, "pasar.txt", cwd=tmp_path)  # a path relative to where it was started
        _, err = _finish(second)
        seconds = time.monotonic() - started
        assert second.returncode == 0, err
        assert f"handed {post} to" in err
        assert seconds < 15, seconds  # about 0.7 s on an idle machine; generous for a loaded one
        # The first window opened it: it is now the most recent post in the library.
        assert _wait_for(lambda: _library_sources(data_dir)[:1] == [str(post)]), _library_sources(data_dir)
        third = _launch(data_dir)  # without a file: the window only comes to the front
        _, err = _finish(third)
        assert third.returncode == 0 and "handed nothing" in err
        assert first.poll() is None
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)


def test_a_name_left_by_a_killed_window_is_taken_over(qapp, data_dir):
    name = server_name(data_dir)
    assert os.path.isabs(name)  # in the user's private runtime folder
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(name)  # a socket file nobody listens on, as a killed window leaves it
    stale.close()
    instance = SingleInstance(name)
    try:
        assert instance.listen()
        probe = socket.socket(socket.AF_UNIX)
        probe.connect(name)  # a live server now
        probe.close()
    finally:
        instance.close()


def read_reply(qapp, client: socket.socket) -> bytes:
    """The window's one-line answer on `client` (up to 5 s, its events processed meanwhile); b"" if it hangs up."""
    client.settimeout(0.05)
    reply = b""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not reply.endswith(b"\n"):
        qapp.processEvents()
        try:
            chunk = client.recv(16)
        except socket.timeout:
            continue
        if not chunk:
            break
        reply += chunk
    return reply


def test_the_window_reports_each_file_handed_over_and_ignores_garbage(qtbot, qapp, data_dir):
    instance = SingleInstance(server_name(data_dir))
    received = []
    instance.file_received.connect(received.append)
    assert instance.listen()
    try:
        for payload, expected in (
            (b'{"file": "/tmp/pos\\u00e9.txt"}\n', ["/tmp/pos\u00e9.txt"]),
            (b'{"file": "https://example.com/p"}\n', ["https://example.com/p"]),
            (b'{"file": null}\n', [None]),
            (b"not json\n", []),
            (b'{"file": 42}\n', []),
        ):
            received.clear()
            client = socket.socket(socket.AF_UNIX)
            client.connect(instance.name)
            client.sendall(payload[:5])  # in pieces, as a socket may deliver it
            qtbot.wait(20)
            client.sendall(payload[5:])
            reply = read_reply(qapp, client)
            client.close()
            assert received == expected, payload
            assert reply == (b"ok\n" if expected else b""), payload
    finally:
        instance.close()


def test_presenting_a_minimized_window_restores_it_and_opens_the_file(qtbot, make_window, data_dir, tmp_path):
    post = tmp_path / "pasar.txt"
    post.write_text(POST, encoding="utf-8")
    window = make_window(data_dir)
    window.show()
    window.showMinimized()
    present(window, str(post), window.open_initial)
    assert not window.isMinimized() and window.isVisible()
    qtbot.waitUntil(lambda: window.document is not None and window.document.source == str(post), timeout=5000)


def _silent_window(name: str) -> socket.socket:
    """A listening socket that accepts (the kernel does) but never answers: a window still starting."""
    silent = socket.socket(socket.AF_UNIX)
    silent.bind(name)
    silent.listen(4)
    return silent


def test_a_window_that_does_not_answer_is_reported_not_replaced(qapp, data_dir):
    name = server_name(data_dir)
    silent = _silent_window(name)
    try:
        started = time.monotonic()
        with pytest.raises(WindowNotAnswering, match="already open") as raised:
            hand_over(name, "/tmp/pasar.txt", reply_timeout_ms=300)
        assert time.monotonic() - started < 5
        assert "did not answer" in str(raised.value)
        # Nor does a new window take the name from it: the first window keeps its file.
        instance = SingleInstance(name)
        assert not instance.listen()
        instance.close()
        assert os.path.exists(name)
        probe = socket.socket(socket.AF_UNIX)
        probe.connect(name)  # still the first window's
        probe.close()
    finally:
        silent.close()
        os.unlink(name)


def test_a_launch_made_while_the_window_starts_is_answered_once_it_serves(qtbot, qapp, data_dir):
    # The app takes the name before it builds its window and answers once its post is painted.
    instance = SingleInstance(server_name(data_dir))
    received = []
    instance.file_received.connect(received.append)
    assert instance.listen(serve=False)
    try:
        client = socket.socket(socket.AF_UNIX)
        client.connect(instance.name)  # the name is taken: this launch waits, it starts no window
        client.sendall(b'{"file": "/tmp/pasar.txt"}\n')
        qtbot.wait(50)
        assert received == []
        instance.serve()
        reply = read_reply(qapp, client)
        client.close()
        qtbot.wait(100)  # the window's end of the connection closes too
        assert (received, reply) == (["/tmp/pasar.txt"], b"ok\n")
    finally:
        instance.close()
    assert not os.path.exists(instance.name)  # closing gives the name back
