"""The vocabulary list in the store, and its exports for Anki, as Markdown and as CSV."""

import csv
import io

import pytest
import sqlite_utils
from markdown_it import MarkdownIt

from reader.core.errors import ReaderError, UnknownVocabularyFormat, UnknownVocabularyItem
from reader.core.store import Store, open_store
from reader.core.text.document import load_document
from reader.core.words.vocabulary import CSV_COLUMNS, WORD_LIMIT, add_word, export_vocabulary, remove_word, update_word

SENTENCE = "Pemerintah akan memperbaiki jalan itu."
TRANSLATION = "The government will repair the road."


@pytest.fixture
def store(sample_path):
    store = Store.memory()
    document = load_document(sample_path)
    store.record_document(document)
    store.document = document
    yield store
    store.close()


def _add(store, **changes):
    values = {
        "root": "baik", "meaning": "to repair\nto fix", "dictionary": "Kamus Uji", "note": "common in news",
        "sentence": SENTENCE, "translation": TRANSLATION, "document_id": store.document.id, "tags": ["verb"],
    }  # fmt: skip
    word = changes.pop("word", "memperbaiki")
    values.update(changes)
    return add_word(store, word, **values)


def test_a_word_is_kept_with_its_root_meaning_sentence_and_post(store):
    item = _add(store)

    [listed] = store.vocabulary()
    assert listed == item
    assert (item.word, item.root, item.meaning, item.sentence, item.translation) == (
        "memperbaiki", "baik", "to repair\nto fix", SENTENCE, TRANSLATION
    )  # fmt: skip
    assert item.post_title == store.document.title and item.tags == ("verb",)
    assert store.vocabulary(store.document.id) == [item]
    assert store.vocabulary("another") == []


def test_adding_the_same_word_from_the_same_sentence_updates_it(store):
    first = _add(store)
    again = _add(store, meaning="to mend")

    assert again.id == first.id and again.meaning == "to mend"
    assert len(store.vocabulary()) == 1
    _add(store, sentence="Lain kali.")
    assert len(store.vocabulary()) == 2


def test_kept_words_survive_reopening_the_database(data_dir, sample_path):
    store = open_store(data_dir)
    add_word(store, "kesepakatan", root="sepakat", meaning="agreement")
    store.close()

    store = open_store(data_dir)
    assert [item.word for item in store.vocabulary()] == ["kesepakatan"]
    store.close()


def test_migration_adds_the_vocabulary_to_a_database_with_annotations(data_dir):
    from reader.core import schema

    previous = sqlite_utils.Migrations("baca")
    names = [migration.name for migration in schema.migrations._migrations]
    for migration in schema.migrations._migrations[: names.index("m006_vocabulary")]:
        previous(name=migration.name)(migration.fn)
    db = sqlite_utils.Database(data_dir / "baca.db")
    previous.apply(db)
    db["documents"].insert(
        {"id": "doc1", "source": "/a", "content_id": "c", "title": "T", "first_opened": "x", "last_opened": "x"}
    )
    db.close()

    store = open_store(data_dir)
    item = add_word(store, "baik", document_id="doc1")
    assert [e.id for e in store.library()] == ["doc1"] and item.post_title == "T"
    store.close()


def test_update_and_remove(store):
    item = _add(store)

    assert update_word(store, item.id, note="  new note ").note == "new note"
    remove_word(store, item.id)
    assert store.vocabulary() == []
    with pytest.raises(UnknownVocabularyItem, match="no word number"):
        remove_word(store, item.id)


def test_an_empty_word_is_refused(store):
    with pytest.raises(ReaderError, match="cannot be empty"):
        add_word(store, "  ")
    assert store.vocabulary() == []


@pytest.mark.parametrize("word", ["...", "—", "«»"])
def test_punctuation_alone_is_refused_as_a_word(store, word):
    with pytest.raises(ReaderError, match="holds no letter or digit"):
        add_word(store, word)
    assert store.vocabulary() == []


def test_a_word_or_short_phrase_is_kept_and_a_paragraph_is_refused(store):
    phrase = "Duta Besar Rusia untuk Amerika Serikat"
    assert add_word(store, phrase).word == phrase
    assert add_word(store, "a" * WORD_LIMIT).word == "a" * WORD_LIMIT

    with pytest.raises(ReaderError, match=f"at most {WORD_LIMIT} characters \\(this one has 101\\)"):
        add_word(store, "a" * (WORD_LIMIT + 1))
    assert sorted(item.word for item in store.vocabulary()) == sorted([phrase, "a" * WORD_LIMIT])


def test_a_tag_of_several_words_stays_one_tag_joined_by_hyphens(store):
    # As a highlight's tags are: Anki separates tags by spaces.
    _add(store, word="memperbaiki", tags=["berita politik", "#news", "News"])

    [item] = store.vocabulary()
    assert item.tags == ("berita-politik", "news")
    [row] = list(csv.reader(io.StringIO(export_vocabulary([item], "anki-tsv")), delimiter="\t"))[4:]
    assert row[3] == "baca berita-politik news"


def test_anki_tsv_has_headers_and_front_back_context_tags(store):
    _add(store, word="memperbaiki", tags=["verb", "#news"])
    text = export_vocabulary(store.vocabulary(), "anki-tsv")
    lines = text.splitlines()

    assert lines[:4] == ["#separator:tab", "#html:true", "#columns:Front\tBack\tContext\tTags", "#tags column:4"]
    [row] = list(csv.reader(io.StringIO("\n".join(lines[4:])), delimiter="\t"))
    front, back, context, tags = row
    assert front == "memperbaiki"
    assert back == "to repair<br>to fix<br><i>root:</i> baik<br>common in news"
    assert context.startswith("Pemerintah akan <b>memperbaiki</b> jalan itu.<br><i>The government will repair")
    assert tags == "baca verb news"


def test_anki_csv_quotes_fields_with_commas_and_keeps_one_line_per_card(store):
    _add(store, meaning='good, "fine"\nwell')
    lines = export_vocabulary(store.vocabulary(), "anki-csv").splitlines()

    assert lines[0] == "#separator:comma" and len(lines) == 5
    assert next(csv.reader([lines[4]]))[1].startswith('good, &quot;fine&quot;<br>well')


def test_csv_has_every_column(store):
    _add(store)
    rows = list(csv.reader(io.StringIO(export_vocabulary(store.vocabulary(), "csv"))))

    assert tuple(rows[0]) == CSV_COLUMNS
    record = dict(zip(rows[0], rows[1]))
    assert record["word"] == "memperbaiki" and record["meaning"] == "to repair\nto fix"
    assert record["post"] == store.document.title and record["document_id"] == store.document.id


def test_markdown_renders_as_written(store):
    _add(store, word="KTT*", note="*not* emphasis")
    text = export_vocabulary(store.vocabulary(), "md")
    rendered = MarkdownIt("commonmark").render(text)

    assert "<strong>KTT*</strong>" in rendered
    assert "*not* emphasis" in rendered and "<em>not</em>" not in rendered
    assert "<blockquote>" in rendered and TRANSLATION in rendered


def test_an_unknown_format_is_refused():
    with pytest.raises(UnknownVocabularyFormat, match="anki-tsv, anki-csv, md, csv"):
        export_vocabulary([], "docx")
