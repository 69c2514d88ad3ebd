"""The column titles above the bilingual view, whose handle sets the two columns' widths."""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QWidget


class ColumnHeader(QSplitter):
    ratio_chosen = Signal(float)  # the original column's share, once the handle rests

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("columnHeader")
        self.setChildrenCollapsible(False)
        self.setHandleWidth(9)
        for text, left in (("Indonesian · original", 25), ("English · machine translation", 10)):
            label = QLabel(text, self)
            label.setObjectName("columnTitle")
            # Lined up with the text below: the view's margin on the left, the gutter on the right.
            label.setContentsMargins(left, 6, 14, 6)
            label.setMinimumWidth(120)
            self.addWidget(label)
        # The text is laid out again for each new ratio: only once the handle rests.
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._on_rested)
        self.splitterMoved.connect(lambda _pos, _index: self._timer.start())

    def share_out(self, ratio: float) -> None:
        """Put the handle where the columns below divide (once the header has a width)."""
        total = sum(self.sizes()) or self.width()
        self.setSizes([round(total * ratio), total - round(total * ratio)])

    def _on_rested(self) -> None:
        left, right = self.sizes()
        if left + right > 0:
            self.ratio_chosen.emit(left / (left + right))
