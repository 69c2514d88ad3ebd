"""The Glossary window, the glossary in the open post, and looking words up from the view."""

import contextlib
import sqlite3

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.core.store import Store
from reader.core.translate.glossary import glossary_entry
from reader.core.translate.reading import open_translator, title_sentences
from reader.ui.glossary_window import EMPTY, KEPT, GlossaryWindow
from reader.ui.window_menus import show_context_menu
from tests.ui.conftest import GatedTranslator
from reader.core.session import TranslationState


def _open_translated_sample(qtbot, window):
    window.show()
    window.open_sample()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)
    return window.document


def _error_box(parent) -> QMessageBox | None:
    return next((b for b in parent.findChildren(QMessageBox) if b.isVisible() and b.objectName() == "errorBox"), None)


def _rows(glossary_window) -> list[tuple[str, str]]:
    tree = glossary_window.list
    return [(tree.topLevelItem(n).text(0), tree.topLevelItem(n).text(1)) for n in range(tree.topLevelItemCount())]


def _type_and_add(qtbot, window: GlossaryWindow, source: str, target: str) -> None:
    window.source_edit.clear()
    window.target_edit.clear()
    qtbot.keyClicks(window.source_edit, source)
    qtbot.keyClicks(window.target_edit, target)
    qtbot.mouseClick(window.add_button, Qt.MouseButton.LeftButton)


# --- The Glossary window -----------------------------------------------------------------------


def test_the_glossary_window_adds_changes_and_removes_terms(qtbot, tmp_path):
    store = Store(tmp_path / "baca.db")
    window = GlossaryWindow(store)
    qtbot.addWidget(window)
    window.show()
    changes = []
    window.glossary_changed.connect(changes.append)
    assert _rows(window) == [(EMPTY, "")] and not window.add_button.isEnabled()

    _type_and_add(qtbot, window, "KTT", "summit")
    _type_and_add(qtbot, window, "Jokowi", "")

    assert _rows(window) == [("Jokowi", KEPT), ("KTT", "summit")]
    assert [len(glossary) for glossary in changes] == [1, 2]
    # The term added is shown selected, the fields empty for the next one.
    assert window.selected() == [glossary_entry("Jokowi")] and window.source_edit.text() == ""
    # Choosing a row fills the fields; Save Changes changes that entry, its term too.
    window.list.clearSelection()
    window.list.topLevelItem(1).setSelected(True)
    assert (window.source_edit.text(), window.target_edit.text()) == ("KTT", "summit")
    window.source_edit.setText("Dubes")
    window.target_edit.setText("Ambassador")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert _rows(window) == [("Dubes", "Ambassador"), ("Jokowi", KEPT)]

    window.list.clearSelection()
    window.list.topLevelItem(1).setSelected(True)
    qtbot.mouseClick(window.remove_button, Qt.MouseButton.LeftButton)
    box = window.findChild(QMessageBox, "confirmRemove")
    assert box.text() == "Remove Jokowi from the glossary?"
    [remove] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "confirmRemove") is None, timeout=2000)

    assert _rows(window) == [("Dubes", "Ambassador")]
    # Saved when done: another connection to the file sees it.
    with contextlib.closing(sqlite3.connect(tmp_path / "baca.db")) as other:
        assert other.execute("SELECT source, target FROM glossary").fetchall() == [("Dubes", "Ambassador")]
    store.close()


def test_a_bad_term_is_refused_with_its_reason_and_nothing_changes(qtbot):
    store = Store.memory()
    window = GlossaryWindow(store)
    qtbot.addWidget(window)
    window.show()

    _type_and_add(qtbot, window, "«KTT»", "summit")

    qtbot.waitUntil(lambda: _error_box(window) is not None, timeout=2000)
    assert "must begin and end with a letter or a digit" in _error_box(window).text()
    assert not store.glossary() and window.source_edit.text() == "«KTT»"


def test_import_is_all_or_nothing_and_export_writes_what_is_listed(qtbot, tmp_path):
    store = Store.memory()
    store.save_glossary_entries([glossary_entry("KTT", "summit")])
    window = GlossaryWindow(store)
    qtbot.addWidget(window)
    window.show()
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target\nDubes,Ambassador\n?,what\n", encoding="utf-8")

    window.import_file(bad)

    qtbot.waitUntil(lambda: _error_box(window) is not None, timeout=2000)
    assert "bad.csv was not imported, nothing was changed: line 3:" in _error_box(window).text()
    _error_box(window).close()
    assert _rows(window) == [("KTT", "summit")]

    good = tmp_path / "good.csv"
    good.write_text("source,target\nDubes,Ambassador\nKTT,summit\n", encoding="utf-8")
    window.import_file(good)
    assert _rows(window) == [("Dubes", "Ambassador"), ("KTT", "summit")]
    assert window.status_label.text().startswith("Imported 2 terms from good.csv (1 new or changed).")

    out = tmp_path / "out.csv"
    window.export_file(out)
    assert out.read_text(encoding="utf-8") == good.read_text(encoding="utf-8")


