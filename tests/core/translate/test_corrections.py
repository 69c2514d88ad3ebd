import sqlite3

import pytest

from reader.core.errors import EmptyCorrection
from reader.core.session import ReadingSession
from reader.core.store import open_store
from reader.core.text.document import Block, Document
from reader.core.translate.corrections import (
    CHECKED,
    EDITED,
    MACHINE,
    REVIEW,
    Correction,
    edit,
    place,
    toggle_checked,
)

MACHINE_1 = ["Rice prices rise again.", "Government promises supply."]


def _document(id="doc1", blocks=None) -> Document:
    blocks = blocks or [
        Block.of("heading", "Harga beras naik"),
        Block.of("paragraph", "Harga beras naik lagi. Pemerintah berjanji menambah pasokan."),
    ]
    return Document(id, "content-" + id, f"/posts/{id}.txt", "Judul", None, None, blocks)


def _edited(text="Rice prices rose again.", key=(1, 0), machine=MACHINE_1[0], model="m1", now="2026-01-01T00:00:00.000Z"):
    return edit(None, "doc1", key, "Harga beras naik lagi.", machine, model, text, now)


def test_an_edit_keeps_the_machine_text_beside_the_readers_and_is_edited():
    correction = _edited("  Rice prices\nrose  again. ")

    assert correction.edited == "Rice prices rose again."
    assert correction.machine == MACHINE_1[0] and correction.model == "m1"
    assert correction.state == EDITED and correction.key == (1, 0)


def test_typing_the_machine_text_back_takes_the_correction_away_but_a_check_stays():
    assert _edited(MACHINE_1[0]) is None
    checked = toggle_checked(None, "doc1", (1, 0), "Harga beras naik lagi.", MACHINE_1[0], "m1", "t")
    assert checked.state == CHECKED and checked.edited is None
    again = edit(checked, "doc1", (1, 0), "Harga beras naik lagi.", MACHINE_1[0], "m1", MACHINE_1[0], "t2")
    assert again.state == CHECKED and again.edited is None


def test_an_empty_edit_is_refused_with_a_message():
    with pytest.raises(EmptyCorrection, match="cannot be empty"):
        _edited(" \n ")


def test_checking_toggles_and_unchecking_an_edit_leaves_it_edited():
    correction = _edited()
    checked = toggle_checked(correction, "doc1", (1, 0), "Harga beras naik lagi.", MACHINE_1[0], "m1", "t2")
    assert checked.state == CHECKED and checked.edited == "Rice prices rose again."
    unchecked = toggle_checked(checked, "doc1", (1, 0), "Harga beras naik lagi.", MACHINE_1[0], "m1", "t3")
    assert unchecked.state == EDITED and unchecked.edited == "Rice prices rose again."


def test_the_session_shows_edits_over_the_machine_text_and_counts_states():
    session = ReadingSession()
    correction = _edited()
    session.open(_document(), {1: MACHINE_1}, corrections={correction.key: correction})

    assert session.translation_of(1) == ["Rice prices rose again.", MACHINE_1[1]]
    assert session.machine_of(1) == MACHINE_1
    assert session.text(1, "translation") == "Rice prices rose again. Government promises supply."
    assert session.spans(1, "translation") == [(0, 23), (24, 51)]
    assert session.state_of((1, 0)) == EDITED and session.state_of((1, 1)) == MACHINE
    assert session.sentence_count() == 3 and session.checked_count() == 0

    checked = toggle_checked(correction, "doc1", (1, 0), "Harga beras naik lagi.", MACHINE_1[0], "m1", "t")
    session.set_correction((1, 0), checked)
    assert session.checked_count() == 1
    session.set_correction((1, 0), None)
    assert session.translation_of(1) == MACHINE_1 and session.checked_count() == 0
    assert session.take_reviews() == []


def test_a_new_models_different_machine_text_keeps_the_edit_and_puts_it_to_review():
    session = ReadingSession()
    correction = _edited()
    session.open(_document(), {}, corrections={correction.key: correction})

    session.add_translations({1: ["Rice price goes up again.", MACHINE_1[1]]})

    assert session.translation_of(1)[0] == "Rice prices rose again."
    assert session.state_of((1, 0)) == REVIEW and session.review_count() == 1
    (reviewed,) = session.take_reviews()
    assert reviewed.state == REVIEW and reviewed.machine == MACHINE_1[0]  # the text the edit was made on
    assert session.take_reviews() == []


