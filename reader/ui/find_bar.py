"""The find bar (Ctrl+F): searches both columns of the bilingual view."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reader.ui.bilingual_view import BilingualView


class FindBar(QWidget):
    def __init__(self, view: BilingualView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self._view = view
        self.field = QLineEdit(self, placeholderText="Find in both columns", clearButtonEnabled=True)
        self.field.setObjectName("findField")
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        previous = QToolButton(self, text="↑", toolTip="Previous match (Shift+Enter)", autoRaise=True)
        following = QToolButton(self, text="↓", toolTip="Next match (Enter)", autoRaise=True)
        close = QToolButton(self, text="✕", toolTip="Close (Esc)", autoRaise=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.field.textChanged.connect(self._on_text_changed)
        self.field.returnPressed.connect(lambda: self.step(True))
        previous.clicked.connect(lambda: self.step(False))
        following.clicked.connect(lambda: self.step(True))
        close.clicked.connect(self.close_bar)
        view.finder.results_changed.connect(self._on_results_changed)
        self._total = 0

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text():
            self._on_text_changed(self.field.text())

    def close_bar(self) -> None:
        self._view.finder.clear()
        self.hide()
        self._view.setFocus()

    def refresh(self) -> None:
        """Search again (the document or its translation changed)."""
        if self.isVisible() and self.field.text():
            self._on_text_changed(self.field.text())

    def step(self, forward: bool) -> None:
        current = self._view.finder.step(forward)
        self._show_count(current)

    def _on_text_changed(self, text: str) -> None:
        self._total = self._view.finder.find_all(text)
        self._show_count(-1)

    def _on_results_changed(self, total: int) -> None:
        self._total = total
        self._show_count(-1)

    def _show_count(self, current: int) -> None:
        if not self.field.text():
            self.count.setText("")
        elif self._total == 0:
            self.count.setText("No matches")
        elif current < 0:
            self.count.setText(f"{self._total} matches" if self._total != 1 else "1 match")
        else:
            self.count.setText(f"{current + 1} of {self._total}")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.step(False)
        elif event.matches(QKeySequence.StandardKey.FindNext):
            self.step(True)
        elif event.matches(QKeySequence.StandardKey.FindPrevious):
            self.step(False)
        else:
            super().keyPressEvent(event)
