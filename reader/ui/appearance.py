"""Light and dark: follow the system's palette, or the one the user picks."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from reader.ui.colors import legible

SCHEMES = ("system", "light", "dark")


def dark_palette() -> QPalette:
    """A calm dark palette for long reading."""
    palette = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: "#2b2d30",
        roles.WindowText: "#dcdcdc",
        roles.Base: "#1e1f22",
        roles.AlternateBase: "#26282b",
        roles.Text: "#dedede",
        roles.PlaceholderText: "#8c8f94",
        roles.Button: "#35373b",
        roles.ButtonText: "#dcdcdc",
        roles.BrightText: "#ffffff",
        roles.Highlight: "#3d6fb5",
        roles.HighlightedText: "#ffffff",
        roles.Link: "#7fb2ff",
        roles.LinkVisited: "#b497e8",
        roles.ToolTipBase: "#35373b",
        roles.ToolTipText: "#e6e6e6",
        roles.Mid: "#55585e",
        roles.Dark: "#151617",
        roles.Light: "#45484d",
        roles.Shadow: "#0b0b0c",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d8085"))
    return palette


def light_palette() -> QPalette:
    """The style's standard palette, its selection colour darkened where white text on it would
    fall under the contrast the view keeps (Fusion's #308cc6 gives 3.7:1)."""
    palette = QApplication.style().standardPalette()
    roles = QPalette.ColorRole
    selection = legible(palette.color(roles.Highlight), [palette.color(roles.HighlightedText)], QColor("#000000"))
    palette.setColor(roles.Highlight, selection)
    return palette


class Appearance:
    """Applies a colour scheme to the whole application; remembers the system's own palette."""

    def __init__(self, app: QApplication):
        self._app = app
        self._system = QPalette(app.palette())
        self.scheme = "system"

    def apply(self, scheme: str) -> None:
        if scheme not in SCHEMES:
            scheme = "system"
        self.scheme = scheme
        hints = self._app.styleHints()
        if scheme == "dark":
            self._app.setPalette(dark_palette())
            if hasattr(hints, "setColorScheme"):
                hints.setColorScheme(Qt.ColorScheme.Dark)
        elif scheme == "light":
            self._app.setPalette(light_palette())
            if hasattr(hints, "setColorScheme"):
                hints.setColorScheme(Qt.ColorScheme.Light)
        else:
            if hasattr(hints, "unsetColorScheme"):
                hints.unsetColorScheme()
            self._app.setPalette(self._system)
