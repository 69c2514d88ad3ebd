"""The dialog for one highlight: its colour, its note (Markdown) and its tags."""

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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

from reader.core.notes.annotations import COLORS, DETACHED, MOVED, Annotation, normalize_tags
from reader.ui.colors import LABELS, swatch_icon


@dataclass(frozen=True)
class Edit:
    color: str
    note: str
    tags: tuple[str, ...]


class TagField(QLineEdit):
    """Tags separated by commas; the tag being typed is completed from the tags in use."""

    def __init__(self, known_tags: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        # The model is parented to the field: unparented, Python would collect it under Qt.
        self.completer_popup = QCompleter(QStringListModel(known_tags, self), self)
        self.completer_popup.setWidget(self)
        self.completer_popup.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_popup.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.completer_popup.activated.connect(self.insert_completion)
        self.textEdited.connect(self._on_edited)

    def typed_tag(self) -> str:
        """The tag being typed: what follows the last comma before the cursor."""
        return self.text()[: self.cursorPosition()].rsplit(",", 1)[-1].strip().lstrip("#")

    def _on_edited(self, _text: str) -> None:
        prefix = self.typed_tag()
        popup = self.completer_popup
        if not prefix:
            popup.popup().hide()
            return
        popup.setCompletionPrefix(prefix)
        if popup.completionCount():
            popup.complete()
        else:
            popup.popup().hide()

    def insert_completion(self, tag: str) -> None:
        """Replace the tag being typed with `tag`, ready for the next one."""
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition() :]
        done = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        self.setText(f"{done}{tag}, {after.lstrip(', ')}".rstrip() + (" " if not after.strip(", ") else ""))
        self.setCursorPosition(len(done) + len(tag) + 2)

    def keyPressEvent(self, event) -> None:
        # While the list is open, Enter and Tab choose from it (QCompleter takes them).
        if self.completer_popup.popup().isVisible() and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Escape,
        ):
            event.ignore()
            return
        super().keyPressEvent(event)


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

        self.tags = TagField(known_tags, self)
        self.tags.setPlaceholderText("Tags, separated by commas")
        self.tags.setObjectName("tags")
        self.tags.setText(", ".join(annotation.tags))

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
