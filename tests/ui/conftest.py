"""Fixtures for driving the real window offscreen."""

import threading

import pytest

from reader.app import build_window
from reader.ui.appearance import Appearance


class GatedTranslator:
    """Wraps a real translator; each `translate` call waits until the test opens the gate."""

    def __init__(self, translator):
        self._translator = translator
        self.identity = translator.identity
        self.gate = threading.Event()
        self.calls: list[list[str]] = []
        self.waiting = threading.Event()

    def load(self) -> None:
        self._translator.load()

    def translate(self, sentences, glossary=None):
        return [scores.text for scores in self.translate_scored(sentences, glossary)]

    def translate_scored(self, sentences, glossary=None):
        self.calls.append(list(sentences))
        self.waiting.set()
        if not self.gate.wait(timeout=30):
            raise TimeoutError("the test never opened the gate")
        return self._translator.translate_scored(sentences, glossary=glossary)

    def score(self, pairs, glossary=None):
        return self._translator.score(pairs, glossary)


@pytest.fixture(scope="session")
def appearance(qapp):
    """One per application, as in app.py: it remembers the system's palette."""
    return Appearance(qapp)


@pytest.fixture
def make_window(qtbot, tmp_path, appearance):
    """Build MainWindows over a data folder with app.py's own wiring; closes them after the test."""
    made = []

    def make(data_dir, load_translator=None, **wiring):
        window = build_window(data_dir, load_translator=load_translator, appearance=appearance, **wiring)
        qtbot.addWidget(window)
        made.append((window, window.tasks, window.store))
        return window

    yield make
    appearance.apply("system")
    for window, tasks, store in made:
        window.close()
        tasks.shutdown(wait=True)
        store.close()
