"""Correcting the translation: edit a sentence in place, mark it checked, undo; store, session and view in step."""

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from reader.core.errors import CorrectionMissing, ReaderError
from reader.core.notes.columns import TRANSLATION
from reader.core.platform.clock import utc_now
from reader.core.session import ReadingSession
from reader.core.store import Store
from reader.core.text.document import Document
from reader.core.text.wording import counted
from reader.core.translate.corrections import CHECKED, Correction, Key, edit, place, toggle_checked
from reader.ui.bilingual_view import BilingualView
from reader.ui.errors import show_error
from reader.ui.tasks import TaskRunner
from reader.ui.view_corrections import SentenceEditor

if TYPE_CHECKING:
    from reader.ui.alternatives_dialog import AlternativesDialog
    from reader.ui.annotation_controller import AnnotationController
    from reader.ui.translation_controller import TranslationController

log = logging.getLogger(__name__)

ALTERNATIVES = 5  # how many translations Other Translations asks the model for


class _Command(QUndoCommand):
    """One sentence's correction changed: `before` and `after` (None: the machine's text)."""

    def __init__(self, controller: "CorrectionController", text: str, key: Key, before, after):
        super().__init__(text)
        self._controller, self._key, self._before, self._after = controller, key, before, after

    def redo(self) -> None:
        self._controller._apply(self._key, self._after)

    def undo(self) -> None:
        self._controller._apply(self._key, self._before)


