"""The one place that shows errors to the user."""

import logging
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from reader.core.errors import ReaderError

log = logging.getLogger(__name__)


def error_text(error: BaseException) -> tuple[str, str | None]:
    """The message a person reads, and technical details for an unexpected error."""
    if isinstance(error, ReaderError):
        return str(error), None
    details = "".join(traceback.format_exception(error))
    return (
        f"Something went wrong that Baca did not expect: {type(error).__name__}: {error}",
        details,
    )


def show_error(parent: QWidget | None, error: BaseException, title: str = "Baca") -> None:
    """Tell the user what went wrong; log unexpected errors with their traceback."""
    from PySide6.QtWidgets import QMessageBox  # not needed for the first paint

    message, details = error_text(error)
    if details:
        log.error("unexpected error\n%s", details)
    else:
        log.info("refused: %s", message)
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    if details:
        box.setDetailedText(details)
    if parent is None:
        box.exec()
    else:
        # Window-modal and non-blocking: the event loop (and translation) goes on meanwhile.
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
