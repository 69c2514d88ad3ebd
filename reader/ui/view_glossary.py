"""Glossary terms in the English column, marked with a thin dotted underline in a muted colour.

An underline, not a background: highlights are backgrounds and show through it unchanged.
"""

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextDocument

from reader.core.notes.columns import TRANSLATION
from reader.core.translate.glossary import Glossary

if TYPE_CHECKING:
    from reader.ui.bilingual_view import BilingualView


class GlossaryMarks:
    """Where the glossary's translations stand in the English column, and their underline."""

    def __init__(self, view: "BilingualView"):
        self._view = view
        self.glossary = Glossary()

    def set_glossary(self, glossary: Glossary) -> None:
        if glossary == self.glossary:
            return
        self.glossary = glossary
        self.paint_all(clear=True)

    def ranges(self, block: int) -> list[tuple[int, int]]:
        """Offsets into a block's English text of the glossary terms its translation holds."""
        session = self._view.session
        translations = session.translation_of(block)
        if not self.glossary or translations is None or session.document is None:
            return []
        sources = [sentence.text for sentence in session.document.blocks[block].sentences]
        return self.glossary.marks(sources, translations)

    def colour(self) -> QColor:
        """The link colour, faded: seen when looked for, never louder than the text or a highlight."""
        colour = QColor(self._view.palette().color(QPalette.ColorRole.Link))
        colour.setAlpha(150)
        return colour

    def paint_all(self, text_document: QTextDocument | None = None, clear: bool = False) -> None:
        view = self._view
        if view.session.document is None or TRANSLATION not in view.layout_mode.columns:
            return
        if not self.glossary and not clear:
            return
        cursor = QTextCursor(text_document or view.document())
        cursor.beginEditBlock()
        self.paint_title(cursor, clear)
        for block in range(view.row_count()):
            self.paint_cell(block, cursor, clear)
        cursor.endEditBlock()

    def title_ranges(self) -> list[tuple[int, int]]:
        """Offsets into the English title of the glossary terms it holds."""
        session = self._view.session
        title = session.title_translation
        if not self.glossary or title is None or session.document is None:
            return []
        return self.glossary.marks([session.document.title], [title])

    def paint_title(self, cursor: QTextCursor | None = None, clear: bool = False) -> None:
        start = self._view.title_start(TRANSLATION)
        title = self._view.session.title_translation
        if start is None or title is None:
            return
        self._paint(cursor or QTextCursor(self._view.document()), (start, start + len(title)), self.title_ranges(), clear)

    def paint_cell(self, block: int, cursor: QTextCursor | None = None, clear: bool = False) -> None:
        cell = self._view.cell_range(block, TRANSLATION)
        if cell is not None:
            self._paint(cursor or QTextCursor(self._view.document()), cell, self.ranges(block), clear)

    def _paint(self, cursor: QTextCursor, cell: tuple[int, int], ranges: list[tuple[int, int]], clear: bool) -> None:
        if clear:
            plain = QTextCharFormat()
            plain.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
            cursor.setPosition(cell[0])
            cursor.setPosition(cell[1], QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(plain)
        if not ranges:
            return
        mark = QTextCharFormat()
        mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        mark.setUnderlineColor(self.colour())
        for start, end in ranges:
            cursor.setPosition(cell[0] + start)
            cursor.setPosition(cell[0] + end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(mark)

    def tooltip(self, position: int) -> str | None:
        """"Glossary: KTT → summit" over a marked term (in a paragraph or the title), else None."""
        placed = self._placed(position) if position >= 0 and self.glossary else None
        if placed is None:
            return None
        offset, text, ranges, sources = placed
        for start, end in ranges:
            if start <= offset < end:
                written = text[start:end].casefold()
                for _s, _e, entry in (hit for source in sources for hit in self.glossary.find(source)):
                    if entry.target.casefold() == written:
                        return f"Glossary: {entry.source} → {entry.target}" if not entry.keeps else f"Glossary: {entry.source}, kept as written"
        return None

    def _placed(self, position: int) -> tuple[int, str, list[tuple[int, int]], list[str]] | None:
        """The offset into the English text at `position`, that text, its marks and its Indonesian."""
        view = self._view
        session = view.session
        title, start = session.title_translation, view.title_start(TRANSLATION)
        if title is not None and start is not None and start <= position < start + len(title):
            return position - start, title, self.title_ranges(), [session.document.title]
        found = view.hit(position)
        if found is None or found.column != TRANSLATION:
            return None
        sources = [sentence.text for sentence in session.document.blocks[found.block].sentences]
        return found.offset, view.cell_text(found.block, TRANSLATION) or "", self.ranges(found.block), sources
