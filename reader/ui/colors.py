"""How the view's colours are painted, on light and on dark palettes: highlights, the marks laid
over the text (the sentence pointed at or pinned, find matches, the flash after a jump), muted text,
and the contrast rule they all keep (see docs/decisions/0026-marks-that-never-hide-highlights.md)."""

import functools
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap

from reader.core.notes.annotations import COLORS

# WCAG 2 AA for body text: every text colour the view paints reaches this on every background.
MINIMUM_CONTRAST = 4.5

# Text-marker hues. On a dark palette the same hue is painted darker, every one at the same
# luminance (about 0.088), so light text keeps at least 5.5:1 on any of them.
_LIGHT = {
    "yellow": "#fff176",
    "green": "#a5e6a1",
    "blue": "#9fd3ff",
    "pink": "#ffb3cf",
    "purple": "#d5b8ff",
    "orange": "#ffc98a",
}
_DARK = {
    "yellow": "#605300",
    "green": "#295e2f",
    "blue": "#1e5785",
    "pink": "#8f3158",
    "purple": "#604398",
    "orange": "#794811",
}
LABELS = {color: color.capitalize() for color in COLORS}

# Find's own hue: an outline, never a fill like a highlight's (orange-red on light, amber on dark).
_FIND_LIGHT = "#e8590c"
_FIND_DARK = "#ff922b"


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def highlight_color(color: str, palette: QPalette) -> QColor:
    return QColor((_DARK if is_dark(palette) else _LIGHT)[color])


def highlight_colors(palette: QPalette) -> dict[str, QColor]:
    return {color: highlight_color(color, palette) for color in COLORS}


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


# Contrast


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours, from 1 to 21."""
    darker, lighter = sorted((luminance(first), luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)


def over(top: QColor, under: QColor) -> QColor:
    """The opaque colour seen where `top` (perhaps translucent) is painted over `under`."""
    alpha = top.alphaF()
    return QColor.fromRgbF(
        top.redF() * alpha + under.redF() * (1 - alpha),
        top.greenF() * alpha + under.greenF() * (1 - alpha),
        top.blueF() * alpha + under.blueF() * (1 - alpha),
    )


def legible(colour: QColor, backgrounds: list[QColor], towards: QColor) -> QColor:
    """`colour`, moved towards `towards` as little as needed to reach MINIMUM_CONTRAST on every
    background (`towards` itself if nothing less will do)."""
    for step in range(21):
        share = step / 20
        tried = over(QColor.fromRgbF(towards.redF(), towards.greenF(), towards.blueF(), share), colour)
        if all(contrast(tried, background) >= MINIMUM_CONTRAST for background in backgrounds):
            return tried
    return QColor(towards)


# The marks laid over the text


@dataclass(frozen=True)
class MarkLooks:
    """The colours of the view's passing marks. Fills are translucent and painted UNDER the text
    and its highlights; lines (underline, outline) are painted over, so no mark hides a highlight."""

    hover_fill: QColor  # the sentence pointed at and its counterpart
    pin_fill: QColor  # the sentence pinned by a click and its counterpart...
    pin_line: QColor  # ...underlined as well
    find_line: QColor  # every find match: an outline
    find_current_fill: QColor  # the current match: a tint and a thicker outline
    flash_fill: QColor  # what a jump landed on, for a moment: a tint...
    flash_line: QColor  # ...and a frame, which shows on a highlight (the jump to one flashes it)

    def fills(self) -> list[QColor]:
        return [self.hover_fill, self.pin_fill, self.find_current_fill, self.flash_fill]


def _tint(colour: QColor, alpha: int) -> QColor:
    tinted = QColor(colour)
    tinted.setAlpha(alpha)
    return tinted


def mark_looks(palette: QPalette) -> MarkLooks:
    text = palette.color(QPalette.ColorRole.Text)
    accent = palette.color(QPalette.ColorRole.Highlight)
    find = QColor(_FIND_DARK if is_dark(palette) else _FIND_LIGHT)
    dark = is_dark(palette)
    # Hover and pin are neutral greys: no highlight is grey, so neither passes for one.
    return MarkLooks(
        hover_fill=_tint(text, 30 if dark else 20),
        pin_fill=_tint(text, 46 if dark else 32),
        pin_line=QColor(accent),
        find_line=find,
        find_current_fill=_tint(find, 60),
        flash_fill=_tint(accent, 70),
        flash_line=QColor(accent),
    )


def view_backgrounds(palette: QPalette) -> list[QColor]:
    """Every background the bilingual view paints text on: the base, each mark's fill over it,
    each highlight (marks' fills lie under highlights, so a highlight looks the same under any)."""
    base = palette.color(QPalette.ColorRole.Base)
    fills = [over(fill, base) for fill in mark_looks(palette).fills()]
    return [base, *fills, *highlight_colors(palette).values()]


def muted_text(palette: QPalette) -> QColor:
    """Captions, dates and placeholders: the palette's placeholder colour, made darker (or lighter)
    where it would fall under MINIMUM_CONTRAST on a background the view paints."""
    base = palette.color(QPalette.ColorRole.Base)
    placeholder = over(palette.color(QPalette.ColorRole.PlaceholderText), base)
    return legible(placeholder, view_backgrounds(palette), palette.color(QPalette.ColorRole.Text))


def secondary_text(palette: QPalette, background: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """Secondary text outside the view (the notes list, a dialog's explanation) on a plain
    background (`Base` or `Window`): the placeholder colour, made legible on it."""
    roles = QPalette.ColorRole
    text = palette.color(roles.WindowText if background == roles.Window else roles.Text)
    argb = QColor.NameFormat.HexArgb
    return QColor(_legible_on(palette.color(roles.PlaceholderText).name(argb), palette.color(background).name(), text.name()))


@functools.cache
def _legible_on(placeholder: str, background: str, text: str) -> str:
    """By name, so list rows painting it often reuse the answer."""
    return legible(over(QColor(placeholder), QColor(background)), [QColor(background)], QColor(text)).name()
