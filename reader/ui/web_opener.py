"""File › Open Address… and Reload from Web: pages fetched off the GUI thread and kept in the store."""

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton

from reader.core.notes.annotations import DETACHED, MOVED
from reader.core.text.document import Document
from reader.core.errors import BadAddress
from reader.core.text.address import is_address
from reader.core.text.wording import counted
from reader.ui.errors import show_error

# The network code (`web`, `web_pages`) and the Open Address dialog are imported when an address
# is asked for or opened, not when the window starts.
if TYPE_CHECKING:
    from reader.core.text.web import FetchStopper
    from reader.ui.address_dialog import AddressDialog


class WebOpener(QObject):
    """The window's web actions; the window opens, keeps and shows what they fetch."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self._reloading: Document | None = None  # the version a reload replaces
        # The kept copy's document id, and why it was opened instead of the page asked for.
        self._kept_copy: tuple[str, list[str]] | None = None
        self.dialog: "AddressDialog | None" = None
        self._stopper: "FetchStopper | None" = None  # the fetch running, if any
        self.stop_button = QToolButton(window, text="Stop Fetching", toolTip="Stop fetching this page", autoRaise=True)
        self.stop_button.setObjectName("stopFetching")
        self.stop_button.clicked.connect(self.stop)
        window.statusBar().addPermanentWidget(self.stop_button)
        self.stop_button.hide()
        window.installEventFilter(self)
        window.document_opened.connect(self._on_document_opened)
        window.open_failed.connect(lambda _error: self._forget_pending())

    def add_actions(self, menu: QMenu) -> None:
        self.open_action = menu.addAction("Open &Address…")
        self.open_action.setShortcut(QKeySequence("Ctrl+L"))
        self.open_action.triggered.connect(lambda checked=False: self.ask())
        self.reload_action = menu.addAction("Reload from &Web")
        self.reload_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.reload_action.setToolTip("Fetch a new version of this page; its notes are found again in it")
        self.reload_action.triggered.connect(lambda checked=False: self.reload())
        self.reload_action.setEnabled(False)

    def ask(self) -> "AddressDialog":
        """Show the Open Address dialog, suggesting an address on the clipboard."""
        from reader.ui.address_dialog import AddressDialog

        clipboard = QGuiApplication.clipboard().text().strip()
        suggested = clipboard if is_address(clipboard) and "\n" not in clipboard else ""
        self.dialog = AddressDialog(self._window, self._window.store.kept_addresses(), suggested)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.address_chosen.connect(self.open_address)
        self.dialog.open()
        return self.dialog

    def open_address(self, text: str) -> None:
        """Fetch the page at an address and show it (a later request wins over this one)."""
        from reader.core.text.web import normalise_address
        from reader.core.text.web_pages import KeptCopy, fetch_or_kept

        try:
            address = normalise_address(text)
        except BadAddress as error:
            show_error(self._window, error)
            return
        self._forget_pending()
        kept = self._window.store.kept_for_address(address)
        notices: list[str] = []  # filled on the worker, read after its result is handed back
        stopper = self._start_fetch()

        def load():
            found = fetch_or_kept(address, kept, stopper=stopper)
            if isinstance(found, KeptCopy):
                notices.append(found.reason)
                return found.document
            return found

        self._kept_copy = (kept[0], notices) if kept is not None else None
        self._window.open_with(load, f"Fetching {address}…", lane="web")

    def reload(self) -> None:
        """Fetch a new version of the page shown; its notes re-anchor and their status shows."""
        from reader.core.text.web_pages import fetch_document

        document = self._window.document
        page = self._window.store.kept_page(document.id) if document is not None else None
        if page is None:
            return
        self._forget_pending()
        self._reloading = document
        stopper = self._start_fetch()
        self._window.open_with(
            lambda: fetch_document(page.address, keep_id=document.id, stopper=stopper),
            f"Fetching a new version of {page.address}…",
            lane="web",
        )

    def stop(self) -> None:
        """Stop the fetch running (Stop, closing the window, or another post opened meanwhile)."""
        if self._stopper is not None:
            self._stopper.stop()
            self._stopper = None
        self.stop_button.hide()

    def _start_fetch(self) -> "FetchStopper":
        from reader.core.text.web import FetchStopper

        self.stop()  # a new request wins: the earlier fetch would be dropped anyway
        self._stopper = FetchStopper()
        self.stop_button.show()
        return self._stopper

    def _forget_pending(self) -> None:
        self._reloading = None
        self._kept_copy = None
        self.stop()

    def eventFilter(self, watched, event) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.stop()  # the process must not wait for a page nobody will see
        return False

    def _on_document_opened(self, document: Document) -> None:
        self.stop()  # finished, or fetching for a request that lost to this one
        page = self._window.store.kept_page(document.id)
        self.reload_action.setEnabled(page is not None)
        before, self._reloading = self._reloading, None
        kept_copy, self._kept_copy = self._kept_copy, None
        bar = self._window.statusBar()
        if before is not None and before.id == document.id:
            bar.showMessage(self.reload_report(before, document), 30000)
        elif kept_copy is not None and kept_copy[0] == document.id and kept_copy[1]:
            bar.showMessage(kept_copy[1][0], 30000)
        elif page is not None and not bar.currentMessage():  # a warning about the language comes first
            when = page.fetched[:16].replace("T", " ")
            bar.showMessage(f"Fetched from {page.url} on {when} UTC; File › Reload from Web fetches it again.", 15000)

    def reload_report(self, before: Document, after: Document) -> str:
        """What a reload found: whether the page changed, and where its notes are now."""
        page = self._window.store.kept_page(after.id)
        when = page.fetched[:16].replace("T", " ") + " UTC" if page else "now"
        if before.content_id == after.content_id:
            return f"Reloaded from the web ({when}): the page has not changed."
        notes = self._window.annotations.annotations()
        if not notes:
            return f"Reloaded from the web ({when}): the page has changed."
        counts = Counter(note.status for note in notes)
        in_place = len(notes) - counts[MOVED] - counts[DETACHED]
        parts = [f"{in_place} in place", f"{counts[MOVED]} moved", f"{counts[DETACHED]} detached"]
        return f"Reloaded from the web ({when}): the page has changed; of its {counted(len(notes), 'note')}, {', '.join(parts)}."
