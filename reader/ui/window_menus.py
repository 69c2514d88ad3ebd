"""The main window's menu bar and shortcuts, wired to the window's own slots."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from reader.core.notes.annotations import COLORS
from reader.core.notes.columns import ORIGINAL
from reader.core.translate.glossary import MAX_TERM
from reader.core.translate.corrections import CHECKED
from reader.ui.colors import LABELS, swatch_icon
from reader.ui.view_rows import Layout
from reader.ui.words_menu import WordsMenu

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


def build_menus(window: "MainWindow") -> None:
    """File, Edit, View, Annotate, Go, Translation and Words; the actions tests and menus share
    are kept on the window (`open_action`, `layout_actions`, `highlight_actions`...)."""
    file_menu = window.menuBar().addMenu("&File")
    window.open_action = _action(file_menu, "&Open…", window._choose_file, QKeySequence.StandardKey.Open)
    window.web.add_actions(file_menu)
    window.recent_menu = file_menu.addMenu("Open &Recent")
    _action(file_menu, "Open the &Sample Post", window.open_sample)
    file_menu.addSeparator()
    window.export_action = _action(file_menu, "&Export Notes…", window.export_notes, "Ctrl+E")
    _action(file_menu, "&Import Notes…", window.import_notes)
    file_menu.addSeparator()
    _action(file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit_menu = window.menuBar().addMenu("&Edit")
    window.undo_action = window.annotations.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.redo_action = window.annotations.undo_stack.createRedoAction(window, "&Redo")
    # Ctrl+Shift+Z and Ctrl+Y everywhere, each once: a key bound twice is ambiguous and does nothing.
    redo_keys = [
        QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    ]
    window.redo_action.setShortcuts(list({key.toString(): key for key in redo_keys}.values()))
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    _action(edit_menu, "&Copy", window.view.copy, QKeySequence.StandardKey.Copy)
    _action(edit_menu, "Select &All", window.view.selectAll, QKeySequence.StandardKey.SelectAll)
    edit_menu.addSeparator()
    _action(edit_menu, "&Find…", lambda: window.find_bar.open_bar(), QKeySequence.StandardKey.Find)
    _action(edit_menu, "Find &Next", lambda: window.find_bar.step(True), QKeySequence.StandardKey.FindNext)
    _action(
        edit_menu, "Find Pre&vious", lambda: window.find_bar.step(False), QKeySequence.StandardKey.FindPrevious
    )
    edit_menu.addSeparator()
    # The sentence pinned or at the text cursor; see reader.ui.correction_controller.
    window.edit_translation_action = _action(edit_menu, "&Edit Translation", window.corrections.start_edit, "F2")
    window.check_action = _action(edit_menu, "Mark Chec&ked", window.corrections.toggle_checked, "Ctrl+Return")
    window.alternatives_action = _action(edit_menu, "&Other Translations…", window.corrections.show_alternatives)

    view_menu = window.menuBar().addMenu("&View")
    window.layout_actions = {}
    group = QActionGroup(window)
    for layout, label, key in (
        (Layout.SIDE_BY_SIDE, "&Side by Side", "Ctrl+1"),
        (Layout.ORIGINAL_ONLY, "&Original Only", "Ctrl+2"),
        (Layout.TRANSLATION_ONLY, "&Translation Only", "Ctrl+3"),
    ):
        action = _action(view_menu, label, lambda checked=False, l=layout: window.set_layout_mode(l), key)
        action.setCheckable(True)
        group.addAction(action)
        window.layout_actions[layout] = action
    view_menu.addSeparator()
    window.confidence_action = _action(view_menu, "Show &Confidence", lambda: window.set_show_confidence(
        window.confidence_action.isChecked()
    ))
    window.confidence_action.setCheckable(True)
    view_menu.addSeparator()
    appearance_menu = view_menu.addMenu("&Appearance")
    window.scheme_actions = {}
    schemes = QActionGroup(window)
    for scheme, label in (("system", "Follow the &System"), ("light", "&Light"), ("dark", "&Dark")):
        action = appearance_menu.addAction(label)
        action.setCheckable(True)
        action.triggered.connect(lambda checked=False, s=scheme: window.set_color_scheme(s))
        schemes.addAction(action)
        window.scheme_actions[scheme] = action
    view_menu.addSeparator()
    _action(view_menu, "Zoom &In", lambda: window.zoom(+1), QKeySequence.StandardKey.ZoomIn)
    # Ctrl+= as well: on many keyboards Ctrl++ needs Shift.
    window.addAction(_shortcut(window, "Ctrl+=", lambda: window.zoom(+1)))
    _action(view_menu, "Zoom &Out", lambda: window.zoom(-1), QKeySequence.StandardKey.ZoomOut)
    _action(view_menu, "&Actual Size", lambda: window.zoom(0), "Ctrl+0")

    annotate_menu = window.menuBar().addMenu("&Annotate")
    window.highlight_actions = {}
    for number, color in enumerate(COLORS, start=1):
        action = QAction(swatch_icon(color), f"Highlight {LABELS[color]}", window)
        action.setShortcut(QKeySequence(str(number)))
        # Plain digit keys act only while the text has focus (never in the find bar).
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda checked=False, c=color: window.annotations.highlight_selection(c))
        window.view.addAction(action)
        annotate_menu.addAction(action)
        window.highlight_actions[color] = action
    window.note_action = QAction("Highlight and Add &Note…", window)
    window.note_action.setShortcuts([QKeySequence("N"), QKeySequence("Ctrl+Alt+N")])
    window.note_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    window.note_action.triggered.connect(lambda: window.annotations.highlight_selection(COLORS[0], edit_after=True))
    window.view.addAction(window.note_action)
    annotate_menu.addSeparator()
    annotate_menu.addAction(window.note_action)
    annotate_menu.addSeparator()
    window.notes_toggle = window.notes.toggleViewAction()
    window.notes_toggle.setText("Show &Notes Panel")
    window.notes_toggle.setShortcut(QKeySequence("Ctrl+Shift+N"))
    annotate_menu.addAction(window.notes_toggle)
    _action(annotate_menu, "&Search Notes…", window._focus_notes_search, "Ctrl+Shift+F")

    go_menu = window.menuBar().addMenu("&Go")
    _action(go_menu, "&Next Paragraph", window.view.navigator.next_block, "Ctrl+Down")
    _action(go_menu, "&Previous Paragraph", window.view.navigator.previous_block, "Ctrl+Up")
    window.addAction(_shortcut(window, "Alt+Down", window.view.navigator.next_block))
    window.addAction(_shortcut(window, "Alt+Up", window.view.navigator.previous_block))

    translate_menu = window.menuBar().addMenu("&Translation")
    window.pause_action = _action(translate_menu, "&Stop Translating", window.translation.pause)
    window.resume_action = _action(translate_menu, "&Resume Translating", window.translation.resume)
    window.resume_action.setEnabled(False)
    translate_menu.addSeparator()
    _action(translate_menu, "Translation &Models…", window.open_model_manager)
    window.words_menu = WordsMenu(window)  # Words › Dictionaries…, Vocabulary…


def show_context_menu(window: "MainWindow", point: QPoint) -> None:
    """The text's context menu: highlight the selection, change the highlight under the pointer, copy."""
    menu = QMenu(window)
    position = window.view.cursorForPosition(point).position()
    under = window.view.highlights.at(position)
    word = window.view.words.at_point(point)
    if word is not None:
        at = window.view.viewport().mapToGlobal(point)
        # "\tCtrl+Click" shows in the shortcut column: a Ctrl+click on a word does the same.
        menu.addAction(f"Look Up “{word.word}”\tCtrl+Click", lambda: window.words_menu.look_up_word(word, at))
        term = _glossary_term(window) or (word.word if word.column == ORIGINAL else "")
        if term:
            menu.addAction(f"Add “{term}” to the Glossary…", lambda: window.words_menu.open_glossary(term))
        menu.addSeparator()
    if window.view.selected_quote() is not None:
        for action in window.highlight_actions.values():
            menu.addAction(action)
        menu.addAction(window.note_action)
        menu.addSeparator()
    if under:
        annotation = under[0]
        menu.addAction("Edit Highlight…", lambda: window.annotations.edit(annotation.id))
        colors = menu.addMenu("Colour")
        for color in COLORS:
            action = colors.addAction(swatch_icon(color), LABELS[color])
            action.triggered.connect(
                lambda checked=False, c=color: window.annotations.recolor(annotation.id, c)
            )
        menu.addAction("Delete Highlight", lambda: window.annotations.delete(annotation.id))
        menu.addSeparator()
    _correction_actions(window, menu, position)
    menu.addAction("Copy", window.view.copy).setEnabled(window.view.textCursor().hasSelection())
    menu.addAction("Select All", window.view.selectAll)
    menu.exec(window.view.viewport().mapToGlobal(point))


