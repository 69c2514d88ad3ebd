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
        for block in range(view.row_count()):
            self.paint_cell(block, cursor, clear)
        cursor.endEditBlock()

    def paint_cell(self, block: int, cursor: QTextCursor | None = None, clear: bool = False) -> None:
        cell = self._view.cell_range(block, TRANSLATION)
        if cell is None:
            return
        cursor = cursor or QTextCursor(self._view.document())
        if clear:
            plain = QTextCharFormat()
            plain.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
            cursor.setPosition(cell[0])
            cursor.setPosition(cell[1], QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(plain)
        ranges = self.ranges(block)
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
        """"Glossary: KTT → summit" over a marked term, else None."""
        found = self._view.hit(position) if position >= 0 and self.glossary else None
        if found is None or found.column != TRANSLATION:
            return None
        text = self._view.cell_text(found.block, TRANSLATION) or ""
        for start, end in self.ranges(found.block):
            if start <= found.offset < end:
                written = text[start:end].casefold()
                sources = self._view.session.document.blocks[found.block].sentences
                for _s, _e, entry in (hit for sentence in sources for hit in self.glossary.find(sentence.text)):
                    if entry.target.casefold() == written:
                        return f"Glossary: {entry.source} → {entry.target}" if not entry.keeps else f"Glossary: {entry.source}, kept as written"
        return None
