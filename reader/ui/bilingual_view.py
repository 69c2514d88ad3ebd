"""The bilingual view: one row per block, the original beside its translation, one scroll.

The view lays the rows out and answers what lies under a position; highlights (view_highlights),
find (view_find) and moving about (view_navigation) are its parts.
"""

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QPainter, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from reader.core.notes.columns import TRANSLATION
from reader.core.session import ReadingSession
from reader.core.text.document import Document
from reader.ui.view_confidence import ConfidenceMarks
from reader.ui.view_corrections import CorrectionMarks
from reader.ui.view_find import FindMarks
from reader.ui.view_glossary import GlossaryMarks
from reader.ui.view_highlights import HighlightPainter
from reader.ui.view_marks import SentenceMarks, SentenceRef
from reader.ui.view_navigation import Navigator
from reader.ui.view_rows import ROW, TITLE_ROW, Layout, RowWriter, rows_on_screen
from reader.ui.view_selection import SelectionGesture
from reader.ui.view_words import WordPointer

__all__ = ["BilingualView", "CellHit", "Layout", "SentenceRef"]


@dataclass(frozen=True)
class CellHit:
    """A document position resolved to a row, a column and an offset into that cell's text."""

    block: int
    column: str
    offset: int


class BilingualView(QTextBrowser):
    """Shows a Document and its translation, aligned row by row, in one QTextDocument."""

    annotation_clicked = Signal(str)  # annotation id
    translations_changed = Signal(list)  # block indexes whose translation arrived
    install_model_requested = Signal()
    document_painted = Signal(object)  # Document: its text was painted for the first time

    def __init__(self, parent: QWidget | None = None, session: ReadingSession | None = None):
        super().__init__(parent)
        # The session holds the document and its translations; the view shows them.
        self._session = session if session is not None else ReadingSession()
        self.setObjectName("bilingualView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        interaction = Qt.TextInteractionFlag
        self.setTextInteractionFlags(interaction.TextSelectableByMouse | interaction.TextSelectableByKeyboard
                                     | interaction.LinksAccessibleByMouse | interaction.LinksAccessibleByKeyboard)
        # Found by name and kept: `viewport()` would look for its class among all QWidget subclasses (9 ms).
        self._viewport = self.findChild(QWidget, "qt_scrollarea_viewport")
        self._viewport.setMouseTracking(True)
        self.anchorClicked.connect(self._on_anchor_clicked)

        self._notice: str | None = None
        self._layout = Layout.SIDE_BY_SIDE
        self._ratio = 0.5  # the original column's share of the width, side by side
        self._rows = RowWriter(self._layout, self._ratio, self.palette())
        self._tables: list = []  # QTextTable per block, index = block index
        self._title_table = None
        # Reading size: a little larger than the interface font.
        self._point_size = (self.font().pointSizeF() or 10.0) + 1.5
        self._rebuilding = False
        self._painted = False  # whether the document shown has been painted yet
        self.highlights = HighlightPainter(self)
        self.finder = FindMarks(self)
        self.navigator = Navigator(self)
        self.marks = SentenceMarks(self)
        self.corrections = CorrectionMarks(self)
        self.confidence = ConfidenceMarks(self)
        self.selection = SelectionGesture(self)
        self.glossary_marks = GlossaryMarks(self)
        self.words = WordPointer(self)

    # Content

    @property
    def session(self) -> ReadingSession:
        return self._session

    @property
    def document_shown(self) -> Document | None:
        return self._session.document

    def show_session(self) -> None:
        """Show the session's document with the translations and annotations it knows already.

        Built once with all of them: filling them in afterwards would lay the text out again.
        """
        self._notice = None
        self.marks.reset()
        self.navigator.reset()
        self.finder.forget()
        self.highlights.reset()
        self._painted = False
        self._rebuild()
        self.verticalScrollBar().setValue(0)

    def show_translations(self, blocks: list[int]) -> None:
        """Fill in the translations the session now has for some blocks."""
        if self._session.document is None:
            return
        # One edit block: the layout follows once at its end, not after each cell (quadratic).
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for index in blocks:
            if TRANSLATION in self._layout.columns and 0 <= index < len(self._tables):
                self._fill_translation_cell(index)
                self.highlights.paint_cell(index, TRANSLATION)
                self.glossary_marks.paint_cell(index, cursor)
        cursor.endEditBlock()
        self.finder.search_again()
        self.marks.refresh()
        self.translations_changed.emit(sorted(blocks))

    def show_title_translation(self) -> None:
        if self._session.document is not None and TRANSLATION in self._layout.columns:
            self._rebuild_title_row()

    def set_notice(self, notice: str | None) -> None:
        """A message shown at the top of the translation column (no model, a failure)."""
        changed = bool(notice) != bool(self._notice)
        self._notice = notice
        if self._session.document is not None:
            self._rebuild_title_row()
            if changed and TRANSLATION in self._layout.columns:
                # Pending cells show "…" while a model works and nothing while none can.
                for index in self._session.untranslated_blocks():
                    self._fill_translation_cell(index)
                self.finder.search_again()
                self.marks.refresh()

    # Layout and zoom

    @property
    def layout_mode(self) -> Layout:
        return self._layout

    def set_layout_mode(self, layout: Layout) -> None:
        if layout == self._layout:
            return
        self._layout = layout
        self._rebuild_in_place()

    @property
    def column_ratio(self) -> float:
        return self._ratio

    def set_column_ratio(self, ratio: float) -> None:
        """The original column's share of the width when side by side (0.2 to 0.8)."""
        ratio = max(0.2, min(0.8, ratio))
        if abs(ratio - self._ratio) < 0.005:
            return
        self._ratio = ratio
        if self._layout == Layout.SIDE_BY_SIDE and self._session.document is not None:
            self._rebuild_in_place()

    def _rebuild_in_place(self) -> None:
        """Build the rows again, the paragraph at the top of the screen kept there (the title too)."""
        place = self.navigator.reading_place()
        self._rebuild()
        self.navigator.restore_reading_place(place)

    @property
    def point_size(self) -> float:
        return self._point_size

    def set_point_size(self, size: float) -> None:
        self._point_size = max(6.0, min(40.0, size))
        place = self.navigator.reading_place()
        font = self.document().defaultFont()
        font.setPointSizeF(self._point_size)
        self.document().setDefaultFont(font)
        self.navigator.restore_reading_place(place)

    def resizeEvent(self, event) -> None:
        # A new width wraps every row again: the paragraph at the top of the screen stays there.
        place = self.navigator.reading_place()
        super().resizeEvent(event)
        self.navigator.restore_reading_place(place)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Colours come from the palette: follow a switch between light and dark.
        if event.type() == QEvent.Type.PaletteChange and self._session.document is not None and not self._rebuilding:
            self._rebuild()

    # Building the QTextDocument

    def _rebuild(self) -> None:
        self._rebuilding = True
        self._rows = RowWriter(self._layout, self._ratio, self.palette())
        self._tables = []
        self._title_table = None
        text_document = QTextDocument(self)
        text_document.setUndoRedoEnabled(False)
        font = QFont(self.font())
        font.setPointSizeF(self._point_size)
        text_document.setDefaultFont(font)
        text_document.setDocumentMargin(24)
        if self._session.document is not None:
            # Built before the view shows it: no layout work until it is complete.
            cursor = QTextCursor(text_document)
            cursor.beginEditBlock()
            root = text_document.rootFrame()
            self._title_table = self._rows.insert_row(cursor, TITLE_ROW)
            self._rows.fill_title_row(self._title_table, self._session.document, self._session.title_translation, self._notice)
            for index, block in enumerate(self._session.document.blocks):
                table = self._rows.insert_row(root.lastCursorPosition(), index, block)
                self._tables.append(table)
                self._rows.fill_row(table, block, self._session.translation_of(index), self._notice)
            cursor.endEditBlock()
            self.highlights.paint_all(fresh=True, text_document=text_document)
            self.glossary_marks.paint_all(text_document)
        # The old document is this view's child, so setDocument deletes it.
        self.setDocument(text_document)
        # Read-only: no blinking text cursor (its width lives in the document's layout), though
        # the keyboard still moves and selects.
        self.setCursorWidth(0)
        self._rebuilding = False
        self.navigator.forget_flash()
        self.finder.search_again()
        self.marks.refresh()

    def _fill_translation_cell(self, index: int) -> None:
        block = self._session.document.blocks[index]
        self._rows.fill_translation_cell(self._tables[index], block, self._session.translation_of(index), self._notice)

    def _rebuild_title_row(self) -> None:
        if self._title_table is None:
            return
        table = self._title_table
        cursor = QTextCursor(self.document())
        for column_index in range(len(self._layout.columns)):
            cell = table.cellAt(0, column_index)
            cursor.setPosition(cell.firstCursorPosition().position())
            cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        self._rows.fill_title_row(table, self._session.document, self._session.title_translation, self._notice)
        self.glossary_marks.paint_title()
        self.marks.refresh()

    def _on_anchor_clicked(self, url) -> None:  # a QUrl, its class made at the first click
        if url.toString() == "baca:install-model":
            self.install_model_requested.emit()

    # Positions, cells and sentences

    def row_count(self) -> int:
        """How many block rows are built (0 before a document is shown)."""
        return len(self._tables)

    def title_start(self, column: str) -> int | None:
        """The document position where the title begins in `column` (None when the column is hidden,
        or holds a notice instead)."""
        if self._title_table is None or column not in self._layout.columns or (column == TRANSLATION and self._notice):
            return None
        return self._title_table.cellAt(0, self._layout.columns.index(column)).firstCursorPosition().position()

    def cell_range(self, block: int, column: str) -> tuple[int, int] | None:
        """The first and one-past-last document positions of a block's text in `column`."""
        if column not in self._layout.columns or not 0 <= block < len(self._tables):
            return None
        cell = self._tables[block].cellAt(0, self._layout.columns.index(column))
        return cell.firstCursorPosition().position(), cell.lastCursorPosition().position()

    def cell_text(self, block: int, column: str) -> str | None:
        """The text shown for `block` in `column`; None while a translation is pending."""
        return self._session.text(block, column)

    def hit(self, position: int) -> CellHit | None:
        """Which block, column and offset a document position falls in (None outside blocks)."""
        cursor = QTextCursor(self.document())
        if not 0 <= position <= self.document().characterCount() - 1:
            return None
        cursor.setPosition(position)
        table = cursor.currentTable()
        if table is None:
            return None
        row = table.format().property(ROW)
        if row is None or row == TITLE_ROW:
            return None
        cell = table.cellAt(cursor)
        if not cell.isValid():
            return None
        column = self._layout.columns[cell.column()]
        return CellHit(int(row), column, position - cell.firstCursorPosition().position())

    def sentence_spans(self, block: int, column: str) -> list[tuple[int, int]]:
        """Offsets of each sentence of `block` within its cell text in `column`."""
        return self._session.spans(block, column)

    def sentence_at(self, position: int) -> SentenceRef | None:
        found = self.hit(position)
        if found is None:
            return None
        for number, (start, end) in enumerate(self.sentence_spans(found.block, found.column)):
            if start <= found.offset < end or (found.offset == end and end > start):
                return SentenceRef(found.block, found.column, number)
        return None

    def sentence_range(self, ref: SentenceRef) -> tuple[int, int] | None:
        """Document positions of a sentence, None when its column is hidden or pending."""
        cell = self.cell_range(ref.block, ref.column)
        spans = self.sentence_spans(ref.block, ref.column)
        if cell is None or not 0 <= ref.sentence < len(spans):
            return None
        start, end = spans[ref.sentence]
        return cell[0] + start, cell[0] + end

    def _document_position(self, point: QPointF) -> int:
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        return self.document().documentLayout().hitTest(point + offset, Qt.HitTestAccuracy.ExactHit)

    def mousePressEvent(self, event) -> None:
        before = self.textCursor()
        super().mousePressEvent(event)
        self.selection.press(event, before)

    def mouseDoubleClickEvent(self, event) -> None:
        super().mouseDoubleClickEvent(event)
        self.selection.double_click(event)

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        self.selection.move(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            position = self._document_position(event.position())
            if position >= 0:
                self.marks.hover_position(position)
            # Between the lines of one sentence the hit test finds nothing: keep the highlight.

    def mouseReleaseEvent(self, event) -> None:
        had_selection = self.textCursor().hasSelection()
        super().mouseReleaseEvent(event)
        self.selection.release()
        if event.button() == Qt.MouseButton.LeftButton and not had_selection and not self.textCursor().hasSelection():
            position = self._document_position(event.position())
            if position >= 0 and not self.anchorAt(event.position().toPoint()):
                under = self.highlights.at(position)
                if under:
                    self.annotation_clicked.emit(under[0].id)
                else:
                    self.marks.activate_position(position)

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self.marks.hover_position(None)

    def selected_quote(self) -> tuple[int, str, int, int] | None:
        """(block, column, start, end) of the selection when it lies within one cell.

        `selection.exact` says whether its ends are to be kept (keyboard) or widened to words (mouse).
        """
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        first, last = self.hit(cursor.selectionStart()), self.hit(cursor.selectionEnd())
        if first is None or last is None or (first.block, first.column) != (last.block, last.column):
            return None
        if first.column == TRANSLATION and self._session.translation_of(first.block) is None:
            return None
        return first.block, first.column, first.offset, last.offset

    def select_range(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.selection.exact = True

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = self._document_position(QPointF(event.pos()))
            text = self.highlights.tooltip(position)
            if text is None:
                text = self.corrections.tooltip(position)
            if text is None:
                text = self.glossary_marks.tooltip(position)
            confidence = self.confidence.tooltip(position)
            if confidence is not None:
                text = confidence if text is None else f"{text}\n{confidence}"
            if text is not None:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel) and (self.marks.active or self.textCursor().hasSelection()):
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            if self.marks.active:
                self.marks.activate_position(None)
            return
        if self.selection.key_pressed(event):
            return
        before = self.textCursor()
        super().keyPressEvent(event)
        self.selection.key_handled(before)

    # Rows on screen

    def block_rect(self, block: int) -> QRectF | None:
        if not 0 <= block < len(self._tables):
            return None
        return self.document().documentLayout().frameBoundingRect(self._tables[block])

    def first_visible_block(self) -> int:
        visible = self.visible_blocks()
        return visible[0] if visible else -1

    def visible_blocks(self) -> list[int]:
        """The blocks on screen now, top to bottom (translate these first)."""
        if not self._tables:
            return []
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        return rows_on_screen(self.document().documentLayout(), self._tables, top, bottom)

    def paintEvent(self, event) -> None:
        # Marks' fills first, under the text and its highlights; their lines after it.
        if self.marks.fills_anything:
            painter = QPainter(self.viewport())
            self.marks.paint_under(painter)
            painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.navigator.paint_current(painter)
        self.highlights.paint_note_markers(painter)
        self.corrections.paint(painter)
        self.confidence.paint(painter)
        self.marks.paint_over(painter)
        painter.end()
        if not self._painted and self._session.document is not None:
            self._painted = True
            self.document_painted.emit(self._session.document)
