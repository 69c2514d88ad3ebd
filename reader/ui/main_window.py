"""Baca's main window: the bilingual view, its menus, the status bar."""

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from reader import APP_NAME
from reader.core.notes.annotations import DETACHED, Annotation
from reader.core.text.document import Document, load_document
from reader.core.errors import FetchStopped, PackageFileOpened, ReaderError
from reader.core.text.language import other_language
from reader.core.platform.resources import SAMPLE_SOURCE, sample_post_path
from reader.core.session import ReadingSession
from reader.core.store import LibraryEntry, Store
from reader.core.text.address import is_address
from reader.core.text.wording import counted
from reader.core.translate.confidence import THRESHOLD_KEY, doubt_threshold
from reader.ui.annotation_controller import AnnotationController
from reader.ui.appearance import Appearance
from reader.ui.bilingual_view import BilingualView, Layout
from reader.ui.column_header import ColumnHeader
from reader.ui.correction_controller import CorrectionController
from reader.ui.errors import show_error
from reader.ui.notes_panel import NotesPanel
from reader.ui.tasks import TaskRunner
from reader.ui.translation_controller import TranslationController
from reader.ui.web_opener import WebOpener
from reader.ui.window_menus import build_menus, show_context_menu
from reader.ui.window_status import build_status_bar, show_progress, show_translation_state

if TYPE_CHECKING:  # imported when first used: none is needed for the first paint
    from reader.ui.find_bar import FindBar
    from reader.ui.model_manager import ModelManager
    from reader.ui.notes_exchange import ExportDialog

log = logging.getLogger(__name__)

OPEN_FILTER = "Posts (*.txt *.html *.htm *.md *.markdown);;Translation models (*.argosmodel);;All files (*)"
RECENT_LIMIT = 10


def _kept_document(page, keep_id: str) -> Document:
    from reader.core.text.web_pages import page_document

    return page_document(page, keep_id=keep_id)


