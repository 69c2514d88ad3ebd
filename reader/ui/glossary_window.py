"""The Glossary window: the user's terms for the translation, added, changed, removed, imported and exported."""

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.store import Store
from reader.core.text.wording import counted
from reader.core.translate.glossary import (
    Glossary,
    GlossaryEntry,
    glossary_entry,
    read_glossary_file,
    write_glossary_file,
)
from reader.ui.confirm import confirm_remove
from reader.ui.errors import show_error
from reader.ui.record_list import RECORD, placeholder_row, record_list, record_row, selected_records

EMPTY = "No terms yet: type an Indonesian term and what the English should say, then Add."
KEPT = "(kept as written)"
FILE_FILTER = "CSV files (*.csv);;All files (*)"


class GlossaryWindow(QDialog):
    """Lists the glossary; every change is saved at once and announced with the glossary now saved."""

    glossary_changed = Signal(object)  # the Glossary as saved now

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("glossaryWindow")
        self.setWindowTitle("Glossary")
        self._store = store
        self._build()
        self.resize(620, 460)
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The translation uses your words for these terms: the model never sees them, and the English "
            "column has your translation, marked with a dotted underline. Terms match whole words; a term "
            "with a capital letter matches only as written, one in lower case in any case.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.source_edit = QLineEdit(self)
        self.source_edit.setObjectName("glossarySource")
        self.source_edit.setPlaceholderText("KTT")
        self.target_edit = QLineEdit(self)
        self.target_edit.setObjectName("glossaryTarget")
        self.target_edit.setPlaceholderText("summit (empty: keep the term as written)")
        form.addRow("&Indonesian term:", self.source_edit)
        form.addRow("In the &English:", self.target_edit)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add", self)
        self.add_button.setObjectName("addGlossaryEntry")
        self.add_button.clicked.connect(self.add_entry)
        self.save_button = QPushButton("&Save Changes", self)
        self.save_button.setObjectName("saveGlossaryEntry")
        self.save_button.setToolTip("Change the selected term to what the fields say")
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setObjectName("removeGlossaryEntry")
        self.remove_button.clicked.connect(self._confirm_remove)
        for button in (self.add_button, self.save_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        for edit in (self.source_edit, self.target_edit):
            edit.returnPressed.connect(self.add_entry)
            edit.textChanged.connect(self._update_buttons)
        self.list = record_list(self, ["Indonesian", "English"], name="glossaryList", several=True)
        self.list.itemSelectionChanged.connect(self._on_selection)
        layout.addWidget(self.list, 1)
        files = QHBoxLayout()
        self.import_button = QPushButton("&Import CSV…", self)
        self.import_button.clicked.connect(self._choose_import)
        self.export_button = QPushButton("E&xport CSV…", self)
        self.export_button.clicked.connect(self._choose_export)
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        files.addStretch(1)
        layout.addLayout(files)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("glossaryStatus")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # The list

    def refresh(self, select: str | None = None) -> Glossary:
        """List the glossary as saved; the glossary listed."""
        glossary = self._store.glossary()
        # The entry just saved is shown selected, its fields left empty for the next term.
        self.list.blockSignals(True)
        self.list.clear()
        for entry in glossary.entries:
            item = record_row(self.list, [entry.source, KEPT if entry.keeps else entry.target], entry)
            if entry.source == select:
                item.setSelected(True)
                self.list.setCurrentItem(item)
        if not glossary:
            placeholder_row(self.list, EMPTY)
        else:
            self.list.setColumnWidth(0, max(160, self.list.sizeHintForColumn(0) + 24))
        self.list.blockSignals(False)
        self.export_button.setEnabled(bool(glossary))
        self._update_buttons()
        return glossary

    def entries(self) -> list[GlossaryEntry]:
        """The entries listed, in order."""
        items = (self.list.topLevelItem(n) for n in range(self.list.topLevelItemCount()))
        return [e for e in (item.data(0, RECORD) for item in items) if e is not None]

    def selected(self) -> list[GlossaryEntry]:
        return selected_records(self.list)

    def _on_selection(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            entry = chosen[0]
            self.source_edit.setText(entry.source)
            self.target_edit.setText("" if entry.keeps else entry.target)
        self._update_buttons()

    def _update_buttons(self) -> None:
        typed = bool(self.source_edit.text().strip())
        self.add_button.setEnabled(typed)
        self.save_button.setEnabled(typed and len(self.selected()) == 1)
        self.remove_button.setEnabled(bool(self.selected()))

    # Changes: each saved, then announced

    def add_entry(self) -> None:
        """Add the term typed (or change its translation, when the term is in the glossary)."""
        self._save(None)

    def save_selected(self) -> None:
        """Change the selected entry to what the fields say (its term too)."""
        chosen = self.selected()
        if len(chosen) == 1:
            self._save(chosen[0].source)

    def _save(self, replacing: str | None) -> None:
        try:
            entry = glossary_entry(self.source_edit.text(), self.target_edit.text())
            self._store.save_glossary_entries([entry], replacing=replacing)
        except ReaderError as error:
            show_error(self, error)
            return
        self.source_edit.clear()
        self.target_edit.clear()
        shown = "kept as written" if entry.keeps else f"→ {entry.target}"
        self._changed(f"Saved {entry.source} {shown}.", select=entry.source)
        self.source_edit.setFocus()

    def _confirm_remove(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        what = chosen[0].source if len(chosen) == 1 else counted(len(chosen), "term")
        confirm_remove(self, "Remove from the Glossary", f"Remove {what} from the glossary?", lambda: self.remove(chosen))

    def remove(self, entries: list[GlossaryEntry]) -> None:
        try:
            for entry in entries:
                self._store.remove_glossary_entry(entry.source)
        except ReaderError as error:
            show_error(self, error)
            self._changed("")
            return
        self.source_edit.clear()
        self.target_edit.clear()
        self._changed(f"Removed {entries[0].source if len(entries) == 1 else counted(len(entries), 'term')}.")

    def import_file(self, path: Path) -> None:
        """Add or change the terms of a CSV file; a file with any bad row changes nothing."""
        try:
            entries = read_glossary_file(Path(path))
            changed = self._store.save_glossary_entries(entries)
        except ReaderError as error:
            show_error(self, error)
            return
        self._changed(f"Imported {counted(len(entries), 'term')} from {Path(path).name} ({changed} new or changed).")

    def export_file(self, path: Path) -> None:
        try:
            write_glossary_file(Path(path), self.entries())
        except ReaderError as error:
            show_error(self, error)
            return
        self.status_label.setText(f"Wrote {counted(len(self.entries()), 'term')} to {path}.")

    def _changed(self, message: str, select: str | None = None) -> None:
        glossary = self.refresh(select)
        self.status_label.setText(
            f"{message} The open post's sentences with a changed term are translated again.".strip()
        )
        self.glossary_changed.emit(glossary)

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a Glossary", str(Path.home()), FILE_FILTER)
        if path:
            self.import_file(Path(path))

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the Glossary", str(Path.home() / "glossary.csv"), FILE_FILTER)
        if path:
            self.export_file(Path(path))