# --- The glossary in the open post ---------------------------------------------------------------


def test_a_new_term_translates_again_only_the_sentences_it_touches_and_is_marked(
    qtbot, make_window, data_dir, installed_package
):
    gated = GatedTranslator(open_translator(data_dir))
    gated.gate.set()
    window = make_window(data_dir, load_translator=lambda: gated)
    document = _open_translated_sample(qtbot, window)
    before = len(gated.calls)
    touched = {s.text for block in document.blocks for s in block.sentences if "KTT" in s.text}
    touched |= {s for s in title_sentences(document) if "KTT" in s}
    assert len(touched) >= 5

    glossary_window = window.words_menu.open_glossary()
    _type_and_add(qtbot, glossary_window, "KTT", "summit")

    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE and len(gated.calls) > before, timeout=20000)
    # Exactly the sentences with KTT went to the model again, not the rest of their paragraphs.
    assert sorted(s for call in gated.calls[before:] for s in call) == sorted(touched)
    view = window.view
    blocks = [i for i, b in enumerate(document.blocks) if "KTT" in b.text]
    for index in blocks:
        english = " ".join(window.session.translation_of(index))
        assert english.lower().count("summit") == document.blocks[index].text.count("KTT")
        # The term is underlined (dotted) in the English column, and only the term.
        start, _end = view.cell_range(index, TRANSLATION)
        marks = view.glossary_marks.ranges(index)
        assert [english[s:e].lower() for s, e in marks] == ["summit"] * len(marks)
        cursor = QTextCursor(view.document())
        cursor.setPosition(start + marks[0][0] + 1)
        assert cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
        cursor.setPosition(start + marks[0][1] + 2)
        assert cursor.charFormat().underlineStyle() != QTextCharFormat.UnderlineStyle.DotLine
    # The title too.
    title = window.session.title_translation
    assert [title[s:e] for s, e in view.glossary_marks.title_ranges()] == ["summit"]
    cursor.setPosition(view.title_start(TRANSLATION) + title.index("summit") + 1)
    assert cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert view.glossary_marks.tooltip(view.title_start(TRANSLATION) + title.index("summit") + 1) == "Glossary: KTT → summit"
    assert view.glossary_marks.tooltip(view.title_start(TRANSLATION)) is None  # beside the mark
    assert view.glossary_marks.tooltip(view.cell_range(blocks[0], TRANSLATION)[0] + view.glossary_marks.ranges(blocks[0])[0][0] + 1) == (
        "Glossary: KTT → summit"
    )

    # Taking the term away brings back the model's translation of those sentences, and no mark.
    calls = len(gated.calls)
    glossary_window.list.topLevelItem(0).setSelected(True)
    glossary_window.remove(glossary_window.selected())
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE and len(gated.calls) > calls, timeout=20000)
    assert all("summit" not in " ".join(window.session.translation_of(i)).lower() for i in blocks)
    assert view.glossary_marks.ranges(blocks[0]) == []


def test_a_highlight_in_the_english_follows_its_words_when_the_glossary_changes_the_sentence(
    qtbot, make_window, data_dir, installed_package
):
    window = make_window(data_dir)
    document = _open_translated_sample(qtbot, window)
    view = window.view
    block = next(i for i, b in enumerate(document.blocks) if "KTT" in b.text)
    english = view.cell_text(block, TRANSLATION)
    start = english.index("KTT") + len("KTT ")
    quote = " ".join(english[start:].split()[:2])
    cell = view.cell_range(block, TRANSLATION)[0]
    view.select_range(cell + start, cell + start + len(quote))
    made = window.annotations.highlight_selection("green")
    assert made.exact == quote

    _type_and_add(qtbot, window.words_menu.open_glossary(), "KTT", "summit meeting")

    qtbot.waitUntil(lambda: "summit meeting" in (view.cell_text(block, TRANSLATION) or ""), timeout=20000)
    qtbot.waitUntil(lambda: window.translation.state is TranslationState.DONE, timeout=20000)
    english = view.cell_text(block, TRANSLATION)
    for annotation in (window.session.annotations[made.id], window.store.annotation(made.id)):
        assert annotation.exact == quote and annotation.status != "detached"
        assert english[annotation.start : annotation.end] == quote
    # And it is painted there, not where the words were before.
    cell = view.cell_range(block, TRANSLATION)[0]
    cursor = QTextCursor(view.document())
    for offset in range(english.index("summit meeting"), english.index(quote) + len(quote)):
        cursor.setPosition(cell + offset + 1)
        painted = cursor.charFormat().background().style() != Qt.BrushStyle.NoBrush
        assert painted == (offset >= english.index(quote)), offset


