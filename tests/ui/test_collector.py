"""Garbage collection pinned to the GUI thread: a worker's allocations never destroy GUI objects."""

import gc
import threading

import pytest
from PySide6.QtCore import QObject

from reader.ui.collector import GuiThreadCollector, collect_due


class Cycle:
    """A reference cycle that notes the thread it is finally destroyed on."""

    def __init__(self, seen: list[str]):
        self.me = self
        self.seen = seen

    def __del__(self):
        self.seen.append(threading.current_thread().name)


@pytest.fixture
def automatic_collection():
    """The interpreter as it starts (automatic collection on); the suite's own state after."""
    was = gc.isenabled()
    gc.collect()
    gc.enable()
    yield
    gc.disable() if not was else gc.enable()


def allocate_on_a_worker(count: int) -> list:
    """`count` new container objects (they count towards generation 0), made on a worker thread."""
    made = []

    def work():
        made.extend([] for _ in range(count))

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    worker.join()
    return made


def test_without_the_collector_a_worker_thread_collects_the_gui_threads_cycles(automatic_collection):
    # The hazard itself, so the next test means something: CPython collects where allocation happens.
    seen: list[str] = []
    Cycle(seen)

    allocate_on_a_worker(20 * gc.get_threshold()[0])

    assert seen == ["worker"]


def test_with_the_collector_cycles_are_collected_on_the_gui_thread_only(qtbot, qapp, automatic_collection):
    owner = QObject()
    collector = GuiThreadCollector(owner, interval_ms=20)
    assert not gc.isenabled()
    seen: list[str] = []
    Cycle(seen)

    made = allocate_on_a_worker(20 * gc.get_threshold()[0])
    assert seen == []  # the worker crossed the threshold and collected nothing

    qtbot.waitUntil(lambda: seen != [], timeout=2000)
    assert seen == [threading.current_thread().name] == ["MainThread"]
    del made
    collector.deleteLater()
    owner.deleteLater()


def test_collect_due_does_nothing_below_the_threshold(automatic_collection):
    gc.disable()
    seen: list[str] = []
    cycle = Cycle(seen)
    gc.collect(0)  # counts back to zero; the cycle, still in use, moves to an older generation
    del cycle

    assert collect_due() == 0
    assert seen == []

    gc.collect()
    assert seen == ["MainThread"]


def test_destroying_the_collector_gives_automatic_collection_back(qtbot, qapp, automatic_collection):
    owner = QObject()
    GuiThreadCollector(owner)
    assert not gc.isenabled()

    with qtbot.waitSignal(owner.destroyed):
        owner.deleteLater()

    assert gc.isenabled()
