"""The bilingual view: one row per block, the original beside its translation, one scroll."""

import datetime
import enum
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableCellFormat,
    QTextTableFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from reader.core.notes.annotations import DETACHED, Annotation
from reader.core.text.document import Block, Document
from reader.ui.colors import highlight_color

ORIGINAL = "original"
TRANSLATION = "translation"
TITLE_ROW = -1

# Where the row index of a table (a block index, or TITLE_ROW) is kept on its format.
_ROW = QTextFormat.Property.UserProperty + 1

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


@dataclass(frozen=True)
class SentenceRef:
    """One sentence of one column: `sentence` indexes `block.sentences` (and its translations)."""

    block: int
    column: str
    sentence: int


@dataclass(frozen=True)
class CellHit:
    """A document position resolved to a row, a column and an offset into that cell's text."""

    block: int
    column: str
    offset: int


class BilingualView(QTextBrowser):
    """Shows a Document and its translation, aligned row by row, in one QTextDocument."""

    sentence_hovered = Signal(object)  # SentenceRef | None
    sentence_activated = Signal(object)  # SentenceRef | None
    annotation_clicked = Signal(str)  # annotation id
    translations_changed = Signal(list)  # block indexes whose translation arrived
    find_results_changed = Signal(int)  # the number of matches after the text changed
    current_block_changed = Signal(int)
    scrolled = Signal()
    install_model_requested = Signal()
    document_painted = Signal(object)  # Document: its text was painted for the first time

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bilingualView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.viewport().setMouseTracking(True)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self.scrolled.emit())

        self._document: Document | None = None
        self._translations: dict[int, list[str]] = {}
        self._title_translation: str | None = None
        self._notice: str | None = None
        self._layout = Layout.SIDE_BY_SIDE
        self._ratio = 0.5  # the original column's share of the width, side by side
        self._tables: list = []  # QTextTable per block, index = block index
        self._title_table = None
        # Reading size: a little larger than the interface font.
        self._point_size = (self.font().pointSizeF() or 10.0) + 1.5
        self._hovered: SentenceRef | None = None
        self._active: SentenceRef | None = None
        self._current_block = -1
        # Cursors, not offsets: they follow the text when translations fill in above them.
        self._find_text = ""
        self._find_cursors: list[QTextCursor] = []
        self._find_current = -1
        self._flash: QTextCursor | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=900, timeout=self._end_flash)
        self._rebuilding = False
        self._annotations: dict[str, Annotation] = {}
        self._cell_annotations: dict[tuple[int, str], list[Annotation]] = {}
        self._model: str | None = None  # the identity of the model whose translation is shown
        self._painted = False  # whether the document shown has been painted yet

    # Content

    @property
    def document_shown(self) -> Document | None:
        return self._document

    def set_document(
        self,
        document: Document | None,
        translations: dict[int, list[str]] | None = None,
        title_translation: str | None = None,
        annotations: list[Annotation] = (),
    ) -> None:
        """Show `document` with whatever translations and highlights are known already.

        Built once with all of them: filling them in afterwards would lay the text out again.
        """
        self._document = document
        self._translations = dict(translations or {})
        self._title_translation = title_translation
        self._notice = None
        self._hovered = self._active = None
        self._current_block = -1
        self._find_cursors, self._find_current = [], -1
        self._annotations = {a.id: a for a in annotations}
        self._index_annotations()
        self._painted = False
        self._rebuild()
        self.verticalScrollBar().setValue(0)

    def set_translations(self, translations: dict[int, list[str]]) -> None:
        """Fill in the translations of some blocks (sentence by sentence)."""
        if self._document is None:
            return
        # One edit block: the layout follows once at its end, not after each cell (quadratic).
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for index, sentences in translations.items():
            self._translations[index] = list(sentences)
            if TRANSLATION in self._layout.columns and 0 <= index < len(self._tables):
                self._fill_translation_cell(index)
                self._paint_cell_annotations(index, TRANSLATION)
        cursor.endEditBlock()
        self._search_again()
        self._refresh_extra_selections()
        self.translations_changed.emit(sorted(translations))

    def set_title_translation(self, title: str | None) -> None:
        self._title_translation = title
        if self._document is not None and TRANSLATION in self._layout.columns:
            self._rebuild_title_row()

    def set_notice(self, notice: str | None) -> None:
        """A message shown at the top of the translation column (no model, a failure)."""
        changed = bool(notice) != bool(self._notice)
        self._notice = notice
        if self._document is not None:
            self._rebuild_title_row()
            if changed and TRANSLATION in self._layout.columns:
                # Pending cells show "…" while a model works and nothing while none can.
                for index in self.untranslated_blocks():
                    self._fill_translation_cell(index)
                self._search_again()
                self._refresh_extra_selections()

    @property
    def title_translation(self) -> str | None:
        return self._title_translation

    def translation_of(self, block: int) -> list[str] | None:
        return self._translations.get(block)

    def untranslated_blocks(self) -> list[int]:
        if self._document is None:
            return []
        return [i for i in range(len(self._document.blocks)) if i not in self._translations]

    # Layout and zoom

    @property
    def layout_mode(self) -> Layout:
        return self._layout

    def set_layout_mode(self, layout: Layout) -> None:
        if layout == self._layout:
            return
        anchor = self.first_visible_block()
        self._layout = layout
        self._rebuild()
        if anchor >= 0:
            self.scroll_to_block(anchor, flash=False)

    @property
    def column_ratio(self) -> float:
        return self._ratio

    def set_column_ratio(self, ratio: float) -> None:
        """The original column's share of the width when side by side (0.2 to 0.8)."""
        ratio = max(0.2, min(0.8, ratio))
        if abs(ratio - self._ratio) < 0.005:
            return
        self._ratio = ratio
        if self._layout == Layout.SIDE_BY_SIDE and self._document is not None:
            anchor = self.first_visible_block()
            self._rebuild()
            if anchor >= 0:
                self.scroll_to_block(anchor, flash=False)

    @property
    def point_size(self) -> float:
        return self._point_size

    def set_point_size(self, size: float) -> None:
        self._point_size = max(6.0, min(40.0, size))
        font = self.document().defaultFont()
        font.setPointSizeF(self._point_size)
        self.document().setDefaultFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Colours come from the palette: follow a switch between light and dark.
        if event.type() == QEvent.Type.PaletteChange and self._document is not None and not self._rebuilding:
            self._rebuild()

    # Building the QTextDocument

    def _rebuild(self) -> None:
        self._rebuilding = True
        self._tables = []
        self._title_table = None
        text_document = QTextDocument(self)
        text_document.setUndoRedoEnabled(False)
        font = QFont(self.font())
        font.setPointSizeF(self._point_size)
        text_document.setDefaultFont(font)
        text_document.setDocumentMargin(24)
        if self._document is not None:
            # Built before the view shows it: no layout work until it is complete.
            cursor = QTextCursor(text_document)
            cursor.beginEditBlock()
            root = text_document.rootFrame()
            self._title_table = self._insert_row(cursor, TITLE_ROW)
            self._fill_title_row()
            for index, block in enumerate(self._document.blocks):
                cursor = root.lastCursorPosition()
                table = self._insert_row(cursor, index, block)
                self._tables.append(table)
                self._fill_row(index)
            cursor.endEditBlock()
            self._paint_all_annotations(fresh=True, text_document=text_document)
        # The old document is this view's child, so setDocument deletes it.
        self.setDocument(text_document)
        self._rebuilding = False
        self._flash = None
        self._search_again()
        self._refresh_extra_selections()

    def _insert_row(self, cursor: QTextCursor, row: int, block: Block | None = None):
        columns = self._layout.columns
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
        table_format.setProperty(_ROW, row)
        return cursor.insertTable(1, len(columns), table_format)

    def _cell_format(self, column_index: int) -> QTextTableCellFormat:
        cell_format = QTextTableCellFormat()
        cell_format.setTopPadding(2)
        cell_format.setBottomPadding(2)
        gutter = 14 if len(self._layout.columns) > 1 else 0
        cell_format.setLeftPadding(0 if column_index == 0 else gutter)
        cell_format.setRightPadding(gutter if column_index < len(self._layout.columns) - 1 else 0)
        if column_index < len(self._layout.columns) - 1:
            cell_format.setRightBorder(1)
            cell_format.setRightBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
            cell_format.setRightBorderBrush(QBrush(self._divider_colour()))
        return cell_format

    def _divider_colour(self) -> QColor:
        colour = QColor(self.palette().color(QPalette.ColorRole.Mid))
        colour.setAlpha(110)
        return colour

    def _muted_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.PlaceholderText)

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

    def _fill_row(self, index: int) -> None:
        table = self._tables[index]
        for column_index, column in enumerate(self._layout.columns):
            table.cellAt(0, column_index).setFormat(self._cell_format(column_index))
            if column == ORIGINAL:
                block = self._document.blocks[index]
                block_format, char_format = self._block_formats(block.kind)
                cursor = table.cellAt(0, column_index).firstCursorPosition()
                cursor.setBlockFormat(block_format)
                cursor.insertText(block.text, char_format)
            else:
                self._fill_translation_cell(index)

    def _fill_translation_cell(self, index: int) -> None:
        table = self._tables[index]
        column_index = self._layout.columns.index(TRANSLATION)
        cell = table.cellAt(0, column_index)
        cursor = cell.firstCursorPosition()
        cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
        block = self._document.blocks[index]
        block_format, char_format = self._block_formats(block.kind)
        cursor.setBlockFormat(block_format)
        sentences = self._translations.get(index)
        if sentences is None:
            if not self._notice:
                pending = QTextCharFormat(char_format)
                pending.setForeground(self._muted_colour())
                cursor.insertText("…", pending)
            else:
                cursor.removeSelectedText()
        else:
            cursor.insertText(" ".join(sentences), char_format)

    def _fill_title_row(self) -> None:
        table = self._title_table
        document = self._document
        for column_index, column in enumerate(self._layout.columns):
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
                if self._notice:
                    self._insert_notice(cursor)
                    continue
                if self._title_translation is None:
                    pending = QTextCharFormat(title_format)
                    pending.setForeground(self._muted_colour())
                    cursor.insertText("…", pending)
                else:
                    cursor.insertText(self._title_translation, title_format)
                meta = _meta_line(document, english=True)
            if meta:
                meta_block = QTextBlockFormat()
                meta_block.setTopMargin(6)
                cursor.insertBlock(meta_block)
                cursor.insertText(meta, meta_format)

    def _insert_notice(self, cursor: QTextCursor) -> None:
        notice_format = QTextCharFormat()
        notice_format.setForeground(self._muted_colour())
        for number, paragraph in enumerate(self._notice.split("\n")):
            if number:
                cursor.insertBlock()
            if paragraph.startswith("[") and "](" in paragraph:
                label, _, target = paragraph[1:].partition("](")
                link = QTextCharFormat()
                link.setAnchor(True)
                link.setAnchorHref(target.rstrip(")"))
                link.setForeground(self.palette().color(QPalette.ColorRole.Link))
                link.setFontUnderline(True)
                link.setFontWeight(QFont.Weight.Bold)
                cursor.insertText(label, link)
            else:
                cursor.insertText(paragraph, notice_format)

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
        self._fill_title_row()
        self._refresh_extra_selections()

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.toString() == "baca:install-model":
            self.install_model_requested.emit()

    # Positions, cells and sentences

    def cell_range(self, block: int, column: str) -> tuple[int, int] | None:
        """The first and one-past-last document positions of a block's text in `column`."""
        if column not in self._layout.columns or not 0 <= block < len(self._tables):
            return None
        cell = self._tables[block].cellAt(0, self._layout.columns.index(column))
        return cell.firstCursorPosition().position(), cell.lastCursorPosition().position()

    def cell_text(self, block: int, column: str) -> str | None:
        """The text shown for `block` in `column`; None while a translation is pending."""
        if self._document is None or not 0 <= block < len(self._document.blocks):
            return None
        if column == ORIGINAL:
            return self._document.blocks[block].text
        sentences = self._translations.get(block)
        return " ".join(sentences) if sentences is not None else None

    def hit(self, position: int) -> CellHit | None:
        """Which block, column and offset a document position falls in (None outside blocks)."""
        cursor = QTextCursor(self.document())
        if not 0 <= position <= self.document().characterCount() - 1:
            return None
        cursor.setPosition(position)
        table = cursor.currentTable()
        if table is None:
            return None
        row = table.format().property(_ROW)
        if row is None or row == TITLE_ROW:
            return None
        cell = table.cellAt(cursor)
        if not cell.isValid():
            return None
        column = self._layout.columns[cell.column()]
        return CellHit(int(row), column, position - cell.firstCursorPosition().position())

    def sentence_spans(self, block: int, column: str) -> list[tuple[int, int]]:
        """Offsets of each sentence of `block` within its cell text in `column`."""
        if self._document is None:
            return []
        if column == ORIGINAL:
            return [(s.start, s.end) for s in self._document.blocks[block].sentences]
        sentences = self._translations.get(block)
        if sentences is None:
            return []
        spans, offset = [], 0
        for sentence in sentences:
            spans.append((offset, offset + len(sentence)))
            offset += len(sentence) + 1
        return spans

    def sentence_at(self, position: int) -> SentenceRef | None:
        found = self.hit(position)
        if found is None:
            return None
        for number, (start, end) in enumerate(self.sentence_spans(found.block, found.column)):
            if start <= found.offset < end or (found.offset == end and end > start):
                return SentenceRef(found.block, found.column, number)
        return None

    def counterpart(self, ref: SentenceRef) -> SentenceRef:
        other = TRANSLATION if ref.column == ORIGINAL else ORIGINAL
        return SentenceRef(ref.block, other, ref.sentence)

    def sentence_range(self, ref: SentenceRef) -> tuple[int, int] | None:
        """Document positions of a sentence, None when its column is hidden or pending."""
        cell = self.cell_range(ref.block, ref.column)
        spans = self.sentence_spans(ref.block, ref.column)
        if cell is None or not 0 <= ref.sentence < len(spans):
            return None
        start, end = spans[ref.sentence]
        return cell[0] + start, cell[0] + end

    # Hover, click and the counterpart highlight

    @property
    def hovered_sentence(self) -> SentenceRef | None:
        return self._hovered

    @property
    def active_sentence(self) -> SentenceRef | None:
        return self._active

    def hover_position(self, position: int | None) -> None:
        """Highlight the sentence at `position` and its counterpart (None clears)."""
        ref = self.sentence_at(position) if position is not None and position >= 0 else None
        if ref != self._hovered:
            self._hovered = ref
            self._refresh_extra_selections()
            self.sentence_hovered.emit(ref)

    def activate_position(self, position: int | None) -> None:
        """Pin the sentence at `position` and its counterpart (clicking a sentence)."""
        ref = self.sentence_at(position) if position is not None and position >= 0 else None
        self._active = None if ref == self._active else ref
        if ref is not None:
            self._set_current_block(ref.block)
        self._refresh_extra_selections()
        self.sentence_activated.emit(self._active)

    def highlighted_ranges(self) -> dict[str, list[tuple[int, int]]]:
        """Document ranges highlighted now, by kind: `hover` and `active` (sentence pairs)."""
        ranges: dict[str, list[tuple[int, int]]] = {"hover": [], "active": []}
        for kind, ref in (("hover", self._hovered), ("active", self._active)):
            if ref is None:
                continue
            for each in (ref, self.counterpart(ref)):
                found = self.sentence_range(each)
                if found is not None:
                    ranges[kind].append(found)
        return ranges

    def _document_position(self, point: QPointF) -> int:
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        return self.document().documentLayout().hitTest(point + offset, Qt.HitTestAccuracy.ExactHit)

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            position = self._document_position(event.position())
            if position >= 0:
                self.hover_position(position)
            # Between the lines of one sentence the hit test finds nothing: keep the highlight.

    def mouseReleaseEvent(self, event) -> None:
        had_selection = self.textCursor().hasSelection()
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not had_selection and not self.textCursor().hasSelection():
            position = self._document_position(event.position())
            if position >= 0 and not self.anchorAt(event.position().toPoint()):
                under = self.annotations_at(position)
                if under:
                    self.annotation_clicked.emit(under[0].id)
                else:
                    self.activate_position(position)

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self.hover_position(None)

    # Annotations: painted into the text as character backgrounds (cheap at thousands)

    def set_translation_model(self, identity: str | None) -> None:
        """Whose translation is shown: translation highlights made on another model wait."""
        if identity != self._model:
            self._model = identity
            if self._document is not None:
                self._paint_all_annotations()

    def set_annotations(self, annotations: list[Annotation]) -> None:
        self._annotations = {a.id: a for a in annotations}
        self._index_annotations()
        self._paint_all_annotations()

    def put_annotation(self, annotation: Annotation) -> None:
        """Add or replace one annotation and repaint the cells it touches."""
        old = self._annotations.get(annotation.id)
        self._annotations[annotation.id] = annotation
        self._index_annotations()
        for each in (old, annotation):
            if each is not None:
                self._paint_cell_annotations(each.block, each.column)
        self.viewport().update()

    def remove_annotation(self, annotation_id: str) -> None:
        old = self._annotations.pop(annotation_id, None)
        if old is not None:
            self._index_annotations()
            self._paint_cell_annotations(old.block, old.column)
            self.viewport().update()

    def annotations(self) -> list[Annotation]:
        return list(self._annotations.values())

    def _index_annotations(self) -> None:
        cells: dict[tuple[int, str], list[Annotation]] = {}
        for annotation in self._annotations.values():
            if annotation.status != DETACHED:
                cells.setdefault((annotation.block, annotation.column), []).append(annotation)
        for items in cells.values():
            # Longer first, so a short highlight inside a long one is painted over it.
            items.sort(key=lambda a: (-(a.end - a.start), a.start))
        self._cell_annotations = cells

    def _shown(self, annotation: Annotation) -> bool:
        if annotation.status == DETACHED or self._document is None:
            return False
        if annotation.column == ORIGINAL:
            return annotation.content_id == self._document.content_id
        return annotation.model == self._model and annotation.block in self._translations

    def annotation_range(self, annotation: Annotation) -> tuple[int, int] | None:
        """Document positions of a highlight as shown now (None: hidden, pending or detached)."""
        if not self._shown(annotation):
            return None
        cell = self.cell_range(annotation.block, annotation.column)
        text = self.cell_text(annotation.block, annotation.column)
        if cell is None or text is None or annotation.end > len(text):
            return None
        return cell[0] + annotation.start, cell[0] + annotation.end

    def annotations_at(self, position: int) -> list[Annotation]:
        """The highlights under a document position, innermost first."""
        found = self.hit(position)
        if found is None:
            return []
        items = [
            a
            for a in self._cell_annotations.get((found.block, found.column), [])
            if self._shown(a) and a.start <= found.offset < a.end
        ]
        return sorted(items, key=lambda a: a.end - a.start)

    def _paint_all_annotations(self, fresh: bool = False, text_document: QTextDocument | None = None) -> None:
        """Paint every highlight; `fresh` when the text was just built and holds none yet."""
        if self._document is None or (fresh and not self._cell_annotations):
            return
        cursor = QTextCursor(text_document or self.document())
        cursor.beginEditBlock()
        if fresh:
            for block, column in self._cell_annotations:
                self._paint_cell_annotations(block, column, cursor, clear=False)
        else:
            for block in range(len(self._tables)):
                for column in self._layout.columns:
                    self._paint_cell_annotations(block, column, cursor)
        cursor.endEditBlock()

    def _paint_cell_annotations(self, block: int, column: str, cursor: QTextCursor | None = None, clear: bool = True) -> None:
        cell = self.cell_range(block, column)
        if cell is None:
            return
        cursor = cursor or QTextCursor(self.document())
        if clear:
            plain = QTextCharFormat()
            plain.setBackground(QBrush(Qt.BrushStyle.NoBrush))
            cursor.setPosition(cell[0])
            cursor.setPosition(cell[1], QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(plain)
        annotations = self._cell_annotations.get((block, column))
        text = self.cell_text(block, column) if annotations else None
        if text is None:
            return
        # annotation_range for each, with the cell's range, text and colours found once.
        paints: dict[str, QTextCharFormat] = {}
        for annotation in annotations:
            if not self._shown(annotation) or annotation.end > len(text):
                continue
            paint = paints.get(annotation.color)
            if paint is None:
                paint = paints[annotation.color] = QTextCharFormat()
                paint.setBackground(highlight_color(annotation.color, self.palette()))
            cursor.setPosition(cell[0] + annotation.start)
            cursor.setPosition(cell[0] + annotation.end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(paint)

    def selected_quote(self) -> tuple[int, str, int, int] | None:
        """(block, column, start, end) of the selection when it lies within one cell."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        first, last = self.hit(cursor.selectionStart()), self.hit(cursor.selectionEnd())
        if first is None or last is None or (first.block, first.column) != (last.block, last.column):
            return None
        if first.column == TRANSLATION and first.block not in self._translations:
            return None
        return first.block, first.column, first.offset, last.offset

    def select_range(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = self._document_position(QPointF(event.pos()))
            found = self.annotations_at(position) if position >= 0 else []
            if found and (found[0].note or found[0].tags):
                annotation = found[0]
                parts = [annotation.note[:300] + ("…" if len(annotation.note) > 300 else "")] if annotation.note else []
                if annotation.tags:
                    parts.append(" ".join(f"#{t}" for t in annotation.tags))
                QToolTip.showText(event.globalPos(), "\n".join(parts), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # Navigation

    @property
    def current_block(self) -> int:
        return self._current_block

    def _set_current_block(self, block: int) -> None:
        if block != self._current_block:
            self._current_block = block
            self.viewport().update()
            self.current_block_changed.emit(block)

    def go_to_block(self, block: int) -> None:
        if self._document is None or not self._document.blocks:
            return
        block = max(0, min(len(self._document.blocks) - 1, block))
        self._set_current_block(block)
        self.scroll_to_block(block, flash=False, only_if_hidden=True)

    def next_block(self) -> None:
        self.go_to_block(self._current_block + 1 if self._current_block >= 0 else self.first_visible_block())

    def previous_block(self) -> None:
        self.go_to_block(self._current_block - 1 if self._current_block >= 0 else self.first_visible_block())

    def block_rect(self, block: int) -> QRectF | None:
        if not 0 <= block < len(self._tables):
            return None
        return self.document().documentLayout().frameBoundingRect(self._tables[block])

    def scroll_to_block(self, block: int, flash: bool = True, only_if_hidden: bool = False) -> None:
        rect = self.block_rect(block)
        if rect is None:
            return
        bar = self.verticalScrollBar()
        top, bottom = bar.value(), bar.value() + self.viewport().height()
        if only_if_hidden and rect.top() >= top and rect.bottom() <= bottom:
            return
        bar.setValue(int(max(0, rect.top() - 24)))
        if flash:
            self.flash_range(*self.cell_range(block, self._layout.columns[0]))

    def scroll_to_position(self, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        if rect.top() < 0 or rect.bottom() > self.viewport().height():
            bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    def flash_range(self, start: int, end: int) -> None:
        """Briefly mark a range so the eye finds it after a jump."""
        self._flash = self._cursor(start, end)
        self._refresh_extra_selections()
        self._flash_timer.start()

    def flashed_text(self) -> str | None:
        """The text flashed now, if any."""
        return self._flash.selectedText() if self._flash is not None else None

    def _end_flash(self) -> None:
        self._flash = None
        self._refresh_extra_selections()

    def first_visible_block(self) -> int:
        visible = self.visible_blocks()
        return visible[0] if visible else -1

    def visible_blocks(self) -> list[int]:
        """The blocks on screen now, top to bottom (translate these first)."""
        if not self._tables:
            return []
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        layout = self.document().documentLayout()

        # Rows by the top of their first line: blockBoundingRect lays the text out only down to
        # that block, where frameBoundingRect would finish the layout of the whole post first
        # (half a second at 2,000 paragraphs, which goes on lazily after it is opened).
        def row_top(index: int) -> float:
            return layout.blockBoundingRect(self._tables[index].cellAt(0, 0).firstCursorPosition().block()).top()

        # The last row starting at or above the top of the screen: gallop, then bisect, so
        # nothing below the screen is laid out.
        count, low, high = len(self._tables), 0, 1
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

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel) and (self._active or self.textCursor().hasSelection()):
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            if self._active:
                self.activate_position(None)
            return
        super().keyPressEvent(event)

    # Find

    def find_all(self, text: str) -> int:
        """Mark every case-insensitive occurrence of `text` in both columns; returns the count."""
        self._find_text = text
        self._find_current = -1
        self._search()
        self._refresh_extra_selections()
        return len(self._find_cursors)

    def _search(self) -> None:
        self._find_cursors = []
        if not self._find_text:
            return
        cursor = QTextCursor(self.document())
        while True:
            cursor = self.document().find(self._find_text, cursor)
            if cursor.isNull():
                break
            self._find_cursors.append(QTextCursor(cursor))

    def _search_again(self) -> None:
        """The text changed (translations arrived, the layout switched): find the matches again."""
        if self._find_text:
            current = self._find_cursors[self._find_current].selectionStart() if self._find_current >= 0 else None
            self._search()
            starts = [c.selectionStart() for c in self._find_cursors]
            self._find_current = starts.index(current) if current in starts else -1
            self.find_results_changed.emit(len(self._find_cursors))

    @property
    def find_count(self) -> int:
        return len(self._find_cursors)

    def find_step(self, forward: bool = True) -> int:
        """Move to the next (or previous) match; returns its 0-based number, -1 without matches."""
        if not self._find_cursors:
            return -1
        if self._find_current < 0:
            top = self.cursorForPosition(QPoint(0, 0)).position()
            following = [i for i, c in enumerate(self._find_cursors) if c.selectionStart() >= top]
            if forward:
                self._find_current = following[0] if following else 0
            else:
                self._find_current = following[0] - 1 if following and following[0] > 0 else len(self._find_cursors) - 1
        else:
            self._find_current = (self._find_current + (1 if forward else -1)) % len(self._find_cursors)
        self.scroll_to_position(self._find_cursors[self._find_current].selectionStart())
        self._refresh_extra_selections()
        return self._find_current

    def clear_find(self) -> None:
        self._find_text = ""
        self._find_cursors, self._find_current = [], -1
        self._refresh_extra_selections()

    # Painting

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _selection(self, cursor: QTextCursor, colour: QColor) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format.setBackground(colour)
        return selection

    def _accent(self, alpha: int) -> QColor:
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        colour.setAlpha(alpha)
        return colour

    def _refresh_extra_selections(self) -> None:
        selections = []
        ranges = self.highlighted_ranges()
        for start, end in ranges["active"]:
            selections.append(self._selection(self._cursor(start, end), self._accent(90)))
        for start, end in ranges["hover"]:
            selections.append(self._selection(self._cursor(start, end), self._accent(45)))
        find_colour = QColor(255, 200, 0, 110)
        for number, cursor in enumerate(self._find_cursors):
            colour = QColor(255, 150, 0, 200) if number == self._find_current else find_colour
            selections.append(self._selection(cursor, colour))
        if self._flash is not None:
            selections.append(self._selection(self._flash, self._accent(120)))
        self.setExtraSelections(selections)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        offset = self.verticalScrollBar().value()
        rect = self.block_rect(self._current_block)
        if rect is not None:
            # A thin bar in the left margin marks the paragraph keyboard navigation is on.
            painter.fillRect(
                QRectF(6, rect.top() - offset, 3, rect.height() - 8), self.palette().color(QPalette.ColorRole.Highlight)
            )
        self._paint_note_markers(painter)
        painter.end()
        if not self._painted and self._document is not None:
            self._painted = True
            self.document_painted.emit(self._document)

    def _paint_note_markers(self, painter: QPainter) -> None:
        """A small dot after each highlight that carries a note."""
        if not self._cell_annotations:
            return
        cursor = QTextCursor(self.document())
        marker = self.palette().color(QPalette.ColorRole.Text)
        for block in self.visible_blocks():
            for column in self._layout.columns:
                for annotation in self._cell_annotations.get((block, column), []):
                    if not annotation.note:
                        continue
                    found = self.annotation_range(annotation)
                    if found is None:
                        continue
                    cursor.setPosition(found[1])
                    rect = self.cursorRect(cursor)
                    fill = highlight_color(annotation.color, self.palette()).darker(160)
                    painter.setPen(marker)
                    painter.setBrush(fill)
                    painter.drawEllipse(QRectF(rect.left() - 1, rect.top() - 3, 7, 7))


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
