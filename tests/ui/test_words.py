"""The lookup popup, the Dictionaries window and the Vocabulary panel, driven as a reader would."""

import csv
import io

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.core.words.dictionaries import app_dictionaries_dir, install_dictionaries, installed_dictionaries
from reader.core.words.lookup import Lookup, Stemmer
from reader.core.words.stardict import StarDict
from reader.core.store import Store
from reader.core.words.vocabulary import add_word
from reader.ui.dictionaries_window import NOTHING_INSTALLED, DictionariesWindow
from reader.ui.lookup_popup import NO_DICTIONARIES, NOT_FOUND, LookupPopup
from reader.ui.tasks import TaskRunner
from reader.ui.vocabulary_panel import VocabularyPanel
from tests.support.stardict_builder import build_dictionary

WORDS = {"baik": ["good; fine", "well"], "sepakat": "to agree", "jalan": "road; street"}
SENTENCE = "Pemerintah akan memperbaiki jalan itu."
TRANSLATION = "The government will repair the road."


@pytest.fixture(scope="module")
def stemmer():
    return Stemmer()


@pytest.fixture
def store():
    store = Store.memory()
    yield store
    store.close()


@pytest.fixture
def lookup(tmp_path, stemmer):
    return Lookup([StarDict(build_dictionary(tmp_path / "kamus", WORDS, compress=True))], stemmer)


@pytest.fixture
def make_popup(qtbot):
    """A popup over a window, as the app would own one (a popup without a parent is not how it is used)."""
    parent = QWidget()
    parent.resize(600, 400)
    qtbot.addWidget(parent)
    parent.show()
    return lambda store, lookup: LookupPopup(store, lookup, parent)


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.shutdown(wait=True)


def _rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(n).text(c) for c in range(tree.columnCount())] for n in range(tree.topLevelItemCount())
    ]


# --- the lookup popup ---------------------------------------------------------------------------


def test_popup_shows_the_root_s_entries_and_the_sentence_s_translation(qtbot, make_popup, store, lookup):
    popup = make_popup(store, lookup)

    popup.look_up("memperbaiki", SENTENCE, TRANSLATION, at=QPoint(40, 40))

    assert popup.isVisible()
    assert popup.word_label.text() == "memperbaiki" and popup.root_label.text() == "root: <b>baik</b>"
    texts = [popup.entries.item(n).text() for n in range(popup.entries.count())]
    assert texts == ["baik (root) — Kamus Uji\ngood; fine", "baik (root) — Kamus Uji\nwell"]
    assert popup.translation_label.text() == f"<i>{TRANSLATION}</i>"
    assert popup.entries.currentRow() == 0


def test_popup_at_a_word_near_the_screen_s_corner_stays_on_the_screen(qtbot, make_popup, store, lookup):
    popup = make_popup(store, lookup)
    area = popup.screen().availableGeometry()
    # Where there is room it opens at the point asked (the offscreen platform adds a frame of its own).
    asked = area.topLeft() + QPoint(40, 40)
    popup.look_up("memperbaiki", SENTENCE, TRANSLATION, at=asked)
    frame = popup.pos() - asked
    assert frame.manhattanLength() <= 8

    popup.look_up("memperbaiki", SENTENCE, TRANSLATION, at=area.bottomRight() - QPoint(30, 20))

    placed = QRect(popup.pos() - frame, popup.size())
    assert area.contains(placed)
    # Above the word when there is no room below it, not over it.
    assert placed.bottom() < area.bottom() - 20


