"""The question asked when a model file is opened as a post: install it instead?"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def offer_install(parent: QWidget, path: Path, install: Callable[[], object]) -> QMessageBox:
    """Ask, window-modal and non-blocking (as show_error's boxes are); `install` runs on Install."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Install Translation Model",
        f"{Path(path).name} is a translation model package, not a post.\n\nInstall it? Baca checks "
        "the file first; a file that fails its checks changes nothing.",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("offerInstall")
    button = box.addButton("Install", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda clicked: clicked is button and install())
    box.open()
    return box
