"""Selecting text in the bilingual view as in a browser: by characters within the word a drag starts
in, by whole words once it leaves it; a word on double-click, a sentence on triple-click; Shift with
the arrow keys refines either end. Qt's text control moves the cursor first; the gesture then sets
the selection it means, so Qt's auto-scroll, link clicks and drag-and-drop keep working."""

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication

from reader.core.notes.word_bounds import next_word_end, previous_word_start, word_at, word_spans

if TYPE_CHECKING:
    from reader.ui.bilingual_view import BilingualView

CHARACTERS, WORDS, SENTENCES = "characters", "words", "sentences"


class SelectionGesture:
    """The selection a left-button press, drag, double- or triple-click makes, and who made it."""

    def __init__(self, view: "BilingualView"):
        self._view = view
        self._anchor: tuple[int, int] | None = None  # document span the gesture holds on to
        self._unit: str | None = None  # None: no gesture under way
        self._first_word: tuple[int, int] | None = None  # the word a drag started in
        self._press_position = -1
        self._double_click: tuple[float, QPoint] | None = None
        # The sentence pinned before the last press (its click toggles the pin; a double-click
        # puts it back: selecting a word is not pinning its sentence), and when that was.
        self._pinned_before: tuple[float, object] = (0.0, None)
        # Whether the selection's ends were placed by the keyboard or a program (kept as they are)
        # rather than by the mouse (a highlight widens them to whole words).
        self.exact = True

    # Mouse

    def press(self, event, before: QTextCursor) -> None:
        """After Qt's press: start a gesture at the pointer (a triple-click selects the sentence)."""
        self._unit = None
        if event.button() != Qt.MouseButton.LeftButton:
            return
        triple, self._double_click = self._is_triple_click(event), None
        self._pinned_before = (time.monotonic(), self._view.marks.active)
        position = self._position(event.position())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if shift:
            # Shift+click extends from the selection's anchor (or the cursor), kept; the new end snaps.
            self._anchor = (before.anchor(), before.anchor())
            self._unit = WORDS
            self.move(event)
            return
        if not triple and before.hasSelection() and before.selectionStart() <= position <= before.selectionEnd():
            return  # Qt may drag the selected text away; a plain click clears it on release
        self.exact = False
        if triple:
            found = self._sentence_span(position)
            self._anchor = found or (position, position)
            self._unit = SENTENCES
            self._select(*self._anchor)
            return
        # Qt keeps its own triple-click timer running across other clicks: a press is a point.
        self._select(position, position)
        word = self._word_span(position)
        # Characters while the pointer stays in the word it pressed on; starting between words there
        # is none, so whole words from the start. The anchor is the pressed point, widened to a word
        # when inside one.
        self._first_word = word
        self._anchor = self._word_span(position, inside=True) or (position, position)
        self._unit = CHARACTERS if word is not None else WORDS
        self._press_position = position

    def double_click(self, event) -> None:
        """After Qt's double-click: select the word under the pointer (ours, not Qt's idea of one)."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._double_click = (time.monotonic(), event.position().toPoint())
        when, pinned = self._pinned_before
        marks = self._view.marks
        if time.monotonic() - when < QApplication.doubleClickInterval() / 1000 and marks.active != pinned:
            marks.active = pinned
            marks.refresh()
        position = self._position(event.position())
        word = self._word_span(position)
        self.exact = False
        if word is None:
            self._unit = None
            return
        self._anchor = word
        self._unit = WORDS
        self._select(*word)

    def move(self, event) -> None:
        """After Qt's move with the left button down: the selection from the anchor to the pointer."""
        if self._unit is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        position = self._position(event.position())
        if self._unit == CHARACTERS:
            if self._first_word[0] <= position <= self._first_word[1]:
                self._select(self._press_position, position)
                return
            self._unit = WORDS  # the drag left the first word: whole words from now on, both ends
        if self._unit == SENTENCES:
            found = self._sentence_span(position)
        else:
            found = self._word_span(position, inside=True)
        here = found or (position, position)
        start, end = self._anchor
        if position >= start:
            self._select(start, max(end, here[1]))
        else:
            self._select(end, here[0])

    def release(self) -> None:
        self._unit = None

    # Keyboard

    def key_pressed(self, event) -> bool:
        """Shift+Ctrl+arrows by our words within a cell; True when handled here."""
        forward = event.matches(QKeySequence.StandardKey.SelectNextWord)
        if not forward and not event.matches(QKeySequence.StandardKey.SelectPreviousWord):
            return False
        view = self._view
        cursor = view.textCursor()
        found = view.hit(cursor.position())
        text = view.cell_text(found.block, found.column) if found is not None else None
        if text is None:
            return False  # outside a cell: Qt moves the cursor
        offset = next_word_end(text, found.offset) if forward else previous_word_start(text, found.offset)
        if offset is None:
            return False  # no word left in this cell: Qt moves on to the next
        cursor.setPosition(cursor.position() - found.offset + offset, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        self.exact = True
        return True

    def key_handled(self, before: QTextCursor) -> None:
        """After Qt handled a key: a selection the keyboard changed is kept exactly as made."""
        after = self._view.textCursor()
        if (after.anchor(), after.position()) != (before.anchor(), before.position()):
            self.exact = True

    # Parts

    def _position(self, point: QPointF) -> int:
        """The cursor position nearest a viewport point, as Qt's own press and move find it."""
        view = self._view
        offset = QPointF(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        return view.document().documentLayout().hitTest(point + offset, Qt.HitTestAccuracy.FuzzyHit)

    def _is_triple_click(self, event) -> bool:
        if self._double_click is None:
            return False
        when, where = self._double_click
        return (
            time.monotonic() - when < QApplication.doubleClickInterval() / 1000
            and (event.position().toPoint() - where).manhattanLength() < QApplication.startDragDistance()
        )

    def _word_span(self, position: int, inside: bool = False) -> tuple[int, int] | None:
        """Document span of the word at a position (with `inside`, only one it lies strictly within)."""
        found = self._view.hit(position)
        text = self._view.cell_text(found.block, found.column) if found is not None else None
        if text is None:
            return None
        spans = word_spans(text)
        word = word_at(text, found.offset, spans)
        if word is None or (inside and not word[0] < found.offset < word[1]):
            return None
        first = position - found.offset
        return first + word[0], first + word[1]

    def _sentence_span(self, position: int) -> tuple[int, int] | None:
        ref = self._view.sentence_at(position)
        return self._view.sentence_range(ref) if ref is not None else None

    def _select(self, anchor: int, position: int) -> None:
        cursor = self._view.textCursor()
        if (cursor.anchor(), cursor.position()) == (anchor, position):
            return
        cursor.setPosition(anchor)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self._view.setTextCursor(cursor)