def test_every_line_of_a_long_entry_can_be_scrolled_into_view(qtbot, make_popup, store, tmp_path, stemmer):
    senses = [f"{n}. " + "dalam keadaan elok, patut, teratur (apik, rapi, tidak ada celanya) " * 2 for n in range(1, 9)]
    lookup = Lookup([StarDict(build_dictionary(tmp_path / "kbbi", {"baik": "\n".join(senses)}, name="KBBI"))], stemmer)
    popup = make_popup(store, lookup)

    popup.look_up("baik", SENTENCE, TRANSLATION, at=QPoint(40, 40))

    entries = popup.entries
    assert entries.height() >= popup.MAX_ENTRIES_HEIGHT - 10  # as tall as allowed, then it scrolls
    bar = entries.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert entries.visualItemRect(entries.item(0)).bottom() <= entries.viewport().height()
    bar.setValue(0)
    assert entries.visualItemRect(entries.item(0)).top() >= 0


def test_add_to_vocabulary_keeps_the_chosen_meaning_sentence_and_post(qtbot, make_popup, store, lookup, sample_path):
    from reader.core.text.document import load_document

    document = load_document(sample_path)
    store.record_document(document)
    popup = make_popup(store, lookup)
    popup.look_up("memperbaiki,", SENTENCE, TRANSLATION, document.id)
    popup.entries.setCurrentRow(1)
    qtbot.keyClicks(popup.note_edit, "as in repairing roads")

    with qtbot.waitSignal(popup.word_added) as added:
        qtbot.mouseClick(popup.add_button, Qt.MouseButton.LeftButton)

    [item] = store.vocabulary()
    assert added.args == [item]
    assert (item.word, item.root, item.meaning, item.dictionary, item.note) == (
        "memperbaiki", "baik", "well", "Kamus Uji", "as in repairing roads"
    )  # fmt: skip
    assert (item.sentence, item.translation, item.document_id) == (SENTENCE, TRANSLATION, document.id)
    assert popup.status_label.text() == "Kept “memperbaiki” in your vocabulary."


def test_a_word_in_no_dictionary_is_kept_with_the_reader_s_own_meaning(qtbot, make_popup, store, lookup):
    popup = make_popup(store, lookup)
    popup.look_up("Dubes")
    assert popup.message_label.text() == NOT_FOUND and popup.entries.count() == 0

    qtbot.keyClicks(popup.note_edit, "ambassador")
    qtbot.keyClick(popup.note_edit, Qt.Key.Key_Return)

    [item] = store.vocabulary()
    assert (item.word, item.meaning, item.note, item.dictionary) == ("Dubes", "ambassador", "", "")


def test_popup_without_dictionaries_says_how_to_get_one(qtbot, make_popup, store, stemmer):
    popup = make_popup(store, Lookup([], stemmer))

    popup.look_up("kesepakatan")

    assert popup.message_label.text() == NO_DICTIONARIES
    assert popup.root_label.text() == "root: <b>sepakat</b>"
    assert popup.add_button.isEnabled()


# --- the Dictionaries window --------------------------------------------------------------------


def test_dictionaries_window_installs_a_file_off_the_gui_thread(qtbot, data_dir, tmp_path, tasks):
    window = DictionariesWindow(data_dir, tasks)
    qtbot.addWidget(window)
    assert _rows(window.list) == [[NOTHING_INSTALLED, "", ""]]
    assert not window.remove_button.isEnabled()

    with qtbot.waitSignal(window.dictionaries_changed, timeout=10000):
        window.install([build_dictionary(tmp_path / "src", WORDS)])

    folder = app_dictionaries_dir(data_dir) / "kamus"
    assert _rows(window.list) == [["Kamus Uji", "4", str(folder)]]
    assert window.status_label.text() == "Installed Kamus Uji (4 words)."


def test_dictionaries_window_says_word_for_a_one_word_dictionary(qtbot, data_dir, tmp_path, tasks):
    window = DictionariesWindow(data_dir, tasks)
    qtbot.addWidget(window)

    with qtbot.waitSignal(window.dictionaries_changed, timeout=10000):
        window.install([build_dictionary(tmp_path / "src", {"baik": "good"})])

    assert window.status_label.text() == "Installed Kamus Uji (1 word)."


