import dataclasses
import json
import re
import sqlite3

import pytest
import sqlite_utils

from reader.core.errors import EmptyQuote, MissingAnnotation, UnknownDocument
from reader.core.notes.annotations import (
    CONTEXT,
    DETACHED,
    MOVED,
    Annotation,
    Quote,
    check_annotation,
    new_annotation,
    quote_selectors,
)
from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.core.platform.clock import utc_now
from reader.core.store import MATCH_END, MATCH_START, SearchHit, Store, fts_query, open_store
from reader.core.text.document import Block, Document

UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def _document(id="doc1", title="Judul", blocks=None) -> Document:
    blocks = blocks or [
        Block.of("heading", "Harga beras naik"),
        Block.of("paragraph", "Harga beras naik lagi minggu ini. Pemerintah berjanji menambah pasokan dari gudang Bulog."),
        Block.of("paragraph", "Para pedagang di pasar induk mengeluh. Pembeli mulai berkurang sejak awal bulan."),
    ]
    return Document(id, f"content-{id}", f"/posts/{id}.txt", title, None, None, blocks)


TRANSLATIONS = {
    1: ["Rice prices rose again this week.", "The government promised to add supplies from Bulog warehouses."],
    2: ["Traders at the main market complained.", "Buyers have been declining since the start of the month."],
}


def _quote(document: Document, block: int, text: str, column: str = ORIGINAL, model: str | None = None) -> Quote:
    """A Quote over the first occurrence of `text` in a block of the given column."""
    translations = TRANSLATIONS.get(block)
    shown = document.blocks[block].text if column == ORIGINAL else " ".join(translations)
    start = shown.index(text)
    return Quote(document, column, block, start, start + len(text), translations=translations, model=model)


def _annotate(document, block, text, column=ORIGINAL, model=None, **fields) -> Annotation:
    fields.setdefault("color", "yellow")
    fields.setdefault("now", utc_now())
    return new_annotation(_quote(document, block, text, column, model), **fields)


@pytest.fixture
def store() -> Store:
    store = Store.memory()
    store.record_document(_document())
    return store


# The data model


def test_new_annotation_keeps_both_w3c_selectors_of_a_quote_in_the_original():
    document = _document()
    annotation = _annotate(document, 1, "menambah pasokan")
    text = document.blocks[1].text
    assert annotation.exact == "menambah pasokan"
    assert text[annotation.start : annotation.end] == annotation.exact
    assert annotation.prefix == text[annotation.start - 32 : annotation.start] and len(annotation.prefix) == 32
    assert annotation.suffix == text[annotation.end : annotation.end + 32]
    assert (annotation.document_id, annotation.content_id, annotation.block) == ("doc1", "content-doc1", 1)
    assert annotation.column == ORIGINAL and annotation.language == "id" and annotation.model is None


def test_quote_selectors_keep_the_quote_its_range_and_at_most_context_code_points_either_side():
    text = "a" * 40 + "beras" + "b" * 40
    selectors = quote_selectors(text, 40, 45)
    assert selectors == {"exact": "beras", "prefix": "a" * CONTEXT, "suffix": "b" * CONTEXT, "start": 40, "end": 45}
    assert quote_selectors("naik lagi", 0, 4) == {"exact": "naik", "prefix": "", "suffix": " lagi", "start": 0, "end": 4}


def test_new_annotation_in_the_original_keeps_the_translation_of_the_sentences_it_covers():
    annotation = _annotate(_document(), 1, "minggu ini. Pemerintah")
    assert annotation.counterpart == " ".join(TRANSLATIONS[1])
    assert _annotate(_document(), 1, "Pemerintah").counterpart == TRANSLATIONS[1][1]


def test_new_annotation_in_the_translation_keeps_the_model_and_the_original_sentences():
    annotation = _annotate(_document(), 2, "main market", column=TRANSLATION, model="argos-id-en-1.9")
    assert annotation.column == TRANSLATION and annotation.language == "en"
    assert annotation.model == "argos-id-en-1.9"
    assert annotation.counterpart == "Para pedagang di pasar induk mengeluh."
    assert annotation.counterpart_language == "id"


def test_new_annotation_gets_a_uuid_and_utc_times():
    annotation = _annotate(_document(), 1, "Bulog", now=utc_now())
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", annotation.id)
    assert UTC.match(annotation.created) and annotation.modified == annotation.created


@pytest.mark.parametrize("start, end", [(5, 5), (0, 0), (5, 3)])
def test_new_annotation_refuses_an_empty_quote(start, end):
    with pytest.raises(EmptyQuote):
        new_annotation(Quote(_document(), ORIGINAL, 1, start, end), color="yellow", now=utc_now())


def test_new_annotation_refuses_a_quote_of_white_space_only():
    document = _document(blocks=[Block.of("paragraph", "Satu.   Dua.")])
    with pytest.raises(EmptyQuote):
        new_annotation(Quote(document, ORIGINAL, 0, 5, 8), color="yellow", now=utc_now())


def test_edited_annotation_has_normalized_tags_and_the_new_modified_time():
    annotation = _annotate(_document(), 1, "Bulog", now="2024-01-01T00:00:00.000Z")
    edited = annotation.edited("2024-02-02T00:00:00.000Z", tags=["#Ekonomi", " harga beras ", "ekonomi"])
    assert edited.tags == ("Ekonomi", "harga-beras")
    assert edited.modified == "2024-02-02T00:00:00.000Z" and edited.created == annotation.created


@pytest.mark.parametrize(
    "change",
    [{"exact": "  "}, {"color": "black"}, {"column": "margin"}, {"status": "lost"}, {"end": 999}, {"start": -1}],
)
def test_check_annotation_refuses_what_the_database_must_not_hold(change):
    annotation = _annotate(_document(), 1, "Bulog")
    with pytest.raises((EmptyQuote, ValueError)):
        check_annotation(dataclasses.replace(annotation, **change))


# Saving, reading, editing, deleting


def test_store_saves_an_annotation_and_reads_it_back_whole(store):
    annotation = _annotate(_document(), 1, "menambah pasokan", note="Kata kerja: menambah", tags=["kosakata", "#Ekonomi"])
    store.add_annotation(annotation)
    assert store.annotation(annotation.id) == annotation
    assert store.annotation(annotation.id).tags == ("kosakata", "Ekonomi")
    assert store.annotation("no-such-id") is None
    row = store.db.execute("SELECT tags FROM annotations WHERE id = ?", [annotation.id]).fetchone()
    assert json.loads(row[0]) == ["kosakata", "Ekonomi"]


def test_store_refuses_an_empty_quote_and_saves_nothing(store):
    annotation = dataclasses.replace(_annotate(_document(), 1, "Bulog"), exact=" \n ", start=0, end=3)
    with pytest.raises(EmptyQuote):
        store.add_annotation(annotation)
    assert store.all_annotations() == []


def test_store_adds_an_import_in_one_go_and_importing_twice_adds_nothing(store):
    document = _document()
    batch = [_annotate(document, 1, "Harga beras"), _annotate(document, 2, "pasar induk")]
    assert store.add_annotations(batch) == [a.id for a in batch]
    assert store.add_annotations(batch) == []
    third = _annotate(document, 2, "Pembeli")
    assert store.add_annotations([batch[0], third]) == [third.id]
    assert len(store.all_annotations()) == 3


def test_store_keeps_the_annotation_already_saved_when_an_import_repeats_its_id(store):
    annotation = _annotate(_document(), 1, "Bulog", note="asli")
    store.add_annotation(annotation)
    store.add_annotations([annotation.edited(utc_now(), note="dari impor")])
    assert store.annotation(annotation.id).note == "asli"


def test_store_refuses_annotations_for_a_document_not_in_the_library_and_saves_none_of_the_batch(store):
    known = _annotate(_document(), 1, "Bulog")
    unknown = _annotate(_document("elsewhere"), 1, "Bulog")
    with pytest.raises(UnknownDocument, match="elsewhere"):
        store.add_annotations([known, unknown])
    assert store.all_annotations() == []


def test_store_saves_an_edit_of_colour_note_and_tags(store):
    annotation = _annotate(_document(), 1, "Bulog", now="2024-01-01T00:00:00.000Z")
    store.add_annotation(annotation)
    edited = annotation.edited("2024-03-01T10:00:00.000Z", color="pink", note="Badan Urusan Logistik", tags=["singkatan"])
    store.update_annotation(edited)
    saved = store.annotation(annotation.id)
    assert saved == edited
    assert saved.created == "2024-01-01T00:00:00.000Z" and saved.modified == "2024-03-01T10:00:00.000Z"


def test_store_refuses_to_edit_an_annotation_deleted_meanwhile(store):
    annotation = _annotate(_document(), 1, "Bulog")
    with pytest.raises(MissingAnnotation):
        store.update_annotation(annotation)


def test_store_returns_what_it_deleted_so_the_deletion_can_be_undone(store):
    annotation = _annotate(_document(), 1, "Bulog", note="catatan", tags=["a"])
    store.add_annotation(annotation)
    deleted = store.delete_annotation(annotation.id)
    assert deleted == annotation and store.annotation(annotation.id) is None
    assert store.delete_annotation(annotation.id) is None
    store.add_annotation(deleted)
    assert store.annotation(annotation.id) == annotation


def test_store_writes_are_committed_before_the_method_returns(data_dir):
    store = open_store(data_dir)
    store.record_document(_document())
    annotation = _annotate(_document(), 1, "Bulog")
    other = sqlite3.connect(data_dir / "baca.db")
    for step, action in enumerate(
        [
            lambda: store.add_annotation(annotation),
            lambda: store.update_annotation(annotation.edited(utc_now(), note="baru")),
            lambda: store.save_anchors([dataclasses.replace(annotation, status=DETACHED)]),
            lambda: store.delete_annotation(annotation.id),
        ]
    ):
        action()
        assert not store.db.conn.in_transaction
        row = other.execute("SELECT note, status FROM annotations WHERE id = ?", [annotation.id]).fetchone()
        assert row == [("", "anchored"), ("baru", "anchored"), ("baru", "detached"), None][step]
    other.close()
    store.close()


def test_save_anchors_changes_only_the_anchoring_in_one_transaction(store):
    document = _document()
    first, second = _annotate(document, 1, "Bulog", note="n1"), _annotate(document, 2, "pasar", note="n2")
    store.add_annotations([first, second])
    moved = dataclasses.replace(
        first, block=2, start=3, end=8, exact="pedag", prefix="Pa", suffix="ang", content_id="c2", status=MOVED,
        note="not saved by save_anchors", modified="2030-01-01T00:00:00.000Z",
    )
    store.save_anchors([moved, dataclasses.replace(second, status=DETACHED)])
    saved = store.annotation(first.id)
    assert (saved.block, saved.start, saved.end, saved.exact, saved.prefix, saved.suffix) == (2, 3, 8, "pedag", "Pa", "ang")
    assert (saved.content_id, saved.status, saved.modified) == ("c2", MOVED, "2030-01-01T00:00:00.000Z")
    assert saved.note == "n1"
    assert store.annotation(second.id).status == DETACHED
    store.save_anchors([])


# Listing


def test_annotations_for_lists_a_document_in_reading_order_whatever_the_column(store):
    document = _document()
    later_block = _annotate(document, 2, "Para pedagang")
    translation = _annotate(document, 1, "government", column=TRANSLATION, model="m")
    early = _annotate(document, 1, "Harga beras", now="2024-01-02T00:00:00.000Z")
    same_start_longer = _annotate(document, 1, "Harga beras naik", now="2024-01-01T00:00:00.000Z")
    same_span_earlier = _annotate(document, 1, "Harga beras", now="2024-01-01T00:00:00.000Z")
    store.add_annotations([later_block, translation, early, same_start_longer, same_span_earlier])
    listed = store.annotations_for(document.id)
    assert [a.id for a in listed] == [
        same_span_earlier.id, early.id, same_start_longer.id, translation.id, later_block.id
    ]
    assert store.annotations_for("unknown") == []


def test_annotations_for_lists_detached_ones_after_the_anchored_ones_of_their_block(store):
    document = _document()
    detached = dataclasses.replace(_annotate(document, 1, "Harga"), status=DETACHED)
    anchored = _annotate(document, 1, "Bulog")
    next_block = _annotate(document, 2, "Para")
    store.add_annotations([next_block, detached, anchored])
    assert [a.id for a in store.annotations_for(document.id)] == [anchored.id, detached.id, next_block.id]


def test_all_annotations_groups_by_document_in_library_order(store):
    older, newer = _document(), _document("doc2", title="Kedua")
    store.record_document(newer)  # opened after doc1, so listed first
    a1, a2 = _annotate(older, 2, "pasar"), _annotate(older, 1, "Bulog")
    b1 = _annotate(newer, 1, "Harga")
    store.add_annotations([a1, b1, a2])
    assert [a.id for a in store.all_annotations()] == [b1.id, a2.id, a1.id]


def test_annotation_tags_lists_each_tag_once_sorted_ignoring_case(store):
    document = _document()
    store.add_annotations(
        [
            _annotate(document, 1, "Harga", tags=["ekonomi", "Zaman"]),
            _annotate(document, 1, "beras", tags=["Ekonomi", "beras"]),
            _annotate(document, 2, "pasar", tags=["ekonomi", "#angka"]),
            _annotate(document, 2, "Para"),
        ]
    )
    assert store.annotation_tags() == ["angka", "beras", "ekonomi", "Zaman"]


# Full-text search


@pytest.fixture
def searchable(store):
    document = _document()
    store.record_document(_document("doc2", title="Pasar pagi"))
    annotations = {
        "quote": _annotate(document, 1, "menambah pasokan dari gudang Bulog"),
        "note": _annotate(document, 2, "pasar induk", note="Pasar induk: grosir, tempat pedagang membeli"),
        "counterpart": _annotate(document, 2, "Pembeli mulai berkurang"),
        "tag": _annotate(document, 1, "Harga beras", tags=["kebutuhan-pokok"]),
        "other document": _annotate(_document("doc2", title="Pasar pagi"), 1, "Pemerintah berjanji", note="janji café"),
    }
    store.add_annotations(annotations.values())
    return store, annotations


def _ids(hits: list[SearchHit]) -> set[str]:
    return {hit.annotation.id for hit in hits}


def _ids_of(made: dict) -> set[str]:
    return {annotation.id for annotation in made.values()}


def test_search_finds_words_in_quotes_notes_counterparts_and_tags_across_documents(searchable):
    store, made = searchable
    assert _ids(store.search_annotations("gudang")) == {made["quote"].id}
    assert _ids(store.search_annotations("grosir")) == {made["note"].id}
    assert _ids(store.search_annotations("declining")) == {made["counterpart"].id}
    assert _ids(store.search_annotations("kebutuhan-pokok")) == {made["tag"].id}
    assert _ids(store.search_annotations("berjanji")) == {made["other document"].id}


def test_search_hits_carry_the_document_title_and_a_snippet_with_the_match_marked(searchable):
    store, made = searchable
    (hit,) = store.search_annotations("grosir")
    assert hit.document_title == "Judul"
    assert f"{MATCH_START}grosir{MATCH_END}" in hit.snippet
    assert "<b>grosir</b>" in hit.snippet_html()
    (hit,) = store.search_annotations("berjanji")
    assert hit.document_title == "Pasar pagi" and hit.annotation == made["other document"]
    (hit,) = store.search_annotations("kebutuhan")
    assert hit.snippet == f"#{MATCH_START}kebutuhan{MATCH_END}-pokok"  # tags read as tags, not JSON


def test_search_matches_the_last_word_as_a_prefix_while_typing(searchable):
    store, made = searchable
    assert _ids(store.search_annotations("gud")) == {made["quote"].id}
    assert _ids(store.search_annotations("pasokan gud")) == {made["quote"].id}
    assert store.search_annotations("gud ") == []  # a finished word is a whole word
    assert _ids(store.search_annotations("gudang ")) == {made["quote"].id}


def test_search_needs_every_word(searchable):
    store, made = searchable
    assert _ids(store.search_annotations("pasar grosir")) == {made["note"].id}
    assert store.search_annotations("pasar jagung") == []


def test_search_ignores_case_and_accents(searchable):
    store, made = searchable
    assert _ids(store.search_annotations("CAFE")) == {made["other document"].id}
    assert _ids(store.search_annotations("Café")) == {made["other document"].id}


@pytest.mark.parametrize(
    "query",
    ['"', '""', "*", "-", ":", "(", ")", "()", "AND", "OR", "NOT", "NEAR", "pasar AND", "OR pasar", "pasar -induk",
     "harga:beras", "(pasar", 'pasar"', "^pasar", "pasar*", "+", "{col}", "NEAR(pasar induk)", "a'b", "\\", "%", "_",
     "pasar OR induk", "\x00", "🙂", "   ", ""],
)
def test_search_never_fails_on_search_syntax_typed_by_the_user(searchable, query):
    store, made = searchable
    hits = store.search_annotations(query)
    # Only the annotations made are found, each once; a query without a word finds nothing.
    assert [hit.annotation.id for hit in hits if hit.annotation.id in _ids_of(made)] == [hit.annotation.id for hit in hits]
    assert len(_ids(hits)) == len(hits)
    if not re.search(r"\w", query.replace("_", "")):
        assert hits == []
    assert all(MATCH_START in hit.snippet for hit in hits)


def test_search_treats_operators_typed_by_the_user_as_words(searchable):
    store, made = searchable
    store.update_annotation(made["note"].edited(utc_now(), note="pasar AND grosir OR (eceran)"))
    assert _ids(store.search_annotations("AND grosir OR")) == {made["note"].id}
    assert _ids(store.search_annotations("(eceran)")) == {made["note"].id}
    # "-induk" is the word "induk", not "without induk": the quote "pasar induk" has both words.
    assert _ids(store.search_annotations("pasar -induk")) == {made["note"].id}