def test_the_same_machine_text_from_the_cache_leaves_the_state_alone():
    session = ReadingSession()
    correction = _edited()
    session.open(_document(), {1: MACHINE_1}, corrections={correction.key: correction})
    assert session.state_of((1, 0)) == EDITED and session.take_reviews() == []


def test_corrections_follow_their_sentence_into_another_version_of_the_post():
    correction = _edited()
    newer = _document(blocks=[Block.of("paragraph", "Baru."), *_document().blocks])

    placed, moved = place([correction], newer)

    assert list(placed) == [(2, 0)] and placed[(2, 0)].edited == correction.edited
    assert moved == [((1, 0), placed[(2, 0)])]
    gone = _document(blocks=[Block.of("paragraph", "Lain sama sekali.")])
    assert place([correction], gone) == ({}, [])


def test_the_store_keeps_corrections_beside_an_untouched_translation_cache(data_dir):
    store = open_store(data_dir)
    store.record_document(_document())
    store.save_translations("m1", {"Harga beras naik lagi.": MACHINE_1[0]})
    correction = _edited()

    store.save_correction(correction.key, "doc1", correction)

    assert store.corrections_for("doc1") == [correction]
    assert store.cached_translations("m1", ["Harga beras naik lagi."]) == {"Harga beras naik lagi.": MACHINE_1[0]}
    store.close()
    store = open_store(data_dir)
    assert store.corrections_for("doc1") == [correction]
    store.save_correction(correction.key, "doc1", None)
    assert store.corrections_for("doc1") == []


def test_restoring_corrections_keeps_those_already_there(data_dir):
    store = open_store(data_dir)
    store.record_document(_document())
    mine = _edited("Mine.")
    store.save_correction(mine.key, "doc1", mine)
    theirs = _edited("Theirs.")
    other = _edited("Other.", key=(1, 1), machine=MACHINE_1[1])

    assert store.save_corrections([theirs, other], keep_existing=True) == 1

    assert [c.edited for c in store.corrections_for("doc1")] == ["Mine.", "Other."]


def test_moved_corrections_are_saved_at_their_new_place(data_dir):
    store = open_store(data_dir)
    store.record_document(_document())
    correction = _edited()
    store.save_correction(correction.key, "doc1", correction)
    _placed, moved = place([correction], _document(blocks=[Block.of("paragraph", "Baru."), *_document().blocks]))

    store.move_corrections(moved)

    assert [c.key for c in store.corrections_for("doc1")] == [(2, 0)]


def test_the_database_refuses_a_correction_of_an_unknown_post_or_state(data_dir):
    store = open_store(data_dir)
    with pytest.raises(sqlite3.IntegrityError):
        store.save_correction((1, 0), "doc1", _edited())
    store.record_document(_document())
    bad = Correction("doc1", 1, 0, "s", "m", None, "edited-ish", None, "t", "t")
    with pytest.raises(sqlite3.IntegrityError):
        store.save_correction((1, 0), "doc1", bad)
    assert store.corrections_for("doc1") == []


def test_the_tiny_model_gives_several_translations_of_a_sentence_best_first(tiny_translator):
    sentence = "Harga beras naik lagi di https://contoh.id/harga."

    found = tiny_translator.alternatives(sentence, count=4)

    assert found[0] == tiny_translator.translate([sentence])[0]
    assert 2 <= len(found) <= 4 and len(set(found)) == len(found)
    assert all("https://contoh.id/harga" in text for text in found)  # protected and restored, as translate does
    assert tiny_translator.alternatives("https://contoh.id/", count=3) == ["https://contoh.id/"]


def test_other_translations_keep_the_glossarys_terms_as_translate_does(tiny_translator):
    from reader.core.translate.glossary import Glossary, glossary_entry

    glossary = Glossary([glossary_entry("KTT", "summit")])
    sentence = "Harga beras naik setelah KTT di Jenewa."

    found = tiny_translator.alternatives(sentence, count=3, glossary=glossary)

    assert found[0] == tiny_translator.translate([sentence], glossary=glossary)[0]
    assert all("summit" in text and "KTT" not in text for text in found)