def _glossary_term(window: "MainWindow") -> str:
    """The selection, when it is a few words of the original: a term to add to the glossary."""
    quote = window.view.selected_quote()
    if quote is None or quote[1] != ORIGINAL:
        return ""
    block, _column, start, end = quote
    text = " ".join((window.session.text(block, ORIGINAL) or "")[start:end].split())
    return text if 0 < len(text) <= MAX_TERM and len(text.split()) <= 6 else ""


def _correction_actions(window: "MainWindow", menu: QMenu, position: int) -> None:
    """Edit, check, other translations, back to the machine's: for a translated sentence at `position`."""
    ref = window.view.sentence_at(position)
    if ref is None or window.session.machine_of(ref.block) is None:
        return
    key = (ref.block, ref.sentence)
    corrections = window.corrections
    menu.addAction("Edit Translation", lambda: corrections.start_edit(key))
    checked = window.session.state_of(key) == CHECKED
    menu.addAction("Unmark Checked" if checked else "Mark Checked", lambda: corrections.toggle_checked(key))
    menu.addAction("Other Translations…", lambda: corrections.show_alternatives(key))
    correction = window.session.corrections.get(key)
    if correction is not None and correction.edited is not None:
        menu.addAction("Restore the Machine Translation", lambda: corrections.restore_machine(key))
    menu.addSeparator()


def _action(menu, label: str, slot, shortcut=None) -> QAction:
    action = menu.addAction(label)
    action.triggered.connect(lambda checked=False: slot())
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    return action


def _shortcut(window: "MainWindow", key: str, slot) -> QAction:
    """A key that acts anywhere in the window without a menu entry."""
    action = QAction(window)
    action.setShortcut(QKeySequence(key))
    action.triggered.connect(lambda checked=False: slot())
    return action
