"""How each highlight colour is painted, on light and on dark palettes."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap

from reader.core.notes.annotations import COLORS

# Text-marker hues; on a dark palette the same hue is painted darker so light text stays legible.
_LIGHT = {
    "yellow": "#fff176",
    "green": "#a5e6a1",
    "blue": "#9fd3ff",
    "pink": "#ffb3cf",
    "purple": "#d5b8ff",
    "orange": "#ffc98a",
}
_DARK = {
    "yellow": "#7a6a00",
    "green": "#2e6b35",
    "blue": "#1f5a8a",
    "pink": "#8a2f55",
    "purple": "#5b3f8f",
    "orange": "#8a5314",
}
LABELS = {color: color.capitalize() for color in COLORS}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def highlight_color(color: str, palette: QPalette) -> QColor:
    return QColor((_DARK if is_dark(palette) else _LIGHT)[color])


def swatch_color(color: str) -> QColor:
    """The colour shown on buttons and in the notes list, the same on any palette."""
    return QColor(_LIGHT[color])


def swatch_icon(color: str, size: int = 18) -> QIcon:
    """A rounded square of the colour, for buttons, menus and filters."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(swatch_color(color))
    painter.setPen(QColor(0, 0, 0, 90))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 4, 4)
    painter.end()
    return QIcon(pixmap)
