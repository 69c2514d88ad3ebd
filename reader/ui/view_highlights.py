"""Highlights in the bilingual view: painted into the text as character backgrounds (cheap at
thousands), with a small dot after each one that carries a note."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette, QTextCharFormat, QTextCursor, QTextDocument

from reader.core.notes.annotations import DETACHED, Annotation
from reader.core.notes.columns import ORIGINAL
from reader.ui.colors import highlight_color

if TYPE_CHECKING:
    from reader.ui.bilingual_view import BilingualView


class HighlightPainter:
    """The session's highlights on screen: which are shown, where they lie, and their paint."""

    def __init__(self, view: "BilingualView"):
        self._view = view
        # The session's highlights by cell, for painting and hit-testing (the session holds them).
        self._cells: dict[tuple[int, str], list[Annotation]] = {}

    def reset(self) -> None:
        """Take the session's highlights, painted when the document's text is built."""
        self._index()

    def refresh(self) -> None:
        """Take the session's highlights and paint them all again (after an import)."""
        self._index()
        self.paint_all()

    def changed(self, *annotations: Annotation | None) -> None:
        """The session's highlights changed: repaint the cells these (old and new versions) touch."""
        self._index()
        for each in annotations:
            if each is not None:
                self.paint_cell(each.block, each.column)
        self._view.viewport().update()

    def _index(self) -> None:
        cells: dict[tuple[int, str], list[Annotation]] = {}
        for annotation in self._view.session.annotations.values():
            if annotation.status != DETACHED:
                cells.setdefault((annotation.block, annotation.column), []).append(annotation)
        for items in cells.values():
            # Longer first, so a short highlight inside a long one is painted over it.
            items.sort(key=lambda a: (-(a.end - a.start), a.start))
        self._cells = cells

    def _shown(self, annotation: Annotation) -> bool:
        document = self._view.document_shown
        if annotation.status == DETACHED or document is None:
            return False
        if annotation.column == ORIGINAL:
            return annotation.content_id == document.content_id
        session = self._view.session
        return annotation.model == session.model and session.translation_of(annotation.block) is not None

    def range_of(self, annotation: Annotation) -> tuple[int, int] | None:
        """Document positions of a highlight as shown now (None: hidden, pending or detached)."""
        if not self._shown(annotation):
            return None
        cell = self._view.cell_range(annotation.block, annotation.column)
        text = self._view.cell_text(annotation.block, annotation.column)
        if cell is None or text is None or annotation.end > len(text):
            return None
        return cell[0] + annotation.start, cell[0] + annotation.end

    def at(self, position: int) -> list[Annotation]:
        """The highlights under a document position, innermost first."""
        found = self._view.hit(position)
        if found is None:
            return []
        items = [
            a
            for a in self._cells.get((found.block, found.column), [])
            if self._shown(a) and a.start <= found.offset < a.end
        ]
        return sorted(items, key=lambda a: a.end - a.start)

    def tooltip(self, position: int) -> str | None:
        """The note and tags of the innermost highlight at a position, if it has any."""
        found = self.at(position) if position >= 0 else []
        if not found or not (found[0].note or found[0].tags):
            return None
        annotation = found[0]
        parts = [annotation.note[:300] + ("…" if len(annotation.note) > 300 else "")] if annotation.note else []
        if annotation.tags:
            parts.append(" ".join(f"#{t}" for t in annotation.tags))
        return "\n".join(parts)

    def paint_all(self, fresh: bool = False, text_document: QTextDocument | None = None) -> None:
        """Paint every highlight; `fresh` when the text was just built and holds none yet."""
        if self._view.document_shown is None or (fresh and not self._cells):
            return
        cursor = QTextCursor(text_document or self._view.document())
        cursor.beginEditBlock()
        if fresh:
            for block, column in self._cells:
                self.paint_cell(block, column, cursor, clear=False)
        else:
            for block in range(self._view.row_count()):
                for column in self._view.layout_mode.columns:
                    self.paint_cell(block, column, cursor)
        cursor.endEditBlock()

    def paint_cell(self, block: int, column: str, cursor: QTextCursor | None = None, clear: bool = True) -> None:
        cell = self._view.cell_range(block, column)
        if cell is None:
            return
        cursor = cursor or QTextCursor(self._view.document())
        if clear:
            plain = QTextCharFormat()
            plain.setBackground(QBrush(Qt.BrushStyle.NoBrush))
            cursor.setPosition(cell[0])
            cursor.setPosition(cell[1], QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(plain)
        annotations = self._cells.get((block, column))
        text = self._view.cell_text(block, column) if annotations else None
        if text is None:
            return
        # range_of for each, with the cell's range, text and colours found once.
        palette = self._view.palette()
        paints: dict[str, QTextCharFormat] = {}
        for annotation in annotations:
            if not self._shown(annotation) or annotation.end > len(text):
                continue
            paint = paints.get(annotation.color)
            if paint is None:
                paint = paints[annotation.color] = QTextCharFormat()
                paint.setBackground(highlight_color(annotation.color, palette))
            cursor.setPosition(cell[0] + annotation.start)
            cursor.setPosition(cell[0] + annotation.end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(paint)

    def paint_note_markers(self, painter: QPainter) -> None:
        """A small dot after each highlight that carries a note."""
        if not self._cells:
            return
        view = self._view
        cursor = QTextCursor(view.document())
        marker = view.palette().color(QPalette.ColorRole.Text)
        for block in view.visible_blocks():
            for column in view.layout_mode.columns:
                for annotation in self._cells.get((block, column), []):
                    if not annotation.note:
                        continue
                    found = self.range_of(annotation)
                    if found is None:
                        continue
                    cursor.setPosition(found[1])
                    rect = view.cursorRect(cursor)
                    fill = highlight_color(annotation.color, view.palette()).darker(160)
                    painter.setPen(marker)
                    painter.setBrush(fill)
                    painter.drawEllipse(QRectF(rect.left() - 1, rect.top() - 3, 7, 7))
