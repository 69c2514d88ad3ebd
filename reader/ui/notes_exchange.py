"""File > Export Notes… and File > Import Notes…: dialogs over reader.core.notes.export and importer."""

import re
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.notes.annotations import COLORS
from reader.core.text.document import Document
from reader.core.errors import ReaderError
from reader.core.notes.export import FORMATS, collect_notes, export_notes, write_atomically
from reader.core.notes.importer import import_notes
from reader.core.translate.reading import model_names
from reader.core.store import Store
from reader.core.text.wording import counted, cut_at_word
from reader.ui.colors import LABELS, swatch_icon
from reader.ui.errors import show_error

FORMAT_LABELS = {
    "md": "Markdown, for writing and notes apps (.md)",
    "csv": "CSV, for spreadsheets and highlight services (.csv)",
    "json": "W3C Web Annotation JSON, for other tools and backup (.json)",
    "html": "Bilingual web page, to print or share (.html)",
}
FILE_FILTERS = {
    "md": "Markdown (*.md)",
    "csv": "CSV (*.csv)",
    "json": "Web Annotation JSON (*.json)",
    "html": "Web page (*.html)",
}


class ExportDialog(QDialog):
    """Choose what to export and how; then a file dialog; then the file is written whole."""

    exported = Signal(Path, int)  # the file written, the number of notes in it

    def __init__(
        self,
        store: Store,
        settings: QSettings,
        document: Document | None,
        model: str | None,
        parent: QWidget | None = None,
        data_dir: Path | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export Notes")
        self._store = store
        self._settings = settings
        self._document = document
        self._model = model
        self._data_dir = data_dir  # where installed models are found, to name them in the HTML page

        self.this_document = QRadioButton("This post" + (f": {_clip(document.title, 60)}" if document else ""))
        self.all_documents = QRadioButton("All posts")
        scope = QButtonGroup(self)
        scope.addButton(self.this_document)
        scope.addButton(self.all_documents)
        self.this_document.setEnabled(document is not None)
        (self.this_document if document is not None else self.all_documents).setChecked(True)

        self.color = QComboBox(self)
        self.color.setObjectName("exportColor")
        self.color.addItem("Every colour", None)
        for color in COLORS:
            self.color.addItem(swatch_icon(color), LABELS[color], color)
        self.tag = QComboBox(self)
        self.tag.setObjectName("exportTag")
        self.tag.addItem("Every tag", None)
        for tag in store.annotation_tags():
            self.tag.addItem(f"#{tag}", tag)
        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        for name in FORMATS:
            self.format.addItem(FORMAT_LABELS[name], name)
        remembered = self.format.findData(settings.value("export/format", "md"))
        self.format.setCurrentIndex(max(0, remembered))
        self.count = QLabel(self)
        self.count.setObjectName("exportCount")

        form = QFormLayout()
        form.addRow("Notes from:", self.this_document)
        form.addRow("", self.all_documents)
        form.addRow("Colour:", self.color)
        form.addRow("Tag:", self.tag)
        form.addRow("Format:", self.format)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.buttons.accepted.connect(self._choose_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        for widget in (self.color, self.tag, self.format):
            widget.currentIndexChanged.connect(lambda _index: self._update_count())
        scope.buttonToggled.connect(lambda _button, _checked: self._update_count())
        self._update_count()

    def groups(self, model_names: Mapping[str, str] | None = None):
        """The notes chosen now, ready to format."""
        document_id = self._document.id if self.this_document.isChecked() and self._document else None
        return collect_notes(
            self._store,
            document_id,
            color=self.color.currentData(),
            tag=self.tag.currentData(),
            model=self._model,
            model_names=model_names,
        )

    def _update_count(self) -> None:
        try:
            groups = self.groups()
        except ReaderError as error:
            self.count.setText(str(error))
            self.export_button.setEnabled(False)
            return
        notes = sum(len(group.annotations) for group in groups)
        self.count.setText(f"{counted(notes, 'note')} to export")
        self.export_button.setEnabled(notes > 0)

    def suggested_name(self) -> str:
        suffix = FORMATS[self.format.currentData()][0]
        if self.this_document.isChecked() and self._document is not None:
            stem = cut_at_word(re.sub(r"[^\w\- ]+", "", self._document.title), 60) or "notes"
        else:
            stem = "Baca notes"
        return f"{stem}{suffix}"

    def _choose_file(self) -> None:
        name = self.format.currentData()
        folder = Path(str(self._settings.value("export/folder", str(Path.home()))))
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export Notes", str(folder / self.suggested_name()), FILE_FILTERS[name]
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the chosen notes to `path` (all or nothing) and close."""
        name = self.format.currentData()
        if not path.suffix:
            path = path.with_suffix(FORMATS[name][0])
        try:
            names = model_names(self._data_dir) if name == "html" and self._data_dir is not None else None
            groups = self.groups(names)
            write_atomically(path, export_notes(groups, name))
        except ReaderError as error:
            show_error(self, error)
            return
        self._settings.setValue("export/format", name)
        self._settings.setValue("export/folder", str(path.parent))
        self.exported.emit(path, sum(len(group.annotations) for group in groups))
        self.accept()


def import_notes_file(parent: QWidget, store: Store, settings: QSettings, path: Path | None = None) -> bool:
    """Ask for a notes file (unless given) and import it; tells the user what happened."""
    if path is None:
        folder = str(settings.value("import/folder", str(Path.home())))
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, "Import Notes", folder, "Web Annotation JSON (*.json *.jsonld);;All files (*)"
        )
        if not chosen:
            return False
        path = Path(chosen)
        settings.setValue("import/folder", str(path.parent))
    try:
        report = import_notes(store, path)
    except ReaderError as error:
        show_error(parent, error)
        return False
    # A file none of whose notes or posts could be placed is a warning, not a success.
    icon = QMessageBox.Icon.Warning if report.imported_nothing else QMessageBox.Icon.Information
    box = QMessageBox(icon, "Import Notes", "\n".join(report.summary()), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("importReport")
    box.open()
    return True


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