def test_the_saved_glossary_applies_when_the_window_starts(qtbot, make_window, data_dir, installed_package):
    store = Store(data_dir / "baca.db") if (data_dir / "baca.db").exists() else None
    window = make_window(data_dir)
    window.store.save_glossary_entries([glossary_entry("Jenewa", "Geneva City")])
    if store is not None:
        store.close()
    window.close()
    again = make_window(data_dir)

    document = _open_translated_sample(qtbot, again)

    block = next(i for i, b in enumerate(document.blocks) if "Jenewa" in b.text)
    assert "Geneva City" in " ".join(again.session.translation_of(block))


# --- Looking words up from the view --------------------------------------------------------------


def _point_of(view, block: int, column: str, word: str) -> QPoint:
    start, _end = view.cell_range(block, column)
    offset = view.cell_text(block, column).index(word)
    view.navigator.scroll_to_position(start + offset)
    cursor = QTextCursor(view.document())
    cursor.setPosition(start + offset + 1)
    return view.cursorRect(cursor).center()


def record_lookups(window) -> list[tuple]:
    """The lookups the window asks for, recorded instead of shown (word, sentence, translation, post, where)."""
    asked = []
    window.words_menu.look_up = lambda *args: asked.append(args)
    return asked


def test_ctrl_click_on_a_word_looks_it_up_with_its_sentence_pair(qtbot, make_window, data_dir, installed_package):
    window = make_window(data_dir)
    document = _open_translated_sample(qtbot, window)
    asked = record_lookups(window)
    view = window.view
    block = next(i for i, b in enumerate(document.blocks) if "Jenewa" in b.text and len(b.sentences) == 1)

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     _point_of(view, block, ORIGINAL, "Jenewa"))

    qtbot.waitUntil(lambda: len(asked) == 1, timeout=3000)  # once no second click can follow
    [(word, sentence, translation, document_id, at)] = asked
    assert (word, sentence, document_id) == ("Jenewa", document.blocks[block].sentences[0].text, document.id)
    assert translation == window.session.translation_of(block)[0] and isinstance(at, QPoint)
    # The click neither selected anything nor pinned a sentence.
    assert not view.textCursor().hasSelection() and view.marks.active is None
    # A plain click still pins the sentence.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_point_of(view, block, ORIGINAL, "Jenewa"))
    assert view.marks.active is not None and len(asked) == 1


def test_ctrl_click_on_a_word_of_the_title_looks_it_up_with_the_title_and_its_translation(
    qtbot, make_window, data_dir, installed_package
):
    window = make_window(data_dir)
    document = _open_translated_sample(qtbot, window)
    asked = record_lookups(window)
    view = window.view
    english = window.session.title_translation

    def point(column, text, word):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.title_start(column) + text.index(word) + 1)
        return view.cursorRect(cursor).center()

    for column, text, word in ((ORIGINAL, document.title, "Jenewa"), (TRANSLATION, english, "Geneva")):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, point(column, text, word))
        qtbot.waitUntil(lambda n=len(asked): len(asked) == n + 1, timeout=3000)

    assert [args[:4] for args in asked] == [
        ("Jenewa", document.title, english, document.id),
        ("Geneva", document.title, english, document.id),
    ]
    assert view.words.at(view.title_start(ORIGINAL) + document.title.index("Jenewa")).column == ORIGINAL


def test_the_context_menu_looks_up_the_word_under_the_pointer_in_either_column(
    qtbot, make_window, data_dir, installed_package
):
    window = make_window(data_dir)
    document = _open_translated_sample(qtbot, window)
    asked = record_lookups(window)
    view = window.view
    block = next(i for i, b in enumerate(document.blocks) if "Jenewa" in b.text and len(b.sentences) == 1)
    english_word = window.session.translation_of(block)[0].split()[0].strip(".,")
    seen = []

    def choose(label_start: str):
        menu = QApplication.activePopupWidget()
        seen.append([action.text() for action in menu.actions()])
        action = next(a for a in menu.actions() if a.text().startswith(label_start))
        menu.close()
        action.trigger()

    for column, word in ((ORIGINAL, "Jenewa"), (TRANSLATION, english_word)):
        QTimer.singleShot(100, lambda: choose("Look Up"))
        show_context_menu(window, _point_of(view, block, column, word))

    assert [args[0] for args in asked] == ["Jenewa", english_word]
    assert asked[0][1] == asked[1][1] == document.blocks[block].sentences[0].text
    assert seen[0][0] == "Look Up “Jenewa”\tCtrl+Click" and "Add “Jenewa” to the Glossary…" in seen[0]
    assert not any(text.startswith("Add “") for text in seen[1])  # English words are not glossary terms

    QTimer.singleShot(100, lambda: choose("Add “Jenewa”"))
    show_context_menu(window, _point_of(view, block, ORIGINAL, "Jenewa"))
    glossary_window = window.words_menu.glossary
    assert glossary_window.isVisible() and glossary_window.source_edit.text() == "Jenewa"
