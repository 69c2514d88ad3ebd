"""Python's cyclic garbage collection, kept on the GUI thread.

CPython collects cycles in whichever thread crosses the allocation threshold: with translation,
file and network work on worker threads, that is often a worker. A cycle that holds a Qt object
(a dialog whose slots refer back to it, a task runner) is then destroyed off the GUI thread while
the GUI thread may be using it: a crash with no Python traceback. So automatic collection is off,
and the GUI thread collects on a timer, by the same thresholds CPython would use (the pattern of
calibre and pyqtgraph). Decision 0027.
"""

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500  # how often the GUI thread looks at the allocation counts


def collect_due() -> int:
    """Collect the generations whose allocation counts passed CPython's thresholds; the number found.

    Called on the GUI thread only. Cheap when nothing is due (three integer comparisons).
    """
    counts, thresholds = gc.get_count(), gc.get_threshold()
    found = 0
    for generation in range(3):
        if counts[generation] <= thresholds[generation]:
            break
        # Collecting generation n also collects the younger ones and resets their counts.
        found = gc.collect(generation)
    return found


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects from a GUI-thread timer while it lives."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_due)
        self._timer.start()
        self.destroyed.connect(lambda *_: gc.enable())


def keep_collection_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Pin garbage collection to `app`'s thread for as long as the application lives."""
    return GuiThreadCollector(app)
