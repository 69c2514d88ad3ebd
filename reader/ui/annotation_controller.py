"""Creating, editing and deleting highlights, with undo; keeps the store, the view and the panel in step."""

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from reader.core.errors import ReaderError
from reader.core.notes.annotations import DETACHED, Annotation, Quote, new_annotation
from reader.core.notes.columns import TRANSLATION, translation_text
from reader.core.platform.clock import utc_now
from reader.core.session import ReadingSession
from reader.core.store import Store
from reader.core.text.document import Document
from reader.ui.bilingual_view import BilingualView
from reader.ui.errors import show_error

if TYPE_CHECKING:  # the editor dialog is imported when it first opens, not for the first paint
    from reader.ui.annotation_editor import AnnotationEditor, Edit

log = logging.getLogger(__name__)


class _Command(QUndoCommand):
    """One undoable change; the store is written first, then the screen follows."""

    def __init__(self, controller: "AnnotationController", text: str, before: Annotation | None, after: Annotation | None):
        super().__init__(text)
        self._controller = controller
        self._before = before
        self._after = after
        self.withdrawn = False  # undone for good: the stack drops it, leaving nothing to redo

    def redo(self) -> None:
        self._controller._apply(self._before, self._after)

    def undo(self) -> None:
        self._controller._apply(self._after, self._before)
        # Obsolete only after undoing: the stack skips the undo of a command already obsolete.
        self.setObsolete(self.withdrawn)


class AnnotationController(QObject):
    changed = Signal()  # the open document's annotations changed (panel refresh)
    hinted = Signal(str)  # a word for the status bar: what to do for an action to work

    def __init__(self, view: BilingualView, store: Store, parent_widget: QWidget, session: ReadingSession):
        super().__init__(parent_widget)
        self._view = view
        self._session = session
        self._store = store
        self._parent = parent_widget
        self._document: Document | None = None
        # The open document's annotations as last read from the store; None after a change.
        self._listed: list[Annotation] | None = None
        self.undo_stack = QUndoStack(self)
        self.editor: "AnnotationEditor | None" = None
        view.annotation_clicked.connect(self.edit)
        view.translations_changed.connect(self._on_translations_changed)

    # The open document

    def open_document(self, document: Document) -> list[Annotation]:
        """Load the document's highlights, re-anchoring those made on another version of its text.

        The caller opens the session with them, builds the view, then calls `document_shown`.
        """
        self._document = document
        self.undo_stack.clear()
        return self._read()

    def reload(self) -> None:
        """Read the open document's highlights again (after an import) and show them."""
        if self._document is not None:
            self._session.set_annotations(self._read())
            self._view.highlights.refresh()
            self.document_shown()

    def _read(self) -> list[Annotation]:
        annotations = self._store.annotations_for(self._document.id)
        changed = _reanchor(annotations, self._document, None, None) if annotations else []
        # Listed for the panel without a second read, unless re-anchoring changed the order.
        self._listed = None if changed else annotations
        if changed:
            self._save_anchors(changed)
            replaced = {a.id: a for a in changed}
            annotations = [replaced.get(a.id, a) for a in annotations]
        return annotations

    def _save_anchors(self, changed: list[Annotation]) -> None:
        try:
            self._store.save_anchors(changed)
        except ReaderError as error:
            # The quotes are shown where they were found; they are found again next time.
            log.warning("re-anchored positions not saved: %s", error)

    def document_shown(self) -> None:
        """The view shows the document: re-anchor what its translations need, update the panel."""
        shown = sorted(self._session.translations)
        if shown:
            self._on_translations_changed(shown)
        self.changed.emit()

    def set_model(self, identity: str | None) -> None:
        """Whose translation is shown: translation highlights made on another model wait."""
        if identity != self._session.model:
            self._session.model = identity
            self._view.highlights.paint_all()

    def _on_translations_changed(self, blocks: list[int]) -> None:
        """Translation highlights are anchored as the translation arrives (reanchor skips settled ones)."""
        if self._document is None or self._session.model is None:
            return
        # reanchor passes over what is settled on this text and model, cheaply (1 ms for 9,000).
        waiting = [a for a in self._session.annotations.values() if a.column == TRANSLATION]
        if not waiting:
            return
        # The whole column as far as it is translated: a quote may have moved to another block.
        translations = dict(self._session.translations)
        # A block translated again on the same model (the glossary changed) may have other words
        # under a quote anchored on it: those are searched for as after an edit.
        arrived = {block: translation_text(translations[block]) for block in blocks if block in translations}
        stale = {
            a.id: a
            for a in waiting
            if a.block in arrived and a.status != DETACHED and arrived[a.block][a.start : a.end] != a.exact
        }
        changed = _reanchor([a for a in waiting if a.id not in stale], self._document, translations, self._session.model)
        if stale:
            judged = _reanchor(list(stale.values()), self._document, translations, self._session.model, recheck=True)
            changed += [a for a in judged if a != stale[a.id]]
        self._reanchored(changed)

    def text_edited(self, block: int) -> None:
        """The reader changed the translation of `block`: its highlights are found again in the new text."""
        if self._document is None or self._session.model is None:
            return
        before = {a.id: a for a in self._session.annotations.values() if a.column == TRANSLATION and a.block == block}
        if not before:
            return
        # recheck: anchored on this text and model as far as reanchor can tell, but the text changed.
        judged = _reanchor(
            list(before.values()), self._document, dict(self._session.translations), self._session.model, recheck=True
        )
        self._reanchored([a for a in judged if a != before[a.id]])

    def _reanchored(self, changed: list[Annotation]) -> None:
        """Save and show what re-anchoring changed."""
        if changed:
            self._save_anchors(changed)
            self._listed = None
            for annotation in changed:
                self._view.highlights.changed(self._session.put_annotation(annotation), annotation)
            self.changed.emit()

    def annotations(self) -> list[Annotation]:
        """The open document's annotations in reading order, from the store."""
        if self._document is None:
            return []
        if self._listed is None:
            self._listed = self._store.annotations_for(self._document.id)
        return self._listed

    # User actions

    def highlight_selection(self, color: str, edit_after: bool = False) -> Annotation | None:
        """Highlight the selected text in `color`; returns the new annotation, or None if refused."""
        if self._document is None:
            return None
        found = self._view.selected_quote()
        if found is None:
            # Nothing is wrong, so no dialog: a colour key pressed too early just says what it needs.
            self.hinted.emit("Select some text within one paragraph of one column to highlight it.")
            return None
        block, column, start, end = found
        quote = Quote(
            self._document,
            column,
            block,
            start,
            end,
            translations=self._session.translation_of(block),
            model=self._session.model if column == TRANSLATION else None,
            whole_words=not self._view.selection.exact,
        )
        try:
            annotation = new_annotation(quote, color=color, now=utc_now())
        except ReaderError as error:
            show_error(self._parent, error)
            return None
        command = _Command(self, "Highlight", None, annotation)
        self.undo_stack.push(command)
        cursor = self._view.textCursor()
        cursor.clearSelection()
        self._view.setTextCursor(cursor)
        if edit_after and (editor := self.edit(annotation.id)) is not None:
            editor.rejected.connect(lambda: self._withdraw(command))
        return annotation

    def _withdraw(self, command: _Command) -> None:
        """Cancel in the note dialog of a new highlight: the highlight goes, leaving nothing to redo."""
        index = self.undo_stack.index()
        if index > 0 and self.undo_stack.command(index - 1) is command:
            command.withdrawn = True
            self.undo_stack.undo()

    def edit(self, annotation_id: str) -> "AnnotationEditor | None":
        from reader.ui.annotation_editor import AnnotationEditor

        annotation = self._store.annotation(annotation_id)
        if annotation is None:
            return None
        if self.editor is not None:
            self.editor.close()
        editor = AnnotationEditor(annotation, self._store.annotation_tags(), self._parent)
        editor.saved.connect(lambda change, a=annotation: self.apply_edit(a.id, change))
        editor.delete_requested.connect(lambda a=annotation: self.delete(a.id))
        editor.finished.connect(lambda _result: setattr(self, "editor", None))
        self.editor = editor
        editor.open()
        return editor

    def apply_edit(self, annotation_id: str, change: "Edit") -> None:
        before = self._store.annotation(annotation_id)
        if before is None:
            return
        if (before.color, before.note, before.tags) == (change.color, change.note, change.tags):
            return
        after = before.edited(utc_now(), color=change.color, note=change.note, tags=change.tags)
        self.undo_stack.push(_Command(self, "Edit Highlight", before, after))

    def recolor(self, annotation_id: str, color: str) -> None:
        """Give a highlight another colour, its note and tags kept (the text's context menu)."""
        from reader.ui.annotation_editor import Edit

        current = self._store.annotation(annotation_id)
        if current is not None:
            self.apply_edit(annotation_id, Edit(color, current.note, current.tags))

    def delete(self, annotation_id: str) -> None:
        before = self._store.annotation(annotation_id)
        if before is not None:
            self.undo_stack.push(_Command(self, "Delete Highlight", before, None))

    def _apply(self, old: Annotation | None, new: Annotation | None) -> None:
        """Move the store from `old` to `new` (either may be None), then the screen."""
        try:
            if new is None:
                self._store.delete_annotation(old.id)
            elif old is None:
                self._store.add_annotation(new)
            else:
                self._store.update_annotation(new)
        except ReaderError as error:
            show_error(self._parent, error)
            return
        self._listed = None
        if self._document is not None and (new or old).document_id == self._document.id:
            if new is None:
                self._view.highlights.changed(self._session.remove_annotation(old.id))
            else:
                self._view.highlights.changed(self._session.put_annotation(new), new)
        self.changed.emit()


def _reanchor(
    annotations: list[Annotation], document: Document, translations, model: str | None, recheck: bool = False
) -> list[Annotation]:
    """reanchor(), imported when a post has highlights: a post without any is painted without it."""
    from reader.core.notes.reanchor import reanchor

    return reanchor(annotations, document, translations, model, utc_now(), recheck=recheck)
