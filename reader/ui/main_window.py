"""Baca's main window: the bilingual view, its menus, the status bar."""

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QPoint, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME
from reader.core.notes.annotations import COLORS, DETACHED, Annotation
from reader.core.text.document import Document, load_document
from reader.core.errors import FetchStopped, PackageFileOpened, ReaderError
from reader.core.text.language import other_language
from reader.core.platform.resources import SAMPLE_SOURCE, sample_post_path
from reader.core.store import LibraryEntry, Store
from reader.core.text.web import is_address
from reader.core.text.web_pages import WebDocument, keep_page, kept_document_ids, kept_page, page_document, with_earlier_id
from reader.core.text.wording import counted
from reader.ui.annotation_controller import AnnotationController
from reader.ui.annotation_editor import swatch_icon
from reader.ui.appearance import Appearance
from reader.ui.bilingual_view import BilingualView, Layout
from reader.ui.colors import LABELS
from reader.ui.errors import show_error
from reader.ui.find_bar import FindBar
from reader.ui.install_offer import offer_install
from reader.ui.notes_panel import NotesPanel
from reader.ui.tasks import TaskRunner
from reader.ui.words_menu import WordsMenu
from reader.ui.translation_controller import TranslationController
from reader.ui.web_opener import WebOpener

if TYPE_CHECKING:  # imported when first used: neither is needed for the first paint
    from reader.ui.model_manager import ModelManager
    from reader.ui.notes_exchange import ExportDialog

log = logging.getLogger(__name__)

