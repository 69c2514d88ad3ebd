"""Marks laid over the bilingual view's text without changing it: the sentence pointed at and the one
pinned (each with its counterpart in the other column), find matches, and the flash after a jump.

No mark hides a highlight (decision 0026): fills are painted under the text, where a highlight's
background covers them, and lines (the pinned pair's underline, find's outlines) over it.
"""

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextCursor

from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.ui.colors import mark_looks

if TYPE_CHECKING:
    from reader.ui.bilingual_view import BilingualView


@dataclass(frozen=True)
class SentenceRef:
    """One sentence of one column: `sentence` indexes `block.sentences` (and its translations)."""

    block: int
    column: str
    sentence: int


def counterpart(ref: SentenceRef) -> SentenceRef:
    other = TRANSLATION if ref.column == ORIGINAL else ORIGINAL
    return SentenceRef(ref.block, other, ref.sentence)


def range_rects(view: "BilingualView", start: int, end: int) -> list[QRectF]:
    """The rectangle of each line of text between two document positions, in viewport coordinates
    (as QTextEdit's cursorRect places them: the block's origin, then the line's own offsets)."""
    document = view.document()
    document_layout = document.documentLayout()
    scrolled = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    rects = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        layout = block.layout()
        origin = document_layout.blockBoundingRect(block).topLeft()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            first = block.position() + line.textStart()
            low, high = max(first, start), min(first + line.textLength(), end)
            if low >= high:
                continue
            left = line.cursorToX(low - block.position())[0]
            right = line.cursorToX(high - block.position())[0]
            rects.append(
                QRectF(origin.x() + left - scrolled[0], origin.y() + line.y() - scrolled[1], right - left, line.height())
            )
        block = block.next()
    return rects


class SentenceMarks:
    """The sentence pair under the pointer (hover) and the one pinned by a click (active), and the
    painting of every passing mark."""

    def __init__(self, view: "BilingualView"):
        self._view = view
        self.hovered: SentenceRef | None = None
        self.active: SentenceRef | None = None
        self._fills: list[tuple[QTextCursor, QColor]] = []
        self._underlines: list[tuple[QTextCursor, QColor]] = []
        self._frames: list[tuple[QTextCursor, QColor, int]] = []  # (range, colour, pen width)
        self._looks = mark_looks(view.palette())

    def reset(self) -> None:
        self.hovered = self.active = None

    def hover_position(self, position: int | None) -> None:
        """Highlight the sentence at `position` and its counterpart (None clears)."""
        ref = self._view.sentence_at(position) if position is not None and position >= 0 else None
        if ref != self.hovered:
            self.hovered = ref
            self.refresh()

    def activate_position(self, position: int | None) -> None:
        """Pin the sentence at `position` and its counterpart (clicking a sentence)."""
        ref = self._view.sentence_at(position) if position is not None and position >= 0 else None
        self.active = None if ref == self.active else ref
        if ref is not None:
            self._view.navigator.set_current_block(ref.block)
        self.refresh()

    def highlighted_ranges(self) -> dict[str, list[tuple[int, int]]]:
        """Document ranges highlighted now, by kind: `hover` and `active` (sentence pairs)."""
        ranges: dict[str, list[tuple[int, int]]] = {"hover": [], "active": []}
        for kind, ref in (("hover", self.hovered), ("active", self.active)):
            if ref is None:
                continue
            for each in (ref, counterpart(ref)):
                found = self._view.sentence_range(each)
                if found is not None:
                    ranges[kind].append(found)
        return ranges

    def refresh(self) -> None:
        """Gather every passing mark again (sentence pairs, the current find match, the flash) and
        repaint; find's other matches are read at paint time, only those on screen."""
        view = self._view
        looks = self._looks = mark_looks(view.palette())
        ranges = self.highlighted_ranges()
        fills, underlines = [], []
        for start, end in ranges["active"]:
            fills.append((self._cursor(start, end), looks.pin_fill))
            underlines.append((self._cursor(start, end), looks.pin_line))
        for start, end in ranges["hover"]:
            fills.append((self._cursor(start, end), looks.hover_fill))
        current = view.finder.current_match()
        if current is not None:
            fills.append((current, looks.find_current_fill))
        frames = []
        flash = view.navigator.flashed()
        if flash is not None:
            fills.append((flash, looks.flash_fill))
            frames.append((flash, looks.flash_line, 2))
        self._fills, self._underlines, self._frames = fills, underlines, frames
        view.viewport().update()

    def fills(self) -> list[tuple[QTextCursor, QColor]]:
        """The translucent fills painted under the text now, each with its range."""
        return list(self._fills)

    @property
    def fills_anything(self) -> bool:
        return bool(self._fills)

    def paint_under(self, painter: QPainter) -> None:
        """Before the text: fills, so highlights (character backgrounds) are painted over them."""
        for cursor, colour in self._fills:
            for rect in range_rects(self._view, cursor.selectionStart(), cursor.selectionEnd()):
                painter.fillRect(rect, colour)

    def paint_over(self, painter: QPainter) -> None:
        """After the text: the pinned pair's underline, a frame round the flash and round each find
        match on screen."""
        view = self._view
        for cursor, colour in self._underlines:
            for rect in range_rects(view, cursor.selectionStart(), cursor.selectionEnd()):
                painter.fillRect(QRectF(rect.left(), rect.bottom() + 1, rect.width(), 2), colour)
        frames = list(self._frames)
        if view.finder.count:
            colour = self._looks.find_line
            for cursor, current in view.finder.matches_between(*self._screen_positions()):
                frames.append((cursor, colour, 2 if current else 1))
        if not frames:
            return
        painter.save()
        # On whole pixels, without smoothing: a crisp frame, in its colour exactly.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for cursor, colour, width in frames:
            painter.setPen(QPen(colour, width))
            for rect in range_rects(view, cursor.selectionStart(), cursor.selectionEnd()):
                left, top = math.floor(rect.left()) - 2, math.floor(rect.top())
                painter.drawRect(QRect(left, top, math.ceil(rect.right()) + 2 - left, math.ceil(rect.height())))
        painter.restore()

    def _screen_positions(self) -> tuple[int, int]:
        """Document positions from the first row on screen (the title's, at the top) to the last."""
        view = self._view
        visible = view.visible_blocks()
        if not visible:
            return 0, view.document().characterCount()
        columns = view.layout_mode.columns
        first = 0 if visible[0] == 0 else view.cell_range(visible[0], columns[0])[0]
        return first, view.cell_range(visible[-1], columns[-1])[1]

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor
