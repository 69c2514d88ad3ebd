"""Searching notes: every string is a valid query, whatever the notes and tags hold."""

import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.notes.annotations import ORIGINAL, Quote, new_annotation
from reader.core.platform.clock import utc_now
from reader.core.store import MATCH_END, MATCH_START, Store, fts_query
from reader.core.text.document import load_document

ODD_TAGS = ("kata\x01kunci", "nol\x00byte", 'kutip"miring\\garis', "\x1b[31mmerah", "tab\x7fdel")


@pytest.fixture(scope="module")
def document(sample_path):
    return load_document(sample_path)


@pytest.fixture(scope="module")
def store(document):
    store = Store.memory()
    store.record_document(document)
    tagged = new_annotation(
        Quote(document, ORIGINAL, 1, 0, 20), color="yellow", now=utc_now(), note="harga beras naik"
    )
    marked = new_annotation(
        Quote(document, ORIGINAL, 2, 0, 20), color="green", now=utc_now(), note="catatan\x00dengan\x02penanda\x03"
    )
    store.add_annotations([tagged, marked])
    # Tags as a database written before tags were cleaned of control characters holds them.
    store.db.execute("UPDATE annotations SET tags = ? WHERE id = ?", [json.dumps(ODD_TAGS), tagged.id])
    yield store
    store.close()


@pytest.mark.parametrize(
    "query",
    ["harga\x00beras", "beras\x01", "harga \x00", "\udcff beras", "beras \ud800", "\x02harga\x03", "harga\udcffberas"],
)
def test_a_query_holding_nul_control_characters_or_lone_surrogates_finds_the_words_around_them(store, query):
    hits = store.search_annotations(query)
    assert [hit.annotation.note for hit in hits] == ["harga beras naik"]


@pytest.mark.parametrize(
    "query", ["kata", "kunci", "u0001kunci", "u0001", "nol", "u0000byte", "miring", "31mmerah", "del"]
)
def test_tags_holding_control_characters_are_searched_and_shown_as_tags(store, query):
    (hit,) = store.search_annotations(query) or [None]
    if hit is None:  # a word the index never saw (it was inside a JSON escape): nothing found, no error
        return
    assert hit.annotation.tags == ODD_TAGS
    assert hit.snippet.startswith("#")
    assert "\\u00" not in hit.snippet  # the tags as the user wrote them, not their JSON


def test_a_tag_is_cleaned_of_control_characters_and_a_match_is_marked_in_the_tag_itself(document):
    store = Store.memory()
    store.record_document(document)
    annotation = new_annotation(
        Quote(document, ORIGINAL, 1, 0, 20), color="yellow", now=utc_now(), tags=["kata\x01kunci", "\x00"]
    )
    assert annotation.tags == ("kata-kunci",)
    store.add_annotation(annotation)
    (hit,) = store.search_annotations("kunc")
    assert hit.snippet == f"#kata-{MATCH_START}kunci{MATCH_END}"
    (hit,) = store.search_annotations("KATA kúnci ")
    assert hit.snippet == f"#{MATCH_START}kata{MATCH_END}-{MATCH_START}kunci{MATCH_END}"
    store.close()


def test_a_query_of_only_separators_or_control_characters_finds_nothing_quietly(store):
    for query in ["", " ", "\x00\x01\x02", "\udcff", '"', "* - ( )"]:
        assert fts_query(query) is None
        assert store.search_annotations(query) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=())))
def test_every_string_is_a_valid_query(store, query):
    for hit in store.search_annotations(query):
        assert hit.annotation.document_id
        hit.snippet_html()


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + "àéüßøñ", min_size=1, max_size=12))
def test_a_word_written_in_a_note_is_found_by_searching_it(document, word):
    store = Store.memory()
    store.record_document(document)
    annotation = new_annotation(
        Quote(document, ORIGINAL, 1, 0, 20), color="yellow", now=utc_now(), note=f"awal {word} akhir"
    )
    store.add_annotation(annotation)
    assert annotation.id in {hit.annotation.id for hit in store.search_annotations(word)}
    assert annotation.id in {hit.annotation.id for hit in store.search_annotations(word[: max(1, len(word) // 2)])}
    store.close()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1), max_size=3), st.text())
def test_any_tag_and_any_query_search_without_error(document, tags, query):
    store = Store.memory()
    store.record_document(document)
    store.add_annotation(
        new_annotation(Quote(document, ORIGINAL, 1, 0, 20), color="yellow", now=utc_now(), tags=tags)
    )
    for text in [query, *tags]:
        for hit in store.search_annotations(text):
            hit.snippet_html()
    store.close()
