"""The Words menu: the Dictionaries window and the Vocabulary panel, one of each at a time."""

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from reader.ui.dictionaries_window import DictionariesWindow
from reader.ui.vocabulary_panel import VocabularyPanel


class WordsMenu:
    """Adds Words › Dictionaries… and Words › Vocabulary… to a main window that has data_dir, tasks and store."""

    def __init__(self, window: QMainWindow):
        self._window = window
        self.dictionaries: DictionariesWindow | None = None
        self.vocabulary: VocabularyPanel | None = None
        menu = window.menuBar().addMenu("&Words")
        menu.addAction("&Dictionaries…").triggered.connect(lambda checked=False: self.open_dictionaries())
        menu.addAction("&Vocabulary…").triggered.connect(lambda checked=False: self.open_vocabulary())
        self.menu = menu

    def open_dictionaries(self) -> DictionariesWindow:
        if self.dictionaries is None or not shiboken6.isValid(self.dictionaries):
            window = self._window
            self.dictionaries = DictionariesWindow(window.data_dir, window.tasks, window)
            self.dictionaries.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dictionaries.show()
        self.dictionaries.raise_()
        return self.dictionaries

    def open_vocabulary(self) -> VocabularyPanel:
        if self.vocabulary is None or not shiboken6.isValid(self.vocabulary):
            self.vocabulary = VocabularyPanel(self._window.store, self._window)
            self.vocabulary.setWindowFlag(Qt.WindowType.Window)  # its own window beside the reader
            self.vocabulary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.vocabulary.resize(720, 480)
        else:
            self.vocabulary.refresh()
        self.vocabulary.show()
        self.vocabulary.raise_()
        return self.vocabulary