def test_dictionaries_window_refuses_a_bad_file_with_its_name(qtbot, data_dir, tmp_path, tasks):
    ifo = build_dictionary(tmp_path / "src", WORDS)
    (tmp_path / "src" / "kamus.dict").write_bytes(b"short")
    window = DictionariesWindow(data_dir, tasks)
    qtbot.addWidget(window)

    window.install([ifo])

    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None, timeout=10000)
    box = window.findChild(QMessageBox, "errorBox")
    assert "kamus.ifo is not a usable StarDict dictionary" in box.text() and "Nothing was installed" in box.text()
    assert installed_dictionaries(data_dir) == [] and window.install_button.isEnabled()


def test_dictionaries_window_removes_after_asking(qtbot, data_dir, tmp_path, tasks):
    install_dictionaries([build_dictionary(tmp_path / "src", WORDS)], data_dir)
    window = DictionariesWindow(data_dir, tasks)
    qtbot.addWidget(window)
    window.list.setCurrentItem(window.list.topLevelItem(0))

    qtbot.mouseClick(window.remove_button, Qt.MouseButton.LeftButton)
    box = window.findChild(QMessageBox, "confirmRemove")
    assert "Remove Kamus Uji?" in box.text()
    [remove] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]
    with qtbot.waitSignal(window.dictionaries_changed, timeout=10000):
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)

    assert installed_dictionaries(data_dir) == []
    assert window.status_label.text() == "Removed Kamus Uji."


def test_shared_dictionaries_cannot_be_removed_from_the_window(qtbot, data_dir, tmp_path, tasks, monkeypatch):
    build_dictionary(tmp_path / "shared", WORDS, name="KBBI")
    monkeypatch.setenv("BACA_STARDICT_DIRS", str(tmp_path / "shared"))
    window = DictionariesWindow(data_dir, tasks)
    qtbot.addWidget(window)

    window.list.setCurrentItem(window.list.topLevelItem(0))

    assert window.list.topLevelItem(0).text(2).endswith("(shared, read-only)")
    assert not window.remove_button.isEnabled() and "shared StarDict folder" in window.remove_button.toolTip()


# --- the Vocabulary panel -----------------------------------------------------------------------


@pytest.fixture
def kept(store):
    add_word(store, "memperbaiki", root="baik", meaning="to repair", sentence=SENTENCE, translation=TRANSLATION)
    add_word(store, "kesepakatan", root="sepakat", meaning="agreement", note="KTT context")
    return store


def test_panel_lists_filters_and_shows_the_sentence(qtbot, kept):
    panel = VocabularyPanel(kept)
    qtbot.addWidget(panel)
    assert [row[:3] for row in _rows(panel.list)] == [
        ["kesepakatan", "sepakat", "agreement"],
        ["memperbaiki", "baik", "to repair"],
    ]

    qtbot.keyClicks(panel.filter_edit, "BAIK")
    assert [row[0] for row in _rows(panel.list)] == ["memperbaiki"]
    assert panel.count_label.text() == "1 of 2 words"
    panel.list.setCurrentItem(panel.list.topLevelItem(0))
    assert panel.detail.text() == f"“{SENTENCE.replace('memperbaiki', '<b>memperbaiki</b>')}”<br><i>{TRANSLATION}</i>"


def test_panel_removes_the_selected_words(qtbot, kept):
    panel = VocabularyPanel(kept)
    qtbot.addWidget(panel)
    panel.list.setCurrentItem(panel.list.topLevelItem(0))

    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)

    assert [item.word for item in kept.vocabulary()] == ["memperbaiki"]
    assert panel.count_label.text() == "1 word"


def test_panel_exports_what_is_shown_for_anki(qtbot, kept, tmp_path):
    panel = VocabularyPanel(kept)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.filter_edit, "repair")
    target = tmp_path / "cards.txt"

    with qtbot.waitSignal(panel.exported):
        panel.export_to(target, "anki-tsv")

    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#separator:tab" and len(lines) == 5
    assert next(csv.reader(io.StringIO(lines[4]), delimiter="\t"))[0] == "memperbaiki"


