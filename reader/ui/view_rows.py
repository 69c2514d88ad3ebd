"""The rows of the bilingual view: one borderless table per block, its cells, their formats."""

import datetime
import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableCellFormat,
    QTextTableFormat,
)

from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.core.text.document import Block, Document
from reader.ui.colors import muted_text

TITLE_ROW = -1

# Where the row index of a table (a block index, or TITLE_ROW) is kept on its format.
ROW = QTextFormat.Property.UserProperty + 1

_INDONESIAN_MONTHS = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()
_ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
).split()


class Layout(enum.Enum):
    SIDE_BY_SIDE = "side-by-side"
    ORIGINAL_ONLY = "original"
    TRANSLATION_ONLY = "translation"

    def __init__(self, value: str):
        # A plain attribute, not a property building a dict: it is read for every cell.
        self.columns: tuple[str, ...] = {
            "side-by-side": (ORIGINAL, TRANSLATION),
            "original": (ORIGINAL,),
            "translation": (TRANSLATION,),
        }[value]


class RowWriter:
    """Writes rows in the view's layout, column shares and palette; the view says what goes in them."""

    def __init__(self, layout: Layout, ratio: float, palette: QPalette):
        self.layout = layout
        self._ratio = ratio
        self._palette = palette
        self._muted = muted_text(palette)  # legible on every background the view paints

    def insert_row(self, cursor: QTextCursor, row: int, block: Block | None = None):
        columns = self.layout.columns
        table_format = QTextTableFormat()
        table_format.setBorder(0)
        table_format.setBorderCollapse(True)
        table_format.setCellSpacing(0)
        table_format.setCellPadding(0)
        table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        shares = [self._ratio * 100, (1 - self._ratio) * 100] if len(columns) == 2 else [100]
        table_format.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.PercentageLength, share) for share in shares]
        )
        spacing = 6 if block is not None and block.kind == "heading" else 2
        table_format.setTopMargin(spacing * 2 if block is not None and block.kind == "heading" else 0)
        table_format.setBottomMargin(spacing * 4 if row == TITLE_ROW else spacing * 3)
        table_format.setProperty(ROW, row)
        return cursor.insertTable(1, len(columns), table_format)

    def _cell_format(self, column_index: int) -> QTextTableCellFormat:
        cell_format = QTextTableCellFormat()
        cell_format.setTopPadding(2)
        cell_format.setBottomPadding(2)
        gutter = 14 if len(self.layout.columns) > 1 else 0
        cell_format.setLeftPadding(0 if column_index == 0 else gutter)
        cell_format.setRightPadding(gutter if column_index < len(self.layout.columns) - 1 else 0)
        if column_index < len(self.layout.columns) - 1:
            cell_format.setRightBorder(1)
            cell_format.setRightBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
            cell_format.setRightBorderBrush(self._divider_brush())
        return cell_format

    def _divider_brush(self) -> QBrush:
        # Not QBrush(colour): PySide tries its constructors in turn, and the one taking a QGradient
        # makes QGradient's Python class and its enums first (2 ms of the start-up).
        brush = QBrush()
        brush.setColor(self._divider_colour())
        brush.setStyle(Qt.BrushStyle.SolidPattern)
        return brush

    def _divider_colour(self) -> QColor:
        colour = QColor(self._palette.color(QPalette.ColorRole.Mid))
        colour.setAlpha(110)
        return colour

    def _muted_colour(self) -> QColor:
        return self._muted

    def _block_formats(self, kind: str) -> tuple[QTextBlockFormat, QTextCharFormat]:
        block_format = QTextBlockFormat()
        char_format = QTextCharFormat()
        if kind == "heading":
            block_format.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            char_format.setFontWeight(QFont.Weight.Bold)
            char_format.setProperty(QTextFormat.Property.FontSizeAdjustment, 1)
        elif kind == "caption":
            block_format.setLineHeight(120, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            char_format.setFontItalic(True)
            char_format.setProperty(QTextFormat.Property.FontSizeAdjustment, -1)
            char_format.setForeground(self._muted_colour())
        else:
            block_format.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return block_format, char_format

    def fill_row(self, table, block: Block, sentences: list[str] | None, notice: str | None) -> None:
        """A fresh row: each cell's format, the original, the translation (or its placeholder)."""
        for column_index, column in enumerate(self.layout.columns):
            table.cellAt(0, column_index).setFormat(self._cell_format(column_index))
            if column == ORIGINAL:
                block_format, char_format = self._block_formats(block.kind)
                cursor = table.cellAt(0, column_index).firstCursorPosition()
                cursor.setBlockFormat(block_format)
                cursor.insertText(block.text, char_format)
            else:
                self.fill_translation_cell(table, block, sentences, notice)

    def fill_translation_cell(self, table, block: Block, sentences: list[str] | None, notice: str | None) -> None:
        """The translation cell's text: the sentences, else "…" while a model works, else nothing."""
        column_index = self.layout.columns.index(TRANSLATION)
        cell = table.cellAt(0, column_index)
        cursor = cell.firstCursorPosition()
        cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
        block_format, char_format = self._block_formats(block.kind)
        cursor.setBlockFormat(block_format)
        if sentences is None:
            if not notice:
                pending = QTextCharFormat(char_format)
                pending.setForeground(self._muted_colour())
                cursor.insertText("…", pending)
            else:
                cursor.removeSelectedText()
        else:
            cursor.insertText(" ".join(sentences), char_format)

    def fill_title_row(self, table, document: Document, title_translation: str | None, notice: str | None) -> None:
        for column_index, column in enumerate(self.layout.columns):
            cell = table.cellAt(0, column_index)
            cell.setFormat(self._cell_format(column_index))
            cursor = cell.firstCursorPosition()
            title_block = QTextBlockFormat()
            title_block.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            title_format = QTextCharFormat()
            title_format.setFontWeight(QFont.Weight.Bold)
            title_format.setProperty(QTextFormat.Property.FontSizeAdjustment, 2)
            meta_format = QTextCharFormat()
            meta_format.setForeground(self._muted_colour())
            meta_format.setProperty(QTextFormat.Property.FontSizeAdjustment, -1)
            cursor.setBlockFormat(title_block)
            if column == ORIGINAL:
                cursor.insertText(document.title, title_format)
                meta = _meta_line(document, english=False)
            else:
                if notice:
                    self._insert_notice(cursor, notice)
                    continue
                if title_translation is None:
                    pending = QTextCharFormat(title_format)
                    pending.setForeground(self._muted_colour())
                    cursor.insertText("…", pending)
                else:
                    cursor.insertText(title_translation, title_format)
                meta = _meta_line(document, english=True)
            if meta:
                meta_block = QTextBlockFormat()
                meta_block.setTopMargin(6)
                cursor.insertBlock(meta_block)
                cursor.insertText(meta, meta_format)

    def _insert_notice(self, cursor: QTextCursor, notice: str) -> None:
        """The notice's lines; a line written `[label](target)` becomes a link."""
        notice_format = QTextCharFormat()
        notice_format.setForeground(self._muted_colour())
        for number, paragraph in enumerate(notice.split("\n")):
            if number:
                cursor.insertBlock()
            if paragraph.startswith("[") and "](" in paragraph:
                label, _, target = paragraph[1:].partition("](")
                link = QTextCharFormat()
                link.setAnchor(True)
                link.setAnchorHref(target.rstrip(")"))
                link.setForeground(self._palette.color(QPalette.ColorRole.Link))
                link.setFontUnderline(True)
                link.setFontWeight(QFont.Weight.Bold)
                cursor.insertText(label, link)
            else:
                cursor.insertText(paragraph, notice_format)


def _meta_line(document: Document, english: bool) -> str:
    parts = []
    if document.date is not None:
        parts.append(_format_date(document.date, english))
    if document.author:
        parts.append(document.author)
    return " · ".join(parts)


def _format_date(date: datetime.date, english: bool) -> str:
    months = _ENGLISH_MONTHS if english else _INDONESIAN_MONTHS
    return f"{date.day} {months[date.month - 1]} {date.year}"


def rows_on_screen(layout, tables: list, top: float, bottom: float) -> list[int]:
    """The rows (one table each) that start between top and bottom, or straddle top, in order."""
    # Rows by the top of their first line: blockBoundingRect lays the text out only down to
    # that block, where frameBoundingRect would finish the layout of the whole post first
    # (half a second at 2,000 paragraphs, which goes on lazily after it is opened).
    def row_top(index: int) -> float:
        return layout.blockBoundingRect(tables[index].cellAt(0, 0).firstCursorPosition().block()).top()

    # The last row starting at or above the top of the screen: gallop, then bisect, so
    # nothing below the screen is laid out.
    count, low, high = len(tables), 0, 1
    while high < count and row_top(high) <= top:
        low, high = high, high * 2
    high = min(high, count)
    while high - low > 1:
        middle = (low + high) // 2
        if row_top(middle) <= top:
            low = middle
        else:
            high = middle
    visible = []
    for index in range(low, count):
        if row_top(index) > bottom:
            break
        visible.append(index)
    return visible
