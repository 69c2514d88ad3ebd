"""The dialog for one highlight: its colour, its note (Markdown) and its tags."""

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.annotations import COLORS, DETACHED, MOVED, Annotation, normalize_tags
from reader.ui.colors import LABELS, swatch_color


@dataclass(frozen=True)
class Edit:
    color: str
    note: str
    tags: tuple[str, ...]


def swatch_icon(color: str, size: int = 18) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(swatch_color(color))
    painter.setPen(QColor(0, 0, 0, 90))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 4, 4)
    painter.end()
    return QIcon(pixmap)


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma."""

    def __init__(self, tags: list[str], field: QLineEdit):
        super().__init__(QStringListModel(tags), field)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self._field = field

    def pathFromIndex(self, index) -> str:
        done = self._field.text().rsplit(",", 1)[0] if "," in self._field.text() else ""
        chosen = super().pathFromIndex(index)
        return f"{done}, {chosen}, " if done else f"{chosen}, "

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip().lstrip("#")]


class AnnotationEditor(QDialog):
    """Edit a highlight; emits `saved(Edit)` or `delete_requested()`; never writes itself."""

    saved = Signal(object)  # Edit
    delete_requested = Signal()

    def __init__(self, annotation: Annotation, known_tags: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("annotationEditor")
        self.setWindowTitle("Highlight")
        self.setMinimumWidth(460)
        self.annotation = annotation

        quote = QLabel(self)
        quote.setObjectName("quote")
        quote.setWordWrap(True)
        quote.setTextFormat(Qt.TextFormat.PlainText)
        quote.setText(f"“{_clip(annotation.exact, 400)}”")
        quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        counterpart = QLabel(self)
        counterpart.setObjectName("counterpart")
        counterpart.setWordWrap(True)
        counterpart.setTextFormat(Qt.TextFormat.PlainText)
        counterpart.setText(_clip(annotation.counterpart, 400))
        counterpart.setEnabled(False)
        counterpart.setVisible(bool(annotation.counterpart))

        status = QLabel(self)
        status.setObjectName("status")
        status.setWordWrap(True)
        if annotation.status == DETACHED:
            status.setText("Detached: this passage is no longer in the post. The quote is kept as it was.")
        elif annotation.status == MOVED:
            status.setText("Moved: the post changed and this highlight was found again nearby.")
        status.setVisible(annotation.status in (DETACHED, MOVED))

        self.color_buttons = QButtonGroup(self)
        colors = QHBoxLayout()
        colors.addWidget(QLabel("Colour:", self))
        for number, color in enumerate(COLORS, start=1):
            button = QToolButton(self, icon=swatch_icon(color), checkable=True, autoRaise=True)
            button.setObjectName(f"color-{color}")
            button.setToolTip(f"{LABELS[color]} ({number})")
            button.setProperty("color", color)
            self.color_buttons.addButton(button, number)
            colors.addWidget(button)
            QShortcut(QKeySequence(f"Alt+{number}"), self, activated=button.click)
            if color == annotation.color:
                button.setChecked(True)
        colors.addStretch(1)

        self.note = QPlainTextEdit(self, placeholderText="A note (Markdown)…")
        self.note.setObjectName("note")
        self.note.setPlainText(annotation.note)
        self.note.setTabChangesFocus(True)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("notePreview")
        self.preview.setOpenExternalLinks(True)
        tabs = QTabWidget(self)
        tabs.addTab(self.note, "Note")
        tabs.addTab(self.preview, "Preview")
        tabs.currentChanged.connect(lambda index: index == 1 and self.preview.setMarkdown(self.note.toPlainText()))

        self.tags = QLineEdit(self, placeholderText="Tags, separated by commas")
        self.tags.setObjectName("tags")
        self.tags.setText(", ".join(annotation.tags))
        self.tags.setCompleter(TagCompleter(known_tags, self.tags))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.delete_button = QPushButton("Delete Highlight", self)
        self.delete_button.setObjectName("deleteHighlight")
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self._delete)
        # Ctrl+Enter saves from the note or the tags (a plain Enter in the note is a new line).
        self.note.installEventFilter(self)
        self.tags.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addWidget(counterpart)
        layout.addWidget(status)
        layout.addLayout(colors)
        layout.addWidget(tabs, 1)
        layout.addWidget(QLabel("Tags:", self))
        layout.addWidget(self.tags)
        layout.addWidget(buttons)
        self.note.setFocus()

    def eventFilter(self, watched, event) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._save()
            return True
        return super().eventFilter(watched, event)

    def current_edit(self) -> Edit:
        checked = self.color_buttons.checkedButton()
        color = checked.property("color") if checked is not None else self.annotation.color
        return Edit(color, self.note.toPlainText(), normalize_tags(self.tags.text().split(",")))

    def _save(self) -> None:
        self.saved.emit(self.current_edit())
        self.accept()

    def _delete(self) -> None:
        self.delete_requested.emit()
        self.accept()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
