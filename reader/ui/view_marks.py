"""Marks laid over the bilingual view's text without changing it: the sentence pointed at and the one
pinned (each with its counterpart in the other column), find matches, and the flash after a jump."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QTextEdit

from reader.core.notes.annotations import ORIGINAL, TRANSLATION

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


class SentenceMarks:
    """The sentence pair under the pointer (hover) and the one pinned by a click (active)."""

    def __init__(self, view: "BilingualView"):
        self._view = view
        self.hovered: SentenceRef | None = None
        self.active: SentenceRef | None = None

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
        """Lay every passing mark over the text again: sentence pairs, find matches, the flash."""
        view = self._view
        marks = []
        ranges = self.highlighted_ranges()
        for start, end in ranges["active"]:
            marks.append((self._cursor(start, end), self._accent(90)))
        for start, end in ranges["hover"]:
            marks.append((self._cursor(start, end), self._accent(45)))
        marks.extend(view.finder.marks())
        flash = view.navigator.flashed()
        if flash is not None:
            marks.append((flash, self._accent(120)))
        selections = []
        for cursor, colour in marks:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format.setBackground(colour)
            selections.append(selection)
        view.setExtraSelections(selections)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _accent(self, alpha: int) -> QColor:
        colour = QColor(self._view.palette().color(QPalette.ColorRole.Highlight))
        colour.setAlpha(alpha)
        return colour