class CorrectionController(QObject):
    """The reader's corrections of the open post, on the window's undo stack (shared with highlights)."""

    changed = Signal()  # a sentence's state or text changed
    hinted = Signal(str)  # a word for the status bar

    def __init__(
        self,
        view: BilingualView,
        store: Store,
        session: ReadingSession,
        annotations: "AnnotationController",
        parent_widget: QWidget,
        translation: "TranslationController",
        tasks: TaskRunner,
    ):
        super().__init__(parent_widget)
        self._translation = translation
        self._tasks = tasks
        self.alternatives: "AlternativesDialog | None" = None
        self._view = view
        self._store = store
        self._session = session
        self._annotations = annotations
        self._parent = parent_widget
        self._model: str | None = None
        self.undo_stack = annotations.undo_stack
        self.editor: SentenceEditor | None = None
        self.status_label = QLabel(parent_widget)
        self.status_label.setObjectName("checkedCount")
        self.status_label.hide()
        view.translations_changed.connect(lambda _blocks: self._after_translations())
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(lambda _value: self._place_editor())
        self.changed.connect(self._show_count)

    # The open document

    def open_document(self, document: Document) -> dict[Key, Correction]:
        """The post's corrections by sentence, for the session; those that followed their sentence are saved."""
        self.close_editor()
        try:
            placed, moved = place(self._store.corrections_for(document.id), document)
            self._store.move_corrections(moved)
        except ReaderError as error:
            show_error(self._parent, error)
            return {}
        return placed

    def document_shown(self) -> None:
        self._after_translations()

    def set_model(self, identity: str | None) -> None:
        self._model = identity

    def _after_translations(self) -> None:
        """Save the corrections the new machine text put to review; the count follows."""
        reviews = self._session.take_reviews()
        if reviews:
            try:
                self._store.save_corrections(reviews)
            except ReaderError as error:
                log.warning("corrections to review not saved: %s", error)
        self.changed.emit()

    def _show_count(self) -> None:
        total = self._session.sentence_count()
        if self._session.document is None or not self._session.translations:
            self.status_label.hide()
            return
        text = f"{self._session.checked_count():,} of {counted(total, 'sentence')} checked"
        review = self._session.review_count()
        if review:
            text += f" · {review} to review"
        self.status_label.setText(text)
        self.status_label.show()

    # Which sentence

    def target(self) -> Key | None:
        """The sentence to act on: the one pinned, else the one at the text cursor (either column)."""
        ref = self._view.marks.active
        if ref is None:
            cursor = self._view.textCursor()
            ref = self._view.sentence_at(cursor.selectionStart())
        return (ref.block, ref.sentence) if ref is not None else None

    def _machine(self, key: Key) -> str:
        block, number = key
        machine = self._session.machine_of(block)
        if machine is None or not 0 <= number < len(machine):
            raise CorrectionMissing("This sentence has no translation yet: wait until it is translated, then correct it.")
        return machine[number]

    def _translated(self, key: Key | None, hint: str) -> Key | None:
        """`key`, else the sentence at the cursor, if it has a translation to act on; else None, after a hint."""
        key = key if key is not None else self.target()
        if key is None or self._session.document is None:
            self.hinted.emit(hint)
            return None
        try:
            self._machine(key)
        except CorrectionMissing as error:
            self.hinted.emit(str(error))
            return None
        return key

    def _source(self, key: Key) -> str:
        return self._session.document.blocks[key[0]].sentences[key[1]].text

    # Editing in place

    def start_edit(self, key: Key | None = None) -> SentenceEditor | None:
        """Open the inline editor over a sentence of the English column (F2, Ctrl+double-click)."""
        key = self._translated(key, "Click a sentence, then press F2 to edit its translation.")
        if key is None:
            return None
        if TRANSLATION not in self._view.layout_mode.columns:
            self.hinted.emit("Show the translation (View › Side by Side or Translation Only) to edit it.")
            return None
        self.close_editor()
        from reader.ui.view_marks import SentenceRef

        self._view.navigator.scroll_to_position(self._view.sentence_range(SentenceRef(key[0], TRANSLATION, key[1]))[0])
        editor = SentenceEditor(self._view, key, self._session.translation_of(key[0])[key[1]])
        self.editor = editor
        self._place_editor()
        editor.saved.connect(lambda text, check: self._on_saved(editor, text, check))
        editor.cancelled.connect(self.close_editor)
        editor.show()
        editor.setFocus()
        return editor

    def _place_editor(self) -> None:
        """Lay the editor over its sentence's cell, from the sentence's first line; it follows scrolling and resizing."""
        if self.editor is None:
            return
        marks = self._view.corrections
        cell, line = marks.cell_rect(self.editor.key[0]), marks.sentence_rect(self.editor.key)
        if cell is None or line is None:  # the English column was hidden
            self.close_editor()
            return
        self.editor.place(cell.adjusted(0, line.top() - cell.top(), 0, 0))

    def close_editor(self) -> None:
        if self.editor is not None:
            editor, self.editor = self.editor, None
            editor.hide()
            editor.deleteLater()
            self._view.setFocus()

    def _on_saved(self, editor: SentenceEditor, text: str, check: bool) -> None:
        try:
            self.set_text(editor.key, text, check=check)
        except ReaderError as error:
            self.hinted.emit(str(error))  # the editor stays open: nothing typed is lost
            return
        self.close_editor()

    def set_text(self, key: Key, text: str, check: bool = False) -> None:
        """Make `text` the sentence's translation (an edit; the machine's own text takes the edit away)."""
        machine = self._machine(key)
        before = self._session.corrections.get(key)
        now = utc_now()
        document_id = self._session.document.id
        after = edit(before, document_id, key, self._source(key), machine, self._model, text, now)
        if check and (after is None or after.state != CHECKED):
            after = toggle_checked(after, document_id, key, self._source(key), machine, self._model, now)
        if after == before or (after is not None and before is not None and _same_work(after, before)):
            return
        self.undo_stack.push(_Command(self, "Edit Translation", key, before, after))

    def toggle_checked(self, key: Key | None = None) -> None:
        """Mark the sentence checked, or unmark a checked one (Ctrl+Return)."""
        key = self._translated(key, "Click a sentence, then press Ctrl+Return to mark it checked.")
        if key is None:
            return
        machine = self._machine(key)
        before = self._session.corrections.get(key)
        after = toggle_checked(before, self._session.document.id, key, self._source(key), machine, self._model, utc_now())
        label = "Mark Checked" if after is not None and after.state == CHECKED else "Unmark Checked"
        self.undo_stack.push(_Command(self, label, key, before, after))

    def restore_machine(self, key: Key) -> None:
        """Take the reader's edit away: the machine's translation is shown again."""
        self.set_text(key, self._machine(key))

    # Other translations

    def show_alternatives(self, key: Key | None = None) -> "AlternativesDialog | None":
        """Ask the model for its n-best of a sentence; the one chosen becomes an edit."""
        from reader.ui.alternatives_dialog import AlternativesDialog

        hint = "Other translations need a translated sentence: click one, with a model installed."
        translator = self._translation.translator
        if translator is None:
            self.hinted.emit(hint)
            return None
        key = self._translated(key, hint)
        if key is None:
            return None
        if self.alternatives is not None:
            self.alternatives.close()
        source = self._source(key)
        dialog = AlternativesDialog(source, self._session.translation_of(key[0])[key[1]], self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(lambda text: self.set_text(key, text))
        dialog.finished.connect(lambda _result: setattr(self, "alternatives", None))
        self.alternatives = dialog
        document_id = self._session.document.id

        def done(texts: list[str]) -> None:
            if self.alternatives is dialog and self._session.document is not None and self._session.document.id == document_id:
                dialog.set_alternatives(texts)

        def failed(error: BaseException) -> None:
            if self.alternatives is dialog:
                dialog.set_failed(str(error))

        glossary = self._translation.glossary
        self._tasks.run(lambda: translator.alternatives(source, ALTERNATIVES, glossary), done, failed)
        dialog.open()
        return dialog

    def _apply(self, key: Key, correction: Correction | None) -> None:
        """Store first, then the session, the highlights on the sentence's paragraph, the view."""
        document = self._session.document
        if document is None:
            return
        try:
            self._store.save_correction(key, document.id, correction)
        except ReaderError as error:
            show_error(self._parent, error)
            return
        self._session.set_correction(key, correction)
        self._view.show_translations([key[0]])
        self._annotations.text_edited(key[0])
        self._view.viewport().update()
        self.changed.emit()

    # Ctrl+double-click

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and self.editor is not None:
            self._place_editor()
        if (
            event.type() == QEvent.Type.MouseButtonDblClick
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.button() == Qt.MouseButton.LeftButton
        ):
            ref = self._view.sentence_at(self._view.cursorForPosition(event.position().toPoint()).position())
            if ref is not None:
                # The double-click's first press was a Ctrl+click, which looks the word up: that goes.
                self._view.words.cancel()
                if (popup := QApplication.activePopupWidget()) is not None:
                    popup.close()
                self.start_edit((ref.block, ref.sentence))
                return True
        return False


def _same_work(a: Correction, b: Correction) -> bool:
    return (a.edited, a.state) == (b.edited, b.state)
