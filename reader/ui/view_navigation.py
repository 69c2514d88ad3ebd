"""Moving about the bilingual view: the current paragraph (keyboard navigation), jumps, and the
brief flash that shows the eye where a jump landed."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, QTimer
from PySide6.QtGui import QPainter, QPalette, QTextCursor

from reader.ui.view_rows import TITLE_ROW

if TYPE_CHECKING:
    from reader.ui.bilingual_view import BilingualView


class Navigator(QObject):
    def __init__(self, view: "BilingualView"):
        super().__init__(view)
        self._view = view
        self._current_block = -1
        self._flash: QTextCursor | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=900, timeout=self._end_flash)

    def reset(self) -> None:
        """A new document: no current paragraph."""
        self._current_block = -1

    @property
    def current_block(self) -> int:
        return self._current_block

    def set_current_block(self, block: int) -> None:
        if block != self._current_block:
            self._current_block = block
            self._view.viewport().update()

    def go_to_block(self, block: int) -> None:
        document = self._view.document_shown
        if document is None or not document.blocks:
            return
        block = max(0, min(len(document.blocks) - 1, block))
        self.set_current_block(block)
        self.scroll_to_block(block, flash=False, only_if_hidden=True)

    def next_block(self) -> None:
        current = self._current_block
        self.go_to_block(current + 1 if current >= 0 else self._view.first_visible_block())

    def previous_block(self) -> None:
        current = self._current_block
        self.go_to_block(current - 1 if current >= 0 else self._view.first_visible_block())

    def scroll_to_block(self, block: int, flash: bool = True, only_if_hidden: bool = False) -> None:
        view = self._view
        rect = view.block_rect(block)
        if rect is None:
            return
        bar = view.verticalScrollBar()
        top, bottom = bar.value(), bar.value() + view.viewport().height()
        if only_if_hidden and rect.top() >= top and rect.bottom() <= bottom:
            return
        self._scroll_to(max(0, rect.top() - 24))
        if flash:
            self.flash_range(*view.cell_range(block, view.layout_mode.columns[0]))

    def reading_place(self) -> tuple[int, float]:
        """Where the screen begins: the row there (TITLE_ROW for the title's) and how far into it,
        as a share of the distance to the next row's top, so another layout can find it again."""
        view = self._view
        top = view.verticalScrollBar().value()
        first = self._row_top(0)
        if first is None or top < first:
            return TITLE_ROW, top / first if first is not None and first > 0 else 0.0
        row = max(0, view.first_visible_block())
        while (following := self._row_top(row + 1)) is not None and following <= top:
            row += 1
        while row > 0 and self._row_top(row) > top:
            row -= 1
        start, end = self._row_span(row)
        return row, (top - start) / (end - start) if end > start else 0.0

    def restore_reading_place(self, place: tuple[int, float]) -> None:
        """Scroll back to a place reading_place gave, in whatever layout the rows have now."""
        row, share = place
        if row == TITLE_ROW:
            first = self._row_top(0)
            top = share * first if first is not None else 0
        elif self._row_top(row) is None:
            return
        else:
            start, end = self._row_span(row)
            top = start + share * (end - start)
        self._scroll_to(top)

    def _scroll_to(self, top: float) -> None:
        view = self._view
        bar = view.verticalScrollBar()
        if round(top) > bar.maximum():
            # Just built, a long post is laid out lazily and the range follows later; the layout
            # knows the whole height already (QTextEdit's own rule: that height less the screen's).
            height = view.document().documentLayout().documentSize().height()
            bar.setRange(0, max(bar.maximum(), int(height) - view.viewport().height()))
        bar.setValue(round(top))

    def _row_span(self, row: int) -> tuple[float, float]:
        """From a row's top to the next one's (to its own bottom, for the last)."""
        following = self._row_top(row + 1)
        return self._row_top(row), following if following is not None else self._view.block_rect(row).bottom()

    def _row_top(self, row: int) -> float | None:
        """The top of a row's first line. Not its frame's: frameBoundingRect finishes the layout of
        the whole post first, where this lays it out only down to the row (a window being resized
        asks at every step; 2,000 paragraphs take a quarter of a second)."""
        view = self._view
        cell = view.cell_range(row, view.layout_mode.columns[0])
        if cell is None:
            return None
        return view.document().documentLayout().blockBoundingRect(view.document().findBlock(cell[0])).top()

    def scroll_to_position(self, position: int) -> None:
        view = self._view
        cursor = QTextCursor(view.document())
        cursor.setPosition(position)
        rect = view.cursorRect(cursor)
        if rect.top() < 0 or rect.bottom() > view.viewport().height():
            self._scroll_to(view.verticalScrollBar().value() + rect.top() - view.viewport().height() // 3)

    def flash_range(self, start: int, end: int) -> None:
        """Briefly mark a range so the eye finds it after a jump."""
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._flash = cursor
        self._view.marks.refresh()
        self._flash_timer.start()

    def flashed(self) -> QTextCursor | None:
        return self._flash

    def flashed_text(self) -> str | None:
        """The text flashed now, if any."""
        return self._flash.selectedText() if self._flash is not None else None

    def forget_flash(self) -> None:
        """The text was built again: the flashed range is gone with it."""
        self._flash = None

    def _end_flash(self) -> None:
        self._flash = None
        self._view.marks.refresh()

    def paint_current(self, painter: QPainter) -> None:
        """A thin bar in the left margin marks the paragraph keyboard navigation is on."""
        view = self._view
        rect = view.block_rect(self._current_block)
        if rect is not None:
            offset = view.verticalScrollBar().value()
            painter.fillRect(
                QRectF(6, rect.top() - offset, 3, rect.height() - 8), view.palette().color(QPalette.ColorRole.Highlight)
            )