def test_panel_when_empty_says_how_to_keep_words(qtbot, store):
    panel = VocabularyPanel(store)
    qtbot.addWidget(panel)

    assert _rows(panel.list)[0][0].startswith("No words kept yet")
    assert not panel.export_button.isEnabled() and panel.count_label.text() == "0 words"


def test_the_words_menu_opens_one_dictionaries_window_and_one_panel(qtbot, make_window, data_dir):
    window = make_window(data_dir)

    dictionaries = window.words_menu.open_dictionaries()
    assert window.words_menu.open_dictionaries() is dictionaries and dictionaries.isVisible()
    panel = window.words_menu.open_vocabulary()
    assert window.words_menu.open_vocabulary() is panel and panel.isVisible()
    assert [action.text() for action in window.words_menu.menu.actions()] == ["&Dictionaries…", "&Glossary…", "&Vocabulary…"]


def test_a_lookup_from_the_window_opens_the_dictionaries_then_the_popup(qtbot, make_window, data_dir, tmp_path):
    install_dictionaries([build_dictionary(tmp_path / "src", WORDS)], data_dir)
    window = make_window(data_dir)
    panel = window.words_menu.open_vocabulary()

    window.words_menu.look_up("memperbaiki", SENTENCE, TRANSLATION, at=QPoint(20, 20))

    qtbot.waitUntil(lambda: window.words_menu.popup is not None and window.words_menu.popup.isVisible(), timeout=10000)
    popup = window.words_menu.popup
    assert popup.entries.count() == 2 and popup.root_label.text() == "root: <b>baik</b>"
    qtbot.mouseClick(popup.add_button, Qt.MouseButton.LeftButton)
    assert [row[0] for row in _rows(panel.list)] == ["memperbaiki"]


def test_the_popup_names_a_damaged_dictionary_and_shows_the_others_entries(qtbot, make_popup, store, tmp_path, stemmer):
    bad = build_dictionary(tmp_path / "shared", {"baik": "good " * 40}, stem="rusak", name="Rusak")
    bad.with_name("rusak.dict").write_bytes(b"short")
    lookup = Lookup([StarDict(bad), StarDict(build_dictionary(tmp_path / "kamus", WORDS))], stemmer)
    popup = make_popup(store, lookup)

    popup.look_up("baik", SENTENCE, TRANSLATION, at=QPoint(40, 40))

    assert popup.isVisible()
    assert [popup.entries.item(n).text().split("\n")[0] for n in range(popup.entries.count())] == ["baik — Kamus Uji"] * 2
    assert popup.message_label.isVisibleTo(popup)
    assert popup.message_label.text().startswith("Left out: rusak.ifo is not a usable StarDict dictionary")


def test_installing_in_the_dictionaries_window_reaches_the_next_lookup(qtbot, make_window, data_dir, tmp_path):
    window = make_window(data_dir)
    window.words_menu.look_up("rumah")
    qtbot.waitUntil(lambda: window.words_menu.popup is not None and window.words_menu.popup.isVisible(), timeout=10000)
    assert window.words_menu.popup.message_label.text() == NO_DICTIONARIES
    window.words_menu.popup.close()

    dictionaries = window.words_menu.open_dictionaries()
    with qtbot.waitSignal(dictionaries.dictionaries_changed, timeout=10000):
        dictionaries.install([build_dictionary(tmp_path / "src", {"rumah": "house"})])
    qtbot.waitUntil(lambda: window.words_menu.lookup is not None and len(window.words_menu.lookup.dictionaries) == 1)

    window.words_menu.look_up("rumah")
    assert window.words_menu.popup.entries.item(0).text() == "rumah — Kamus Uji\nhouse"
