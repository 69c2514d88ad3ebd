"""Corrections in the bilingual view: a bar beside each corrected sentence, and the inline editor."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from reader.core.notes.columns import TRANSLATION
from reader.core.translate.corrections import CHECKED, EDITED, REVIEW, Key
from reader.ui.view_marks import SentenceRef

if TYPE_CHECKING:
    from reader.ui.bilingual_view import BilingualView

# A change bar's colour by state: the bar is beside the text, so it never hides a highlight.
_BAR_COLOURS = {EDITED: QColor("#3b82c4"), CHECKED: QColor("#2e9e5b"), REVIEW: QColor("#d9822b")}
STATE_WORDS = {EDITED: "Edited", CHECKED: "Checked", REVIEW: "To review: the model's translation changed"}
BAR_WIDTH = 3
_OWN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)


class CorrectionMarks:
    """Paints a bar in the margin of each edited, checked or to-review sentence of the English column."""

    def __init__(self, view: "BilingualView"):
        self._view = view

    def bars(self) -> list[tuple[Key, str, QRect]]:
        """(sentence, state, rectangle in the viewport) of each bar on screen."""
        view = self._view
        corrections = view.session.corrections
        if not corrections or TRANSLATION not in view.layout_mode.columns:
            return []
        visible = set(view.visible_blocks())
        found = []
        for key, correction in sorted(corrections.items()):
            if key[0] not in visible:
                continue
            rect = self.sentence_rect(key)
            if rect is None:
                continue
            left = self._cell_left(key[0]) - BAR_WIDTH - 5
            found.append((key, correction.state, QRect(left, rect.top(), BAR_WIDTH, rect.height())))
        return found

    def sentence_rect(self, key: Key) -> QRect | None:
        """The sentence's lines in the viewport (top of its first to bottom of its last), None if not shown."""
        found = self._view.sentence_range(SentenceRef(key[0], TRANSLATION, key[1]))
        if found is None:
            return None
        start, end = found
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(start)
        top = self._view.cursorRect(cursor)
        cursor.setPosition(end)
        bottom = self._view.cursorRect(cursor)
        return QRect(top.left(), top.top(), max(1, bottom.right() - top.left()), bottom.bottom() - top.top() + 1)

    def cell_rect(self, block: int) -> QRect | None:
        """The English cell's text area of a block in the viewport."""
        cell = self._view.cell_range(block, TRANSLATION)
        if cell is None:
            return None
        layout = self._view.document().documentLayout()
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(cell[0])
        first = layout.blockBoundingRect(cursor.block())
        cursor.setPosition(cell[1])
        last = layout.blockBoundingRect(cursor.block())
        x = -self._view.horizontalScrollBar().value()
        y = -self._view.verticalScrollBar().value()
        return QRect(int(first.left()) + x, int(first.top()) + y, int(first.width()), int(last.bottom() - first.top()))

    def _cell_left(self, block: int) -> int:
        rect = self.cell_rect(block)
        return rect.left() if rect is not None else 0

    def paint(self, painter: QPainter) -> None:
        for _key, state, rect in self.bars():
            painter.fillRect(rect, _BAR_COLOURS[state])

    def tooltip(self, position: int) -> str | None:
        """What the reader did to the sentence at a document position (English column)."""
        ref = self._view.sentence_at(position) if position >= 0 else None
        if ref is None or ref.column != TRANSLATION:
            return None
        correction = self._view.session.corrections.get((ref.block, ref.sentence))
        if correction is None:
            return None
        words = STATE_WORDS[correction.state]
        if correction.edited is not None:
            return f"{words}. The machine's translation: {correction.machine}"
        return f"{words}."


class SentenceEditor(QPlainTextEdit):
    """The inline editor laid over one sentence: Enter saves, Ctrl+Enter saves it checked, Esc cancels."""

    saved = Signal(str, bool)  # the text, and whether to mark it checked
    cancelled = Signal()

    def __init__(self, view: "BilingualView", key: Key, text: str):
        super().__init__(view.viewport())
        self.key = key
        self.setObjectName("sentenceEditor")
        self.setPlainText(text)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = self.font()
        font.setPointSizeF(view.point_size)
        self.setFont(font)
        frame = self.palette().color(QPalette.ColorRole.Highlight).name()
        self.setStyleSheet(f"QPlainTextEdit#sentenceEditor {{ border: 2px solid {frame}; border-radius: 3px; }}")
        self.document().contentsChanged.connect(self._fit)
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def place(self, rect: QRect) -> None:
        """Over `rect` (the sentence's cell, from its first line), as tall as its text needs."""
        self._width = rect.width()
        self.move(rect.left() - 4, rect.top() - 4)
        self._fit()

    def _fit(self) -> None:
        """As tall as the text wrapped at the editor's width, growing while the reader types."""
        width = getattr(self, "_width", 300) + 8
        margins = int(self.document().documentMargin() * 2) + self.frameWidth() * 2 + 6
        wrapped = self.fontMetrics().boundingRect(
            QRect(0, 0, width - margins, 100000), Qt.TextFlag.TextWordWrap, self.toPlainText() or " "
        )
        self.resize(width, wrapped.height() + margins)

    def event(self, event) -> bool:
        # Enter, Ctrl+Enter and Esc belong to the editor while it is open, not to the window's actions.
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in _OWN_KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # One line: Shift+Enter saves too, rather than breaking the sentence.
            self.saved.emit(self.toPlainText(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)
