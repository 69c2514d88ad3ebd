"""The one question before removing something: window-modal, non-blocking, Cancel by default."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_remove(parent: QWidget, title: str, text: str, remove: Callable[[], object]) -> QMessageBox:
    """Ask "Remove …?"; `remove()` runs only when the user presses Remove. The box is named confirmRemove."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("confirmRemove")
    box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # Window-modal and non-blocking, as show_error's boxes are.
    box.buttonClicked.connect(
        lambda button: box.buttonRole(button) == QMessageBox.ButtonRole.DestructiveRole and remove()
    )
    box.open()
    return box
