"""The Words menu (the Dictionaries and Glossary windows, the Vocabulary panel), the lookups behind the
popup, and the glossary the translation and the view use."""

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMainWindow

from reader.ui.errors import show_error

if TYPE_CHECKING:  # each is imported when first used: none is needed for the first paint
    from reader.core.translate.glossary import Glossary
    from reader.core.words.lookup import Lookup
    from reader.ui.dictionaries_window import DictionariesWindow
    from reader.ui.glossary_window import GlossaryWindow
    from reader.ui.lookup_popup import LookupPopup
    from reader.ui.vocabulary_panel import VocabularyPanel


class WordsMenu:
    """Adds Words › Dictionaries…, Glossary… and Vocabulary… to a main window that has data_dir, tasks,
    store, view and translation.

    `look_up()` is what a view calls to open the popup on a word (its context menu's Look Up, and
    Ctrl+click): the dictionaries are opened off the GUI thread the first time (and again after
    the Dictionaries window changed them). The saved glossary is handed to the translation and
    the view at once, and again after each change in the Glossary window.
    """

    def __init__(self, window: QMainWindow):
        self._window = window
        self.dictionaries: "DictionariesWindow | None" = None
        self.vocabulary: "VocabularyPanel | None" = None
        self.glossary: "GlossaryWindow | None" = None
        self.popup: "LookupPopup | None" = None
        self.lookup: "Lookup | None" = None
        self._loading = False
        self._pending: tuple | None = None  # the last look_up() asked for while loading
        menu = window.menuBar().addMenu("&Words")
        menu.addAction("&Dictionaries…").triggered.connect(lambda checked=False: self.open_dictionaries())
        menu.addAction("&Glossary…").triggered.connect(lambda checked=False: self.open_glossary())
        menu.addAction("&Vocabulary…").triggered.connect(lambda checked=False: self.open_vocabulary())
        self.menu = menu
        window.view.words.look_up_requested.connect(self.look_up_word)
        self.apply_glossary(window.store.glossary())

    def open_dictionaries(self) -> "DictionariesWindow":
        if self.dictionaries is None or not shiboken6.isValid(self.dictionaries):
            from reader.ui.dictionaries_window import DictionariesWindow

            window = self._window
            self.dictionaries = DictionariesWindow(window.data_dir, window.tasks, window)
            self.dictionaries.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dictionaries.dictionaries_changed.connect(self.reload)
        self.dictionaries.show()
        self.dictionaries.raise_()
        return self.dictionaries

    def open_glossary(self, term: str = "") -> "GlossaryWindow":
        """The Glossary window, with `term` typed in (the context menu's Add to Glossary…)."""
        if self.glossary is None or not shiboken6.isValid(self.glossary):
            from reader.ui.glossary_window import GlossaryWindow

            self.glossary = GlossaryWindow(self._window.store, self._window)
            self.glossary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.glossary.glossary_changed.connect(self.apply_glossary)
        if term:
            self.glossary.source_edit.setText(term)
            self.glossary.target_edit.clear()
            self.glossary.target_edit.setFocus()
        self.glossary.show()
        self.glossary.raise_()
        return self.glossary

    def apply_glossary(self, glossary: "Glossary") -> None:
        """Translate with `glossary` and mark its terms (touched sentences are translated again)."""
        self._window.translation.set_glossary(glossary)
        self._window.view.glossary_marks.set_glossary(glossary)

    def open_vocabulary(self) -> "VocabularyPanel":
        if self.vocabulary is None or not shiboken6.isValid(self.vocabulary):
            from reader.ui.vocabulary_panel import VocabularyPanel

            self.vocabulary = VocabularyPanel(self._window.store, self._window)
            self.vocabulary.setWindowFlag(Qt.WindowType.Window)  # its own window beside the reader
            self.vocabulary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.vocabulary.resize(720, 480)
        else:
            self.vocabulary.refresh()
        self.vocabulary.show()
        self.vocabulary.raise_()
        return self.vocabulary

    # Lookups

    def look_up(
        self, word: str, sentence: str = "", translation: str = "", document_id: str | None = None, at: QPoint | None = None
    ) -> None:
        """Open the popup on `word` at `at` (global), once the dictionaries are open."""
        self._pending = (word, sentence, translation, document_id, at)
        if self.lookup is None:
            self.reload()
            return
        self._show_pending()

    def look_up_word(self, found, at: QPoint | None = None) -> None:
        """Look up a WordAt of the view (reader.ui.view_words) with its sentence pair."""
        self.look_up(found.word, found.sentence, found.translation, found.document_id, at)

    def reload(self) -> None:
        """Open the installed dictionaries again, off the GUI thread (after an install or a removal)."""
        if self._loading:
            return
        from reader.core.words.lookup import Lookup

        self._loading = True
        data_dir = self._window.data_dir
        self._window.tasks.run(lambda: Lookup.open(data_dir), self._on_loaded, self._on_load_failed, lane="io")

    def _on_loaded(self, lookup: "Lookup") -> None:
        self._loading = False
        old, self.lookup = self.lookup, lookup
        if old is not None:
            old.close()
        if self.popup is not None and shiboken6.isValid(self.popup):
            self.popup.set_lookup(lookup)
        self._show_pending()

    def _on_load_failed(self, error: BaseException) -> None:
        self._loading = False
        self._pending = None
        show_error(self._window, error)

    def _show_pending(self) -> None:
        if self._pending is None:
            return
        word, sentence, translation, document_id, at = self._pending
        self._pending = None
        if self.popup is None or not shiboken6.isValid(self.popup):
            from reader.ui.lookup_popup import LookupPopup

            self.popup = LookupPopup(self._window.store, self.lookup, self._window)
            self.popup.word_added.connect(self._on_word_added)
        self.popup.look_up(word, sentence, translation, document_id, at)

    def _on_word_added(self, _item) -> None:
        if self.vocabulary is not None and shiboken6.isValid(self.vocabulary):
            self.vocabulary.refresh()