class MainWindow(QMainWindow):
    document_opened = Signal(object)  # Document
    open_failed = Signal(object)  # the error

    def __init__(
        self,
        *,
        store: Store,
        tasks: TaskRunner,
        settings: QSettings,
        load_translator,
        appearance: Appearance,
        data_dir: Path,
    ):
        super().__init__()
        self.appearance = appearance
        self.data_dir = data_dir
        self._model_manager: "ModelManager | None" = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.store = store
        self.tasks = tasks
        self.settings = settings
        self._open_request = 0
        self._document: Document | None = None

        self.session = ReadingSession()
        self.view = BilingualView(self, self.session)
        self._find_bar: "FindBar | None" = None  # made when first asked for (see find_bar)
        self.header = ColumnHeader(self)
        self.header.ratio_chosen.connect(self._apply_column_ratio)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        self._central_layout = layout  # the find bar goes below the view
        self.setCentralWidget(central)

        self.translation = TranslationController(self.view, store, tasks, load_translator, self.session)
        self.view.install_model_requested.connect(self.open_model_manager)
        self.annotations = AnnotationController(self.view, store, self, self.session)
        self.translation.model_changed.connect(self.annotations.set_model)
        self.corrections = CorrectionController(
            self.view, store, self.session, self.annotations, self, self.translation, tasks
        )
        self.translation.model_changed.connect(self.corrections.set_model)
        self.corrections.hinted.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.notes = NotesPanel(store, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes)
        self.annotations.changed.connect(self._on_annotations_changed)
        self.annotations.hinted.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.notes.annotation_chosen.connect(self.go_to_annotation)
        self._pending_jump: Annotation | None = None
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(lambda point: show_context_menu(self, point))
        self.translation.progress_changed.connect(lambda done, total: show_progress(self, done, total))
        self.translation.state_changed.connect(lambda state: show_translation_state(self, state))
        self.translation.failed.connect(lambda error: show_error(self, error))
        self.web = WebOpener(self)
        build_status_bar(self)
        build_menus(self)
        self._refresh_recent_menu()
        self._restore_settings()
        # What the first frame does not show is made once the first post is painted, or could not
        # be opened, or a second has passed (decision 0021, start-up); after the paint, not in it.
        self._finished = False
        self.view.document_painted.connect(lambda _document: QTimer.singleShot(0, self._finish))
        self.open_failed.connect(lambda _error: QTimer.singleShot(0, self._finish))
        QTimer.singleShot(1000, self._finish)

    def _finish(self) -> None:
        if not self._finished:
            self._finished = True
            self.notes.finish()

    # Opening documents

    @property
    def document(self) -> Document | None:
        return self._document

    def open_path(self, path: Path | str, source: str | None = None) -> None:
        """Load a post off the GUI thread and show it; a later request wins over an earlier one."""
        path = Path(path)
        self.open_with(lambda: load_document(path, source=source), f"Opening {path.name}…")

    def open_with(self, load, message: str, lane: str = "io") -> None:
        """Run `load` (giving a Document, or a WebDocument to keep) off the GUI thread, then show it."""
        self._open_request += 1
        request = self._open_request
        self.statusBar().showMessage(message)
        self.tasks.run(
            load,
            lambda document: self._on_loaded(request, document),
            lambda error: self._on_load_failed(request, error),
            lane=lane,
        )

    def open_address(self, address: str) -> None:
        self.web.open_address(address)

    def open_entry(self, entry: LibraryEntry) -> bool:
        """Open a post of the library from where it is kept; False when it is nowhere to be found."""
        if entry.source == SAMPLE_SOURCE:
            self.open_sample()
        elif is_address(entry.source) and (page := self.store.kept_page(entry.id)) is not None:
            # The copy kept when it was fetched, without the network; parsed (and the HTML reader
            # imported) off the GUI thread.
            self.open_with(lambda: _kept_document(page, entry.id), f"Opening {entry.title}…")
        elif Path(entry.source).is_file():
            self.open_path(entry.source)
        else:
            return False
        return True

    def _openable(self, entries: list[LibraryEntry]) -> list[LibraryEntry]:
        kept = self.store.kept_document_ids()
        return [
            e for e in entries
            if e.source == SAMPLE_SOURCE or e.id in kept or (not is_address(e.source) and Path(e.source).is_file())
        ]

    def open_sample(self) -> None:
        self.open_path(sample_post_path(), source=SAMPLE_SOURCE)

    def open_initial(self, path: Path | str | None = None) -> None:
        """FILE or URL from the command line, else the last document read, else the sample."""
        if path is not None:
            if is_address(str(path)):
                self.open_address(str(path))
            else:
                self.open_path(path)
            return
        openable = self._openable(self.store.library())
        if not openable or openable[0].source == SAMPLE_SOURCE or not self.open_entry(openable[0]):
            self.open_sample()

    def _on_loaded(self, request: int, document: Document) -> None:
        if request != self._open_request:
            return  # the user asked for another document meanwhile
        self.statusBar().clearMessage()
        try:
            if not isinstance(document, Document):  # a WebDocument: a page just fetched, to keep
                from reader.core.text.web_pages import with_earlier_id

                fetched = with_earlier_id(self.store, document)
                self.store.keep_page(fetched.document, fetched.page)
                document = fetched.document
            else:
                self.store.record_document(document)
        except ReaderError as error:
            # The post is still worth reading; its highlights cannot be saved until this is fixed.
            show_error(self, error)
        self._document = document
        translations, title = self.translation.cached(document)
        annotations = self.annotations.open_document(document)
        corrections = self.corrections.open_document(document)
        self.session.open(document, translations, title, corrections, annotations)
        self.view.show_session()
        self.annotations.document_shown()
        self.corrections.document_shown()
        self.setWindowTitle(f"{document.title} — {APP_NAME}")
        self._refresh_recent_menu()
        self.translation.start(document)
        if self._find_bar is not None:
            self._find_bar.refresh()
        if self._pending_jump is not None and self._pending_jump.document_id == document.id:
            self.go_to_annotation(self._pending_jump)
        self._pending_jump = None
        language = other_language(document)
        if language is not None:
            self.statusBar().showMessage(
                f"This post seems to be written in {language}, not Indonesian: the translation may not help.",
                20000,
            )
        self.document_opened.emit(document)

    def _on_load_failed(self, request: int, error: BaseException) -> None:
        if request != self._open_request:
            return
        self.statusBar().clearMessage()
        self.open_failed.emit(error)
        if isinstance(error, FetchStopped):  # the user's own Stop: nothing to report but that
            self.statusBar().showMessage(str(error), 5000)
            return
        if isinstance(error, PackageFileOpened):
            from reader.ui.install_offer import offer_install

            offer_install(self, error.path, lambda: self.open_model_manager().install_file(error.path))
            if self._document is None:
                self.open_initial()  # a model file given at start: the usual post behind the question
        else:
            show_error(self, error)

    def _choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = self.settings.value("open/folder", str(Path.home()))
        path, _filter = QFileDialog.getOpenFileName(self, "Open a post", start, OPEN_FILTER)
        if path:
            self.settings.setValue("open/folder", str(Path(path).parent))
            self.open_path(path)

    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    @property
    def find_bar(self) -> "FindBar":
        """The find bar (Edit › Find), made the first time it is asked for: the first paint shows none."""
        if self._find_bar is None:
            from reader.ui.find_bar import FindBar

            self._find_bar = bar = FindBar(self.view, self)
            bar.hide()
            self._central_layout.addWidget(bar)
            # Tab goes from the view to the bar, as when the bar was made with the view.
            chain = [self.view, *(w for w in bar.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus)]
            for first, second in zip(chain, chain[1:]):
                QWidget.setTabOrder(first, second)
        return self._find_bar

    # Menus and shortcuts

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        entries = self._openable(self.store.library())
        for entry in entries[:RECENT_LIMIT]:
            label = entry.title if len(entry.title) <= 70 else entry.title[:67] + "…"
            action = self.recent_menu.addAction(label)
            action.setToolTip(entry.source)
            action.triggered.connect(lambda checked=False, e=entry: self.open_entry(e))
        self.recent_menu.setEnabled(bool(entries))

    # Translation models

    def open_model_manager(self) -> "ModelManager":
        """Show the Translation Models window, Indonesian → English selected; one at a time."""
        if self._model_manager is not None and shiboken6.isValid(self._model_manager):
            self._model_manager.raise_()
            self._model_manager.activateWindow()
            return self._model_manager
        from reader.ui.model_manager import ModelManager

        manager = ModelManager(self.data_dir, self.tasks, self, focus_pair=("id", "en"), network_lane="net")
        manager.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        manager.models_changed.connect(self.translation.reload_model)
        self._model_manager = manager
        manager.show()
        return manager

    # Notes in and out

    def export_notes(self) -> "ExportDialog":
        from reader.ui.notes_exchange import ExportDialog

        dialog = ExportDialog(
            self.store, self.settings, self._document, self.translation.model_identity, self, data_dir=self.data_dir
        )
        dialog.exported.connect(
            lambda path, count: self.statusBar().showMessage(f"Exported {counted(count, 'note')} to {path}", 8000)
        )
        dialog.open()
        return dialog

    def import_notes(self, path: Path | None = None) -> None:
        from reader.ui.notes_exchange import import_notes_file

        if import_notes_file(self, self.store, self.settings, path) and self._document is not None:
            self.annotations.reload()

    # Highlights

    def _on_annotations_changed(self) -> None:
        self.notes.set_annotations(self.annotations.annotations())

    def _focus_notes_search(self) -> None:
        self.notes.show()
        self.notes.raise_()
        self.notes.search.setFocus()
        self.notes.search.selectAll()

    def go_to_annotation(self, annotation: Annotation) -> None:
        """Scroll to a highlight and flash it, opening its post first when another one is shown."""
        if self._document is None or annotation.document_id != self._document.id:
            entry = self.store.library_entry(annotation.document_id)
            if entry is None:
                show_error(self, ReaderError("This highlight's post is no longer in the library."))
                return
            self._pending_jump = annotation
            if not self.open_entry(entry):
                self._pending_jump = None
                show_error(self, ReaderError(f"The post '{entry.title}' cannot be found at '{entry.source}' any more."))
            return
        current = self.store.annotation(annotation.id) or annotation
        found = self.view.highlights.range_of(current)
        if found is None:
            self.view.navigator.scroll_to_block(min(current.block, len(self._document.blocks) - 1))
            if current.status == DETACHED:
                self.statusBar().showMessage("This highlight is detached: its passage is no longer in the post.", 6000)
            return
        self.view.navigator.scroll_to_position(found[0])
        self.view.navigator.flash_range(*found)

    # Layout, zoom, column widths

    def set_layout_mode(self, layout: Layout) -> None:
        self.view.set_layout_mode(layout)
        self.layout_actions[layout].setChecked(True)
        self.header.setVisible(layout == Layout.SIDE_BY_SIDE)
        self.settings.setValue("view/layout", layout.value)

    def set_show_confidence(self, shown: bool) -> None:
        """View › Show Confidence: doubtful words underlined, each sentence's confidence in its tooltip."""
        self.confidence_action.setChecked(shown)
        self.view.confidence.set_shown(shown)
        self.translation.set_scores_wanted(shown)
        self.settings.setValue("view/showConfidence", shown)

    def set_color_scheme(self, scheme: str) -> None:
        self.appearance.apply(scheme)
        self.scheme_actions[self.appearance.scheme].setChecked(True)
        self.settings.setValue("view/colorScheme", self.appearance.scheme)

    def zoom(self, steps: int) -> None:
        size = self._default_point_size if steps == 0 else self.view.point_size + steps
        self.view.set_point_size(size)
        self.settings.setValue("view/pointSize", self.view.point_size)

    def _apply_column_ratio(self, ratio: float) -> None:
        self.view.set_column_ratio(ratio)
        self.settings.setValue("view/columnRatio", self.view.column_ratio)

    # Settings

    def _restore_settings(self) -> None:
        self._default_point_size = self.view.point_size
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(QSize(1200, 800))
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        size = self.settings.value("view/pointSize")
        if size is not None:
            self.view.set_point_size(float(size))
        self.view.set_column_ratio(float(self.settings.value("view/columnRatio", 0.5)))
        try:
            layout = Layout(self.settings.value("view/layout", Layout.SIDE_BY_SIDE.value))
        except ValueError:
            layout = Layout.SIDE_BY_SIDE
        self.set_layout_mode(layout)
        self.set_color_scheme(str(self.settings.value("view/colorScheme", "system")))
        self.view.confidence.set_threshold(doubt_threshold(self.settings.value(THRESHOLD_KEY)))
        self.set_show_confidence(str(self.settings.value("view/showConfidence", "false")).lower() == "true")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.header.share_out(self.view.column_ratio)

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        super().closeEvent(event)
