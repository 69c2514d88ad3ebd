"""Find in the bilingual view: every case-insensitive match in both columns, and the current one.

Matches are outlined and the current one also tinted (view_marks paints them, colors.MarkLooks
holds the colours): find has its own look, never a highlight's fill.
"""

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QTextCursor

if TYPE_CHECKING:
    from reader.ui.bilingual_view import BilingualView


class FindMarks(QObject):
    """The matches of the find bar's text, kept as cursors: they follow the text when
    translations fill in above them."""

    results_changed = Signal(int)  # the number of matches after the text changed

    def __init__(self, view: "BilingualView"):
        super().__init__(view)
        self._view = view
        self._text = ""
        self._cursors: list[QTextCursor] = []
        self._current = -1

    def find_all(self, text: str) -> int:
        """Mark every case-insensitive occurrence of `text` in both columns; returns the count."""
        self._text = text
        self._current = -1
        self._search()
        self._view.marks.refresh()
        return len(self._cursors)

    def _search(self) -> None:
        self._cursors = []
        if not self._text:
            return
        document = self._view.document()
        cursor = QTextCursor(document)
        while True:
            cursor = document.find(self._text, cursor)
            if cursor.isNull():
                break
            self._cursors.append(QTextCursor(cursor))

    def search_again(self) -> None:
        """The text changed (translations arrived, the layout switched): find the matches again."""
        if self._text:
            current = self._cursors[self._current].selectionStart() if self._current >= 0 else None
            self._search()
            starts = [c.selectionStart() for c in self._cursors]
            self._current = starts.index(current) if current in starts else -1
            self.results_changed.emit(len(self._cursors))

    def forget(self) -> None:
        """A new document: no match is current; the text is searched again once it is built."""
        self._cursors, self._current = [], -1

    @property
    def count(self) -> int:
        return len(self._cursors)

    def step(self, forward: bool = True) -> int:
        """Move to the next (or previous) match; returns its 0-based number, -1 without matches."""
        if not self._cursors:
            return -1
        if self._current < 0:
            top = self._view.cursorForPosition(QPoint(0, 0)).position()
            following = [i for i, c in enumerate(self._cursors) if c.selectionStart() >= top]
            if forward:
                self._current = following[0] if following else 0
            else:
                self._current = following[0] - 1 if following and following[0] > 0 else len(self._cursors) - 1
        else:
            self._current = (self._current + (1 if forward else -1)) % len(self._cursors)
        self._view.navigator.scroll_to_position(self._cursors[self._current].selectionStart())
        self._view.marks.refresh()
        return self._current

    def clear(self) -> None:
        self._text = ""
        self._cursors, self._current = [], -1
        self._view.marks.refresh()

    def current_match(self) -> QTextCursor | None:
        return self._cursors[self._current] if self._current >= 0 else None

    def matches_between(self, start: int, end: int) -> list[tuple[QTextCursor, bool]]:
        """The matches starting between two document positions (those on screen), each with
        whether it is the current one."""
        first = bisect.bisect_left(self._cursors, start, key=QTextCursor.selectionStart)
        last = bisect.bisect_right(self._cursors, end, key=QTextCursor.selectionStart)
        return [(self._cursors[number], number == self._current) for number in range(first, last)]
