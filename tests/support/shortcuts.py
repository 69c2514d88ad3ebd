"""Every key sequence the main window answers to, and a redo driven by keys, on any Qt platform.

Run as a script (`python -m tests.support.shortcuts DATA_DIR`) it builds the window on the
platform Qt was given and prints the findings as JSON: the offscreen platform binds the standard
keys differently from a desktop's (its Redo is Ctrl+Y; X11's is Ctrl+Shift+Z).
"""

import collections
import json
import sys
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence, QShortcut


def key_bindings(window) -> dict[str, list[str]]:
    """Each key sequence -> the actions and shortcuts bound to it, once per binding."""
    bound = collections.defaultdict(list)
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                bound[key.toString(QKeySequence.SequenceFormat.PortableText)].append(action.text() or action.objectName())
    for shortcut in window.findChildren(QShortcut):
        for key in shortcut.keys():
            if not key.isEmpty():
                bound[key.toString(QKeySequence.SequenceFormat.PortableText)].append(shortcut.objectName() or "shortcut")
    return dict(bound)


def shared_keys(window) -> dict[str, list[str]]:
    """The key sequences bound more than once: Qt treats each as ambiguous and runs none."""
    return {key: owners for key, owners in key_bindings(window).items() if len(owners) > 1}


def _probe(data_dir: Path) -> dict:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.core.translate.reading import open_translator
    from reader.core.store import open_store
    from reader.ui.appearance import Appearance
    from reader.ui.main_window import MainWindow
    from reader.ui.tasks import TaskRunner

    app = QApplication([])
    store = open_store(data_dir)
    tasks = TaskRunner()
    window = MainWindow(
        store=store,
        tasks=tasks,
        settings=QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat),
        load_translator=lambda: open_translator(data_dir),
        appearance=Appearance(app),
        data_dir=data_dir,
    )
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)  # shortcuts reach only the active window
    window.open_sample()
    while window.document is None:
        app.processEvents()
    first, _last = window.view.cell_range(3, "original")
    window.view.select_range(first, first + 20)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_1)
    created = len(store.annotations_for(window.document.id))
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = len(store.annotations_for(window.document.id))
    shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.view, Qt.Key.Key_Z, shift)
    redone = len(store.annotations_for(window.document.id))
    result = {"platform": app.platformName(), "shared": shared_keys(window), "counts": [created, undone, redone]}
    window.close()
    tasks.shutdown(wait=True)
    store.close()
    return result


if __name__ == "__main__":
    print(json.dumps(_probe(Path(sys.argv[1]))))
