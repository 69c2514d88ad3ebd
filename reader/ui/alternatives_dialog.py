"""Other Translations: the model's n-best for one sentence; the one chosen becomes the reader's edit."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


class AlternativesDialog(QDialog):
    """Lists translations of one sentence; Use (or a double-click) chooses one."""

    chosen = Signal(str)

    def __init__(self, source: str, shown: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("alternativesDialog")
        self.setWindowTitle("Other Translations")
        self.setMinimumWidth(520)
        self._shown = shown
        layout = QVBoxLayout(self)
        self.source = QLabel(source, self, wordWrap=True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.source)
        self.status = QLabel("Asking the model…", self)
        layout.addWidget(self.status)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.use_button = self.buttons.addButton("Use This Translation", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def set_alternatives(self, texts: list[str]) -> None:
        """The model's translations, best first; the one shown now is marked and not chosen first."""
        self.list.clear()
        for text in texts:
            item = QListWidgetItem(text + ("   (shown now)" if text == self._shown else ""))
            item.setData(Qt.ItemDataRole.UserRole, text)
            self.list.addItem(item)
        others = [row for row, text in enumerate(texts) if text != self._shown]
        self.status.setText(
            "The model's other translations of this sentence, best first:" if others
            else "The model has no other translation of this sentence."
        )
        if texts:
            self.list.setCurrentRow(others[0] if others else 0)
        self.use_button.setEnabled(bool(texts))
        self.list.setFocus()

    def set_failed(self, message: str) -> None:
        self.status.setText(message)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole) != self._shown:
            self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        super().accept()
