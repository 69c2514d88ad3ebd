"""The model's confidence in the bilingual view (View › Show Confidence): a dotted line under each
doubtful word of the English column, and each sentence's confidence in its tooltip.

The line is painted over the text after it is drawn, below the baseline, so it never hides a
highlight (those are character backgrounds) and changes no character format (no layout work).
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen

from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.core.translate.confidence import DOUBT_THRESHOLD, SentenceScores
from reader.ui.view_rows import TITLE_ROW

if TYPE_CHECKING:
    from reader.ui.bilingual_view import BilingualView

# Amber, dark on a light page and light on a dark one: apart from the highlight colours, the
# link blue and the correction bars' states.
_LIGHT_PAGE = QColor("#b45309")
_DARK_PAGE = QColor("#fbbf24")


class ConfidenceMarks:
    """Underlines the doubtful words of the sentences on screen; answers a sentence's tooltip."""

    def __init__(self, view: "BilingualView"):
        self._view = view
        self.shown = False
        self.threshold = DOUBT_THRESHOLD

    def set_shown(self, shown: bool) -> None:
        self.shown = shown
        self._view.viewport().update()

    def set_threshold(self, threshold: float) -> None:
        self.threshold = threshold
        self._view.viewport().update()

    def doubtful_ranges(self, blocks: list[int] | None = None) -> list[tuple[int, int]]:
        """Document positions of the doubtful words in `blocks` (default: those on screen)."""
        view = self._view
        if not self.shown or TRANSLATION not in view.layout_mode.columns:
            return []
        on_screen = blocks is None and view.navigator.reading_place()[0] == TITLE_ROW
        ranges = self._title_ranges() if on_screen else []
        for block in view.visible_blocks() if blocks is None else blocks:
            cell = view.cell_range(block, TRANSLATION)
            if cell is None:
                continue
            spans = view.session.spans(block, TRANSLATION)
            for (start, _end), scores in zip(spans, view.session.sentence_scores(block)):
                if scores is not None:
                    ranges += [(cell[0] + start + s, cell[0] + start + e) for s, e in scores.doubtful(self.threshold)]
        return ranges

    def _title_ranges(self) -> list[tuple[int, int]]:
        """Document positions of the doubtful words of the English title."""
        start = self._view.title_start(TRANSLATION)
        if start is None:
            return []
        return [
            (start + first + a, start + first + b)
            for _original, first, _end, scores in self._view.session.title_scores()
            for a, b in scores.doubtful(self.threshold)
        ]

    def lines(self) -> list[QLineF]:
        """The underlines in viewport coordinates, one per word and line it spans."""
        view = self._view
        layout = view.document().documentLayout()
        dx, dy = -view.horizontalScrollBar().value(), -view.verticalScrollBar().value()
        found = []
        for start, end in self.doubtful_ranges():
            block = view.document().findBlock(start)
            text_layout = block.layout()
            origin = layout.blockBoundingRect(block).topLeft()
            position = start
            while position < end:
                line = text_layout.lineForTextPosition(position - block.position())
                if not line.isValid():
                    break
                line_end = min(end, block.position() + line.textStart() + line.textLength())
                y = origin.y() + line.y() + line.ascent() + max(2.0, line.descent() * 0.45) + dy
                left = origin.x() + line.cursorToX(position - block.position())[0] + dx
                right = origin.x() + line.cursorToX(line_end - block.position())[0] + dx
                found.append(QLineF(QPointF(left, y), QPointF(right, y)))
                if line_end <= position:
                    break
                position = line_end
        return found

    def colour(self) -> QColor:
        base = self._view.palette().color(QPalette.ColorRole.Base)
        return _DARK_PAGE if base.lightness() < 128 else _LIGHT_PAGE

    def paint(self, painter: QPainter) -> None:
        if not self.shown:
            return
        lines = self.lines()
        if not lines:
            return
        pen = QPen(self.colour(), 1.6)
        pen.setDashPattern([1.0, 1.6])  # dots, in pen widths
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.save()
        painter.setPen(pen)
        painter.drawLines(lines)
        painter.restore()

    def tooltip(self, position: int) -> str | None:
        """The confidence of the sentence at a position (either column), with its doubtful words."""
        if not self.shown or position < 0:
            return None
        ref = self._view.sentence_at(position)
        if ref is None:
            return self._title_tooltip(position)
        scores = self._view.session.sentence_scores(ref.block)
        if not 0 <= ref.sentence < len(scores) or scores[ref.sentence] is None:
            return None
        return describe(scores[ref.sentence], self.threshold)


    def _title_tooltip(self, position: int) -> str | None:
        """The confidence of the title's sentence at a position of either column's title."""
        view, session = self._view, self._view.session
        found = session.title_scores()
        for column, text in ((TRANSLATION, session.title_translation), (ORIGINAL, session.document and session.document.title)):
            start = view.title_start(column)
            if not found or start is None or text is None or not start <= position < start + len(text):
                continue
            offset = position - start
            for original, first, _end, scores in reversed(found):
                if offset >= (first if column == TRANSLATION else original):
                    return describe(scores, self.threshold)
        return None


def describe(scores: SentenceScores, threshold: float) -> str:
    """`Confidence: 87%`, and the doubtful words on a second line."""
    text = f"Confidence: {scores.confidence:.0%}"
    words = [scores.text[start:end] for start, end in scores.doubtful(threshold)]
    if words:
        text += "\nDoubtful: " + ", ".join(words)
    return text