OPEN_FILTER = "Posts (*.txt *.html *.htm *.md *.markdown);;Translation models (*.argosmodel);;All files (*)"
RECENT_LIMIT = 10


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

        self.view = BilingualView(self)
        self.find_bar = FindBar(self.view, self)
        self.find_bar.hide()
        self.header = self._column_header()
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)

        self.translation = TranslationController(self.view, store, tasks, load_translator)
        self.view.install_model_requested.connect(self.open_model_manager)
        self.annotations = AnnotationController(self.view, store, self)
        self.translation.model_changed.connect(self.annotations.set_model)
        self.notes = NotesPanel(store, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes)
        self.annotations.changed.connect(self._on_annotations_changed)
        self.annotations.hinted.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.notes.annotation_chosen.connect(self.go_to_annotation)
        self._pending_jump: Annotation | None = None
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.translation.progress_changed.connect(self._on_progress)
        self.translation.state_changed.connect(self._on_translation_state)
        self.translation.failed.connect(lambda error: show_error(self, error))
        self.web = WebOpener(self)
        self._build_status_bar()
        self._build_menus()
        self._restore_settings()

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
        elif is_address(entry.source) and (page := kept_page(self.store, entry.id)) is not None:
            # The copy kept when it was fetched, without the network; parsed off the GUI thread.
            self.open_with(lambda: page_document(page, keep_id=entry.id), f"Opening {entry.title}…")
        elif Path(entry.source).is_file():
            self.open_path(entry.source)
        else:
            return False
        return True

    def _openable(self, entries: list[LibraryEntry]) -> list[LibraryEntry]:
        kept = kept_document_ids(self.store)
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
            if isinstance(document, WebDocument):
                fetched = with_earlier_id(self.store, document)
                keep_page(self.store, fetched)
                document = fetched.document
            else:
                self.store.record_document(document)
        except ReaderError as error:
            # The post is still worth reading; its highlights cannot be saved until this is fixed.
            show_error(self, error)
        self._document = document
        translations, title = self.translation.cached(document)
        annotations = self.annotations.open_document(document)
        self.view.set_document(document, translations, title, annotations)
        self.annotations.document_shown()
        self.setWindowTitle(f"{document.title} — {APP_NAME}")
        self._refresh_recent_menu()
        self.translation.start(document)
        self.find_bar.refresh()
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
            offer_install(self, error.path, lambda: self.open_model_manager().install_file(error.path))
            if self._document is None:
                self.open_initial()  # a model file given at start: the usual post behind the question
        else:
            show_error(self, error)

    def _choose_file(self) -> None:
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

    # Menus and shortcuts

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = self._action(file_menu, "&Open…", self._choose_file, QKeySequence.StandardKey.Open)
        self.web.add_actions(file_menu)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self._action(file_menu, "Open the &Sample Post", self.open_sample)
        file_menu.addSeparator()
        self.export_action = self._action(file_menu, "&Export Notes…", self.export_notes, "Ctrl+E")
        self._action(file_menu, "&Import Notes…", self.import_notes)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.annotations.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.annotations.undo_stack.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z and Ctrl+Y everywhere, each once: a key bound twice is ambiguous and does nothing.
        redo_keys = [
            QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        ]
        self.redo_action.setShortcuts(list({key.toString(): key for key in redo_keys}.values()))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Copy", self.view.copy, QKeySequence.StandardKey.Copy)
        self._action(edit_menu, "Select &All", self.view.selectAll, QKeySequence.StandardKey.SelectAll)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Find…", self.find_bar.open_bar, QKeySequence.StandardKey.Find)
        self._action(edit_menu, "Find &Next", lambda: self.find_bar.step(True), QKeySequence.StandardKey.FindNext)
        self._action(
            edit_menu, "Find Pre&vious", lambda: self.find_bar.step(False), QKeySequence.StandardKey.FindPrevious
        )

        view_menu = self.menuBar().addMenu("&View")
        self.layout_actions = {}
        group = QActionGroup(self)
        for layout, label, key in (
            (Layout.SIDE_BY_SIDE, "&Side by Side", "Ctrl+1"),
            (Layout.ORIGINAL_ONLY, "&Original Only", "Ctrl+2"),
            (Layout.TRANSLATION_ONLY, "&Translation Only", "Ctrl+3"),
        ):
            action = self._action(view_menu, label, lambda checked=False, l=layout: self.set_layout_mode(l), key)
            action.setCheckable(True)
            group.addAction(action)
            self.layout_actions[layout] = action
        view_menu.addSeparator()
        appearance_menu = view_menu.addMenu("&Appearance")
        self.scheme_actions = {}
        schemes = QActionGroup(self)
        for scheme, label in (("system", "Follow the &System"), ("light", "&Light"), ("dark", "&Dark")):
            action = appearance_menu.addAction(label)
            action.setCheckable(True)
            action.triggered.connect(lambda checked=False, s=scheme: self.set_color_scheme(s))
            schemes.addAction(action)
            self.scheme_actions[scheme] = action
        view_menu.addSeparator()
        self._action(view_menu, "Zoom &In", lambda: self.zoom(+1), QKeySequence.StandardKey.ZoomIn)
        # Ctrl+= as well: on many keyboards Ctrl++ needs Shift.
        self.addAction(self._shortcut("Ctrl+=", lambda: self.zoom(+1)))
        self._action(view_menu, "Zoom &Out", lambda: self.zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self._action(view_menu, "&Actual Size", lambda: self.zoom(0), "Ctrl+0")

        annotate_menu = self.menuBar().addMenu("&Annotate")
        self.highlight_actions = {}
        for number, color in enumerate(COLORS, start=1):
            action = QAction(swatch_icon(color), f"Highlight {LABELS[color]}", self)
            action.setShortcut(QKeySequence(str(number)))
            # Plain digit keys act only while the text has focus (never in the find bar).
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda checked=False, c=color: self.annotations.highlight_selection(c))
            self.view.addAction(action)
            annotate_menu.addAction(action)
            self.highlight_actions[color] = action
        self.note_action = QAction("Highlight and Add &Note…", self)
        self.note_action.setShortcuts([QKeySequence("N"), QKeySequence("Ctrl+Alt+N")])
        self.note_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.note_action.triggered.connect(lambda: self.annotations.highlight_selection(COLORS[0], edit_after=True))
        self.view.addAction(self.note_action)
        annotate_menu.addSeparator()
        annotate_menu.addAction(self.note_action)
        annotate_menu.addSeparator()
        self.notes_toggle = self.notes.toggleViewAction()
        self.notes_toggle.setText("Show &Notes Panel")
        self.notes_toggle.setShortcut(QKeySequence("Ctrl+Shift+N"))
        annotate_menu.addAction(self.notes_toggle)
        self._action(annotate_menu, "&Search Notes…", self._focus_notes_search, "Ctrl+Shift+F")

        go_menu = self.menuBar().addMenu("&Go")
        self._action(go_menu, "&Next Paragraph", self.view.navigator.next_block, "Ctrl+Down")
        self._action(go_menu, "&Previous Paragraph", self.view.navigator.previous_block, "Ctrl+Up")
        self.addAction(self._shortcut("Alt+Down", self.view.navigator.next_block))
        self.addAction(self._shortcut("Alt+Up", self.view.navigator.previous_block))

        translate_menu = self.menuBar().addMenu("&Translation")
        self.pause_action = self._action(translate_menu, "&Stop Translating", self.translation.pause)
        self.resume_action = self._action(translate_menu, "&Resume Translating", self.translation.resume)
        self.resume_action.setEnabled(False)
        translate_menu.addSeparator()
        self._action(translate_menu, "Translation &Models…", self.open_model_manager)
        self.words_menu = WordsMenu(self)  # Words › Dictionaries…, Vocabulary…
        self._refresh_recent_menu()

    def _action(self, menu, label: str, slot, shortcut=None) -> QAction:
        action = menu.addAction(label)
        action.triggered.connect(lambda checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _shortcut(self, key: str, slot) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda checked=False: slot())
        return action

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

    def _show_context_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        position = self.view.cursorForPosition(point).position()
        under = self.view.highlights.at(position)
        if self.view.selected_quote() is not None:
            for action in self.highlight_actions.values():
                menu.addAction(action)
            menu.addAction(self.note_action)
            menu.addSeparator()
        if under:
            annotation = under[0]
            menu.addAction("Edit Highlight…", lambda: self.annotations.edit(annotation.id))
            colors = menu.addMenu("Colour")
            for color in COLORS:
                action = colors.addAction(swatch_icon(color), LABELS[color])
                action.triggered.connect(
                    lambda checked=False, c=color: self._recolor(annotation.id, c)
                )
            menu.addAction("Delete Highlight", lambda: self.annotations.delete(annotation.id))
            menu.addSeparator()
        menu.addAction("Copy", self.view.copy).setEnabled(self.view.textCursor().hasSelection())
        menu.addAction("Select All", self.view.selectAll)
        menu.exec(self.view.viewport().mapToGlobal(point))

    def _recolor(self, annotation_id: str, color: str) -> None:
        from reader.ui.annotation_editor import Edit

        current = self.store.annotation(annotation_id)
        if current is not None:
            self.annotations.apply_edit(annotation_id, Edit(color, current.note, current.tags))

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

    def set_color_scheme(self, scheme: str) -> None:
        self.appearance.apply(scheme)
        self.scheme_actions[self.appearance.scheme].setChecked(True)
        self.settings.setValue("view/colorScheme", self.appearance.scheme)

    def zoom(self, steps: int) -> None:
        size = self._default_point_size if steps == 0 else self.view.point_size + steps
        self.view.set_point_size(size)
        self.settings.setValue("view/pointSize", self.view.point_size)

    def _column_header(self) -> QSplitter:
        """Column titles whose handle sets the two columns' widths (remembered)."""
        header = QSplitter(Qt.Orientation.Horizontal, self)
        header.setObjectName("columnHeader")
        header.setChildrenCollapsible(False)
        header.setHandleWidth(9)
        for text, left in (("Indonesian · original", 25), ("English · machine translation", 10)):
            label = QLabel(text, header)
            label.setObjectName("columnTitle")
            # Lined up with the text below: the view's margin on the left, the gutter on the right.
            label.setContentsMargins(left, 6, 14, 6)
            label.setMinimumWidth(120)
            header.addWidget(label)
        self._ratio_timer = QTimer(self, singleShot=True, interval=120)
        self._ratio_timer.timeout.connect(self._apply_column_ratio)
        header.splitterMoved.connect(lambda _pos, _index: self._ratio_timer.start())
        return header

    def _apply_column_ratio(self) -> None:
        left, right = self.header.sizes()
        if left + right > 0:
            self.view.set_column_ratio(left / (left + right))
            self.settings.setValue("view/columnRatio", self.view.column_ratio)

    # Status bar

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("translationProgress")
        self.progress_bar = QProgressBar(self, maximumWidth=140, textVisible=False)
        self.progress_bar.setMaximumHeight(12)
        self.cancel_button = QToolButton(self, text="Stop", toolTip="Stop translating this document", autoRaise=True)
        self.cancel_button.setObjectName("cancelTranslation")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            bar.addPermanentWidget(widget)
            widget.hide()

    def _on_cancel_clicked(self) -> None:
        if self.translation.state == "paused":
            self.translation.resume()
        else:
            self.translation.pause()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        noun = "paragraph" if total == 1 else "paragraphs"
        if self.translation.state == "paused":
            self.progress_label.setText(f"Translation stopped at {done}/{total} {noun}")
        elif done < total:
            self.progress_label.setText(f"Translating {done}/{total} {noun}")
        else:
            self.progress_label.setText(f"Translated {total} {noun}")

    def _on_translation_state(self, state: str) -> None:
        running = state in ("translating", "loading", "paused")
        self.progress_label.setVisible(state != "idle")
        self.progress_bar.setVisible(state in ("translating", "paused"))
        self.cancel_button.setVisible(running and state != "loading")
        self.cancel_button.setText("Resume" if state == "paused" else "Stop")
        self.pause_action.setEnabled(state == "translating")
        self.resume_action.setEnabled(state == "paused")
        if state == "loading":
            self.progress_label.setText("Loading the translation model…")
        elif state == "no-model":
            self.progress_label.setText("No translation model installed")
        elif state == "failed":
            self.progress_label.setText("Translation failed")
        elif state == "done" and self._document is not None:
            count = len(self._document.blocks)
            self.progress_label.setText(f"Translated {counted(count, 'paragraph')}")

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

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The header's handle follows the column widths once it has a width to share out.
        total = sum(self.header.sizes()) or self.header.width()
        ratio = self.view.column_ratio
        self.header.setSizes([round(total * ratio), total - round(total * ratio)])

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        super().closeEvent(event)
