"""Every shortcut of the main window is bound once, so each one works (Qt runs none of a shared key)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.core.platform.resources import SAMPLE_SOURCE
from reader.ui.bilingual_view import ORIGINAL
from tests.support.shortcuts import key_bindings, shared_keys

ROOT = Path(__file__).parents[2]


def _open_sample(qtbot, window):
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None and window.document.source == SAMPLE_SOURCE, timeout=5000)
    return window.document


def test_no_two_actions_of_the_window_or_its_menus_share_a_key(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    bound = key_bindings(window)
    assert {"Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y", "1", "6", "N", "Ctrl+E", "Ctrl+F"} <= set(bound)
    assert shared_keys(window) == {}


def test_redo_works_by_ctrl_shift_z_and_by_ctrl_y(qtbot, make_window, data_dir):
    window = make_window(data_dir)
    document = _open_sample(qtbot, window)
    first, _last = window.view.cell_range(3, ORIGINAL)
    window.view.select_range(first, first + 20)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (created,) = window.store.annotations_for(document.id)
    control, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    for key, modifiers in ((Qt.Key.Key_Z, control | shift), (Qt.Key.Key_Y, control)):
        qtbot.keyClick(window.view, Qt.Key.Key_Z, control)
        assert window.store.annotations_for(document.id) == []
        qtbot.keyClick(window.view, key, modifiers)
        assert window.store.annotations_for(document.id) == [created]


def _free_display() -> subprocess.Popen:
    """An Xvfb server on a display it picks itself; its number is read from the pipe it writes."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        server.display = pipe.readline().strip()
    return server


@pytest.mark.skipif(not any((Path(p) / "Xvfb").exists() for p in os.environ["PATH"].split(os.pathsep)),
                    reason="needs Xvfb to run the window on X11, where Redo's standard key is Ctrl+Shift+Z")
def test_on_x11_ctrl_shift_z_is_bound_once_and_redoes(tmp_path):
    server = _free_display()
    try:
        assert server.display, "Xvfb did not start"
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{server.display}"}
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        done = subprocess.run(
            [sys.executable, "-m", "tests.support.shortcuts", str(data_dir)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    assert result["shared"] == {}
    assert result["counts"] == [1, 0, 1]