def test_fts_query_quotes_every_word_and_makes_the_last_a_prefix():
    assert fts_query('kata "kerja') == '"kata" """kerja"*'
    assert fts_query("kata kerja ") == '"kata" "kerja"'
    assert fts_query("- * :") is None


def test_search_ranks_a_match_in_the_quote_above_one_in_the_counterpart(store):
    document = _document()
    in_quote = _annotate(document, 1, "pasokan dari gudang Bulog")
    in_counterpart = _annotate(document, 1, "minggu ini. Pemerintah")  # its counterpart mentions Bulog
    store.add_annotations([in_counterpart, in_quote])
    hits = store.search_annotations("bulog")
    assert [hit.annotation.id for hit in hits] == [in_quote.id, in_counterpart.id]


def test_search_returns_at_most_the_limit(store):
    document = _document()
    store.add_annotations(_annotate(document, 1, "Harga beras") for _ in range(30))
    assert len(store.search_annotations("harga", limit=7)) == 7
    assert len(store.search_annotations("harga")) == 30


def test_search_index_follows_edits_and_deletions(searchable):
    store, made = searchable
    note = made["note"]
    store.update_annotation(note.edited(utc_now(), note="eceran", tags=["baru"]))
    assert store.search_annotations("grosir") == []
    assert _ids(store.search_annotations("eceran")) == {note.id}
    assert _ids(store.search_annotations("baru")) == {note.id}
    store.save_anchors([dataclasses.replace(made["quote"], exact="menambah pasokan dari lumbung", end=made["quote"].start + 29)])
    assert store.search_annotations("gudang") == []
    assert _ids(store.search_annotations("lumbung")) == {made["quote"].id}
    store.delete_annotation(note.id)
    assert store.search_annotations("eceran") == []
    store.db.execute("INSERT INTO annotations_fts (annotations_fts, rank) VALUES ('integrity-check', 1)")


def test_search_of_ten_thousand_annotations_is_quick(store):
    import time

    document = _document()
    store.add_annotations(_annotate(document, 1, "Harga beras", note=f"catatan nomor {i}") for i in range(10_000))
    started = time.perf_counter()
    hits = store.search_annotations("catatan nomor 99")
    assert time.perf_counter() - started < 0.5
    assert len(hits) == 111  # 99 and 990-999 and 9900-9999


# The schema


def test_migration_adds_annotations_to_a_database_made_by_the_previous_version(data_dir):
    from reader.core import schema

    previous = sqlite_utils.Migrations("baca")
    for migration in schema.migrations._migrations[:2]:
        previous(name=migration.name)(migration.fn)

    db = sqlite_utils.Database(data_dir / "baca.db")
    previous.apply(db)
    db["documents"].insert(
        {"id": "doc1", "source": "/a", "content_id": "c", "title": "T", "first_opened": "x", "last_opened": "x"}
    )
    db.close()
    store = open_store(data_dir)
    assert [e.id for e in store.library()] == ["doc1"]
    store.add_annotation(_annotate(_document(), 1, "Bulog"))
    assert len(store.all_annotations()) == 1
    names = [row[0] for row in store.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names[2] == "m003_annotations"  # later migrations follow it


def test_annotations_table_has_a_stable_rowid_for_the_search_index_and_indexes_reading_order(store):
    columns = {row[1]: row for row in store.db.execute("PRAGMA table_info(annotations)")}
    assert columns["seq"][5] == 1  # INTEGER PRIMARY KEY: VACUUM keeps it
    assert [row[2] for row in store.db.execute("PRAGMA index_info(annotations_position)")] == [
        "document_id", "block", "start"
    ]
    triggers = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"annotations_ai", "annotations_ad", "annotations_au"} <= triggers


def test_search_survives_vacuum(data_dir):
    store = open_store(data_dir)
    document = _document()
    store.record_document(document)
    first, second = _annotate(document, 1, "Bulog"), _annotate(document, 2, "pasar induk")
    store.add_annotations([first, second])
    store.delete_annotation(first.id)
    store.db.execute("VACUUM")
    assert _ids(store.search_annotations("pasar")) == {second.id}
    store.close()


def test_store_columns_are_the_annotation_fields():
    from reader.core.store.annotations import _FIELDS

    store = Store.memory()
    columns = [row[1] for row in store.db.execute("PRAGMA table_info(annotations)")]
    assert columns == ["seq", *_FIELDS]
