"""The Vocabulary panel: the words kept, filtered as you type, removed, exported for Anki and others."""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.platform.files import write_atomically
from reader.core.store import Store
from reader.core.words.vocabulary import VocabularyItem, export_vocabulary, marked_sentence, remove_word
from reader.core.text.wording import counted
from reader.ui.errors import show_error
from reader.ui.record_list import placeholder_row, record_list, record_row, selected_records

EMPTY = "No words kept yet. Look a word up and press Add to Vocabulary, or use `reader-cli vocab add`."
# Save dialog filters, in the order offered, and the format each writes.
EXPORT_FILTERS = {
    "Anki, tab-separated (*.txt *.tsv)": "anki-tsv",
    "Anki, comma-separated (*.csv)": "anki-csv",
    "Markdown (*.md)": "md",
    "CSV, every column (*.csv)": "csv",
}
SUFFIXES = {"anki-tsv": ".txt", "anki-csv": ".csv", "md": ".md", "csv": ".csv"}


def _one_line(text: str) -> str:
    return " ".join(text.split())


class VocabularyPanel(QWidget):
    """A list of the vocabulary with the selected word's sentence and translation below."""

    exported = Signal(object)  # the path written

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("vocabularyPanel")
        self.setWindowTitle("Vocabulary")
        self._store = store
        self._items: list[VocabularyItem] = []
        self._build()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("vocabularyFilter")
        self.filter_edit.setPlaceholderText("Filter words, roots, meanings, sentences…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._show)
        layout.addWidget(self.filter_edit)
        self.list = record_list(self, ["Word", "Root", "Meaning", "Post"], name="vocabularyList", several=True)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.list.itemSelectionChanged.connect(self._on_selection)
        layout.addWidget(self.list, 1)
        self.detail = QLabel(self)
        self.detail.setObjectName("vocabularyDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        row = QHBoxLayout()
        self.count_label = QLabel(self)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setObjectName("removeWords")
        self.remove_button.clicked.connect(self.remove_selected)
        self.export_button = QPushButton("Export…", self)
        self.export_button.setObjectName("exportVocabulary")
        self.export_button.clicked.connect(self._choose_export)
        row.addWidget(self.count_label, 1)
        row.addWidget(self.remove_button)
        row.addWidget(self.export_button)
        layout.addLayout(row)

    def refresh(self) -> None:
        """Read the vocabulary again (after a word was added elsewhere)."""
        self._items = self._store.vocabulary()
        self._show()

    def visible_items(self) -> list[VocabularyItem]:
        wanted = self.filter_edit.text().strip().casefold()
        if not wanted:
            return list(self._items)
        return [
            item
            for item in self._items
            if any(wanted in text.casefold() for text in (item.word, item.root, item.meaning, item.note, item.sentence))
        ]

    def _show(self) -> None:
        self.list.clear()
        shown = self.visible_items()
        for item in shown:
            texts = [item.word, item.root, _one_line(item.meaning or item.note), item.post_title]
            row = record_row(self.list, texts, item)
            row.setToolTip(2, item.meaning)
        if not self._items:
            placeholder_row(self.list, EMPTY)
        total = len(self._items)
        self.count_label.setText(
            counted(total, "word") if len(shown) == total else f"{len(shown)} of {counted(total, 'word')}"
        )
        self.export_button.setEnabled(bool(shown))
        self._on_selection()

    def selected_items(self) -> list[VocabularyItem]:
        return selected_records(self.list)

    def _on_selection(self) -> None:
        chosen = self.selected_items()
        self.remove_button.setEnabled(bool(chosen))
        if len(chosen) != 1:
            self.detail.clear()
            return
        from html import escape

        item = chosen[0]
        parts = []
        if item.note and item.meaning:
            parts.append(escape(item.note))
        if item.sentence:
            parts.append(f"“{marked_sentence(item.sentence, item.word)}”")
        if item.translation:
            parts.append(f"<i>{escape(item.translation)}</i>")
        self.detail.setText("<br>".join(parts))

    def remove_selected(self) -> None:
        """Remove the selected words (each committed at once)."""
        try:
            for item in self.selected_items():
                remove_word(self._store, item.id)
        except ReaderError as error:
            show_error(self, error)
        self.refresh()

    def _choose_export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export Vocabulary", str(Path.home() / "baca-vocabulary.txt"), ";;".join(EXPORT_FILTERS)
        )
        if path:
            format = EXPORT_FILTERS.get(chosen, "anki-tsv")
            path = Path(path)
            if not path.suffix:
                path = path.with_suffix(SUFFIXES[format])
            self.export_to(path, format)

    def export_to(self, path: Path, format: str) -> None:
        """Write the words shown (the filter applies) in `format`, all or nothing."""
        try:
            write_atomically(path, export_vocabulary(self.visible_items(), format).encode("utf-8"))
        except OSError as error:
            show_error(self, ReaderError(f"The vocabulary could not be written to {path}: {error.strerror or error}."))
            return
        self.count_label.setText(f"Exported {counted(len(self.visible_items()), 'word')} to {path.name}.")
        self.exported.emit(path)
