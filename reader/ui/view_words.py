"""Words in the bilingual view: the word under a point with its sentence pair, and Ctrl+click to look it up."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.core.words.spans import word_span

if TYPE_CHECKING:
    from reader.ui.bilingual_view import BilingualView


@dataclass(frozen=True)
class WordAt:
    """A word of either column, with its Indonesian sentence and that sentence's English ('' while pending)."""

    word: str
    sentence: str
    translation: str
    document_id: str
    column: str  # where the word was found: ORIGINAL or TRANSLATION


class WordPointer(QObject):
    """Finds the word at a position; a Ctrl+click on a word asks for it to be looked up.

    Ctrl, not Alt: on many Linux desktops Alt+drag moves the window, and the view gives Ctrl+click
    no other meaning. The press and its release are taken here, so no selection or pin follows.
    The lookup waits out the double-click interval: a Ctrl+double-click edits the sentence
    (CorrectionController), and a popup open at its first click would take the second.
    """

    look_up_requested = Signal(object, QPoint)  # WordAt, the global point to show the popup at

    def __init__(self, view: "BilingualView"):
        super().__init__(view)
        self._view = view
        self._taken_press = False
        self._pending: tuple[WordAt, QPoint] | None = None
        self._timer = QTimer(self, singleShot=True, timeout=self._look_up_pending)
        view.viewport().installEventFilter(self)

    def cancel(self) -> None:
        """Forget the Ctrl+click waiting to be looked up: it was the first of a double-click."""
        self._timer.stop()
        self._pending = None

    def _look_up_pending(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self.look_up_requested.emit(*pending)

    def at(self, position: int) -> WordAt | None:
        """The word at a document position, or None outside the words of a post's sentences."""
        view = self._view
        document = view.session.document
        if document is None:
            return None
        title = self._title_word(position)
        if title is not None:
            return title
        ref = view.sentence_at(position)
        if ref is None:
            return None
        found = view.hit(position)
        text = view.cell_text(found.block, found.column)
        span = word_span(text, found.offset) if text is not None else None
        if span is None:
            return None
        block = document.blocks[ref.block]
        translations = view.session.translation_of(ref.block) or []
        if not 0 <= ref.sentence < len(block.sentences):
            return None
        translation = translations[ref.sentence] if ref.sentence < len(translations) else ""
        # From the English column the word is English; the sentence pair is the same.
        word = text[span[0] : span[1]]
        return WordAt(word, block.sentences[ref.sentence].text, translation, document.id, found.column)

    def _title_word(self, position: int) -> WordAt | None:
        """A word of the title in either column; its sentence pair is the title and its translation."""
        view, session = self._view, self._view.session
        title, english = session.document.title, session.title_translation
        for column, text in ((ORIGINAL, title), (TRANSLATION, english)):
            start = view.title_start(column)
            if start is not None and text is not None and start <= position <= start + len(text):
                span = word_span(text, position - start)
                return WordAt(text[span[0] : span[1]], title, english or "", session.document.id, column) if span else None
        return None

    def at_point(self, point: QPoint) -> WordAt | None:
        """The word under a point of the viewport (exactly on it, not the nearest)."""
        view = self._view
        offset = QPointF(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        position = view.document().documentLayout().hitTest(QPointF(point) + offset, Qt.HitTestAccuracy.ExactHit)
        return self.at(position) if position >= 0 else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            if event.button() == Qt.MouseButton.LeftButton and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
                found = self.at_point(event.position().toPoint())
                if found is not None:
                    self._taken_press = True
                    self._pending = (found, event.globalPosition().toPoint())
                    self._timer.start(QApplication.doubleClickInterval())
                    return True
        elif kind == QEvent.Type.MouseButtonRelease and self._taken_press:
            self._taken_press = False
            return True
        return False
