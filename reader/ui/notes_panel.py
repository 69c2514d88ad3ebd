"""The notes panel: the open post's highlights in reading order, filters, and search across posts."""

import html
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from reader.core.notes.annotations import COLORS, DETACHED, MOVED, Annotation
from reader.core.notes.columns import ORIGINAL
from reader.core.store import Store
from reader.core.text.wording import counted
from reader.ui.colors import LABELS, secondary_text, swatch_color, swatch_icon


@dataclass(frozen=True)
class Row:
    annotation: Annotation
    document_title: str | None = None  # set for search results from any post
    snippet: str | None = None


class NotesModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.annotation.exact
        if role == Qt.ItemDataRole.ToolTipRole:
            # Rich text, so the quote is escaped and the note is its Markdown rendered (raw HTML off).
            from reader.core.notes.note_markdown import note_html  # imported with the first note shown

            quote = html.escape(row.annotation.exact).replace("\n", "<br>")
            return f"<p>{quote}</p>" + (note_html(row.annotation.note) if row.annotation.note.strip() else "")
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


class NoteDelegate(QStyledItemDelegate):
    """Paints one highlight: colour bar, quote, note excerpt, tags and status. One fixed height."""

    LINES = 4

    def sizeHint(self, option, index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.lineSpacing() * self.LINES + 14)

    def paint(self, painter, option, index) -> None:
        # Here, not at the top: making QStyle's Python class (eight large enums) is a few ms of the
        # start-up, and a post without highlights paints no row.
        from PySide6.QtWidgets import QStyle

        row: Row = index.data(Qt.ItemDataRole.UserRole)
        annotation = row.annotation
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = secondary_text(palette) if not selected else text_colour
        rect = option.rect.adjusted(8, 6, -8, -6)
        painter.setBrush(swatch_color(annotation.color))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 5, rect.height()), 2, 2)
        rect = rect.adjusted(14, 0, 0, 0)
        metrics = QFontMetrics(option.font)
        line = metrics.lineSpacing()
        top = rect.top()
        header = row.document_title
        if header:
            small = QFont(option.font)
            small.setBold(True)
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(rect.left(), top + metrics.ascent(), QFontMetrics(small).elidedText(header, Qt.TextElideMode.ElideRight, rect.width()))
            top += line
        painter.setFont(option.font)
        painter.setPen(text_colour)
        quote_lines = 1 if header else 2
        quote = " ".join(annotation.exact.split())
        for number in range(quote_lines):
            if not quote:
                break
            if number == quote_lines - 1:
                shown = metrics.elidedText(quote, Qt.TextElideMode.ElideRight, rect.width())
                quote = ""
            else:
                shown, quote = _wrap(quote, metrics, rect.width())
            painter.drawText(rect.left(), top + metrics.ascent(), shown)
            top += line
        painter.setPen(muted)
        pieces = note_pieces(annotation.note, option.font, rect.width())
        if pieces:
            left = rect.left()
            for text, font in pieces:
                painter.setFont(font)
                painter.drawText(left, top + metrics.ascent(), text)
                left += QFontMetrics(font).horizontalAdvance(text)
            painter.setFont(option.font)
            top += line
        details = []
        details.append("Indonesian" if annotation.column == ORIGINAL else "English")
        if annotation.status in (MOVED, DETACHED):
            details.append(annotation.status)
        details.extend(f"#{tag}" for tag in annotation.tags)
        painter.drawText(rect.left(), top + metrics.ascent(), metrics.elidedText("  ".join(details), Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


def note_pieces(note: str, font: QFont, width: int) -> list[tuple[str, QFont]]:
    """The note's first line as painted: its Markdown's words in their fonts, elided to `width`."""
    from reader.core.notes.note_markdown import Run, note_runs  # imported with the first note shown

    runs = note_runs(note)
    if not runs:
        return []
    pieces: list[tuple[str, QFont]] = []
    left = width
    for run in [Run("✎ "), *runs]:
        styled = QFont(font)
        styled.setBold(run.strong)
        styled.setItalic(run.emphasis)
        if run.code:
            styled.setFamilies(["monospace"])
            styled.setStyleHint(QFont.StyleHint.Monospace)
        metrics = QFontMetrics(styled)
        text = " ".join(run.text.split("\n"))
        if metrics.horizontalAdvance(text) > left:
            pieces.append((metrics.elidedText(text, Qt.TextElideMode.ElideRight, left), styled))
            break
        pieces.append((text, styled))
        left -= metrics.horizontalAdvance(text)
    return pieces


def _wrap(text: str, metrics: QFontMetrics, width: int) -> tuple[str, str]:
    """The words of `text` that fit on one line, and the rest."""
    words = text.split(" ")
    line = ""
    for count, word in enumerate(words):
        candidate = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(candidate) > width and line:
            return line, " ".join(words[count:])
        line = candidate
    return line, ""


class NotesPanel(QDockWidget):
    """A dock beside the text. Emits `annotation_chosen(annotation)` when a row is activated."""

    annotation_chosen = Signal(object)  # Annotation

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Notes", parent)
        self.setObjectName("notesPanel")
        self._store = store
        self._annotations: list[Annotation] = []

        # Its clear button (an icon from the style: 4 ms) is added by `finish`, after the first paint.
        self.search = QLineEdit(placeholderText="Search notes in all posts")
        self.search.setObjectName("notesSearch")
        self.color_filter = QComboBox()
        self.color_filter.setObjectName("colorFilter")
        self.color_filter.addItem("All colours", None)
        for color in COLORS:
            self.color_filter.addItem(swatch_icon(color), LABELS[color], color)
        self.tag_filter = QComboBox()
        self.tag_filter.setObjectName("tagFilter")
        self.summary = QLabel()
        self.summary.setObjectName("notesSummary")
        self.model = NotesModel(self)
        self.list = QListView()
        self.list.setObjectName("notesList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(NoteDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.color_filter, 1)
        filters.addWidget(self.tag_filter, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.setWidget(body)

        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self._refresh_rows)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.color_filter.currentIndexChanged.connect(lambda _i: self._refresh_rows())
        self.tag_filter.currentIndexChanged.connect(lambda _i: self._refresh_rows())
        self.list.activated.connect(self._on_activated)
        self.list.clicked.connect(self._on_activated)
        self._refresh_tags()

    def finish(self) -> None:
        """What the first frame does not show: the search field's clear button (shown with text only)."""
        self.search.setClearButtonEnabled(True)

    def set_annotations(self, annotations: list[Annotation]) -> None:
        """The open post's highlights, in reading order."""
        self._annotations = annotations
        self._refresh_tags()
        self._refresh_rows()

    def _refresh_tags(self) -> None:
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for tag in self._store.annotation_tags():
            self.tag_filter.addItem(f"#{tag}", tag)
        index = self.tag_filter.findData(current)
        self.tag_filter.setCurrentIndex(max(0, index))
        self.tag_filter.blockSignals(False)

    def _refresh_rows(self) -> None:
        color = self.color_filter.currentData()
        tag = self.tag_filter.currentData()
        query = self.search.text().strip()
        if query:
            hits = self._store.search_annotations(query)
            rows = [Row(hit.annotation, hit.document_title, hit.snippet) for hit in hits]
        else:
            rows = [Row(a) for a in self._annotations]
        if color:
            rows = [r for r in rows if r.annotation.color == color]
        if tag:
            folded = tag.casefold()
            rows = [r for r in rows if any(t.casefold() == folded for t in r.annotation.tags)]
        self.model.set_rows(rows)
        if query:
            self.summary.setText(f"{len(rows)} found in all posts" if rows else "Nothing found")
        else:
            total = len(self._annotations)
            shown = f"{len(rows)} of {counted(total, 'highlight')}" if len(rows) != total else counted(total, "highlight")
            detached = sum(1 for a in self._annotations if a.status == DETACHED)
            extra = f" · {detached} detached" if detached else ""
            self.summary.setText(f"{shown} in this post{extra}")

    def _on_activated(self, index: QModelIndex) -> None:
        row: Row = index.data(Qt.ItemDataRole.UserRole)
        if row is not None:
            self.annotation_chosen.emit(row.annotation)
