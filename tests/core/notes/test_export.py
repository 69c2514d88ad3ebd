import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from markdown_it import MarkdownIt

from reader.core.errors import UnknownColor, UnknownDocument
from reader.core.notes.columns import ORIGINAL, TRANSLATION, translation_text
from reader.core.notes.export import (
    CSV_COLUMNS,
    FORMATS,
    NoteGroup,
    collect_notes,
    dumps,
    export_csv,
    export_html,
    export_json,
    export_markdown,
    export_notes,
    write_atomically,
)
from reader.core.store import LibraryEntry, Store, open_store
from reader.core.text.document import Block, Document
from tests.support.markdown_tokens import inline_text, items_of, quote_of
from tests.support.sample_notes import MODEL, annotated_sample, open_sample, translate

SCHEMA = json.loads((Path(__file__).parents[2] / "data" / "w3c-annotation.schema.json").read_text())
PRESETS = ("commonmark", "default")  # "default" adds GFM tables and strikethrough

def _signature(tokens) -> list[tuple]:
    # A fence left open runs to the end of its container, so inside an item it also takes the
    # blank line after it: its code differs only by trailing line breaks, which do not show.
    return [(t.type, t.tag, t.content.rstrip("\n") if t.type == "fence" else t.content, t.info) for t in tokens]


@pytest.fixture
def store() -> Store:
    return Store.memory()


@pytest.fixture
def sample(store):
    document, annotations = annotated_sample(store)
    return document, annotations, collect_notes(store)


# Markdown escaping


# Markdown export


def test_markdown_starts_with_the_documents_title_source_and_date(sample):
    document, _, groups = sample
    text = export_markdown(groups)
    tokens = MarkdownIt("commonmark").parse(text)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    assert inline_text(tokens[1]) == document.title
    facts = inline_text(tokens[4])
    assert facts == "Source: baca:sample-post.txt\nDate: 2021-07-13"  # no author in the sample


@pytest.mark.parametrize("preset", PRESETS)
def test_markdown_quotes_read_back_from_the_tokens_equal_the_originals(sample, preset):
    _, annotations, groups = sample
    items = items_of(MarkdownIt(preset).parse(export_markdown(groups)))
    ordered = groups[0].annotations
    assert len(items) == len(ordered) == len(annotations)
    assert [quote_of(item) for item in items] == [a.exact for a in ordered]


def test_the_sample_annotations_hold_everything_the_formats_must_survive(sample):
    _, annotations, _ = sample
    quotes, notes = "".join(a.exact for a in annotations), "".join(a.note for a in annotations)
    for needed in ("klaim timbal balik", "“", "”", "🤝", "*", "`", "[", "<b>", "&amp;", "|", "\\", ",", '"', "\n# ", "\n1. ", "\n> "):
        assert needed in quotes, needed
    for needed in ("😀", "```", "\n  - dua", "\n# Judul", "\n\n", ",", '"', "<div>"):
        assert needed in notes, needed
    assert any(",” " in a.counterpart or "," in a.counterpart for a in annotations)


@pytest.mark.parametrize("preset", PRESETS)
def test_markdown_keeps_each_note_as_written_inside_its_own_item(sample, preset):
    _, _, groups = sample
    md = MarkdownIt(preset)
    items = items_of(md.parse(export_markdown(groups)))
    for item, annotation in zip(items, groups[0].annotations):
        if not annotation.note:
            continue
        note = _signature(md.parse(annotation.note))
        # The note's own structure (fence, nested list, heading, HTML) ends the item.
        assert _signature(item[1:-1])[-len(note):] == note, annotation.note


def test_markdown_note_with_an_unclosed_fence_does_not_swallow_the_next_item(sample):
    _, _, groups = sample
    items = items_of(MarkdownIt("commonmark").parse(export_markdown(groups)))
    fenced = next(i for i, a in enumerate(groups[0].annotations) if a.note.startswith("```python\nprint"))
    assert [t.type for t in items[fenced]].count("fence") == 1
    assert quote_of(items[fenced + 1]) == groups[0].annotations[fenced + 1].exact


def test_markdown_shows_counterpart_location_colour_and_tags(sample):
    _, _, groups = sample
    items = items_of(MarkdownIt("commonmark").parse(export_markdown(groups)))
    for item, a in zip(items, groups[0].annotations):
        paragraphs = [inline_text(t) for t in [t for t in item if t.type == "inline" and t.level == 3][:2]]
        label = "Translation" if a.column == ORIGINAL else "Original"
        assert paragraphs[0] == f"{label}: {a.counterpart}"
        expected = f"¶ {a.block + 1} · Colour: {a.color}"
        if a.tags:
            expected += " · Tags: " + " ".join("#" + tag for tag in a.tags)
        assert paragraphs[1] == expected


def test_markdown_groups_annotations_under_the_heading_they_fall_in(sample):
    document, _, groups = sample
    current, seen = None, []
    tokens = MarkdownIt("commonmark").parse(export_markdown(groups))
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            current = inline_text(tokens[index + 1])
        if token.type == "list_item_open" and token.level == 1:
            seen.append(current)
    headings = {8: document.blocks[8].text, 17: "Kerjasama keamanan siber", 22: "Resolusi baru tentang Suriah"}
    expected = [headings[max([h for h in headings if h <= a.block], default=None)] if a.block >= 8 else None
                for a in groups[0].annotations]
    assert seen == expected
    assert seen[:4] == [None] * 4 and seen[-1] == "Resolusi baru tentang Suriah"


# CSV


def test_csv_reads_back_with_the_csv_module_equal_to_the_data(sample):
    document, _, groups = sample
    rows = list(csv.reader(io.StringIO(export_csv(groups), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    expected = [
        [a.exact, document.title, "", "", a.note, str(a.block + 1), a.created,
         *((a.exact, a.counterpart) if a.column == ORIGINAL else (a.counterpart, a.exact)), " ".join(a.tags),
         a.color, "Indonesian" if a.column == ORIGINAL else "English", document.id]
        for a in groups[0].annotations
    ]
    assert [row[:13] for row in rows[1:]] == expected
    # No corrections here: each quote's sentences are the machine's, no edited text, no model.
    assert {tuple(row[13:]) for row in rows[1:]} <= {("machine", "", "", ""), ("", "", "", "")}
    assert any("," in a.exact for a in groups[0].annotations)
    assert any('"' in a.note and "\n" in a.note for a in groups[0].annotations)


def test_csv_follows_rfc_4180_quoting_and_line_endings(sample):
    _, _, groups = sample
    text = export_csv(groups)
    assert text.startswith(
        "Highlight,Title,Author,URL,Note,Location,Date,Indonesian,English,Tags,Color,Column,Document,"
        "Translation State,Edited Translation,Machine Translation,Model\r\n"
    )
    assert text.endswith("\r\n")
    assert '"Simple, with ""quotes"", commas\nand a second line"' in text
    assert text.encode("utf-8").decode("utf-8") == text and "😀" in text


def test_csv_url_is_the_documents_url_else_its_file_uri(sample):
    document, annotations, groups = sample
    group = groups[0]
    for url, source, expected in [
        ("https://example.com/post", "/posts/a.html", "https://example.com/post"),
        (None, "/posts/dua kata.txt", "file:///posts/dua%20kata.txt"),
        (None, "baca:sample-post.txt", ""),
    ]:
        entry = LibraryEntry(group.entry.id, source, url, document.content_id, document.title, None, None, "x")
        row = list(csv.reader(io.StringIO(export_csv([NoteGroup(entry, document, group.annotations[:1])]))))[1]
        assert row[3] == expected


# W3C JSON


def test_json_is_a_w3c_annotation_collection_valid_against_the_schema(sample):
    _, annotations, groups = sample
    collection = export_json(groups)
    Draft202012Validator(SCHEMA).validate(collection)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["total"] == len(annotations)
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and len(page["items"]) == len(annotations)
    text = dumps(collection)
    assert json.loads(text) == collection
    assert [json.loads(line.strip().rstrip(",")) for line in text.splitlines() if line.startswith("      {")] == page["items"]


def test_json_annotation_holds_ids_selectors_bodies_times_and_document(sample):
    document, _, groups = sample
    items = export_json(groups)["first"]["items"]
    for item, a in zip(items, groups[0].annotations):
        assert item["id"] == f"urn:uuid:{a.id}" and item["type"] == "Annotation"
        assert item["motivation"] == ("commenting" if a.note else "highlighting")
        assert (item["created"], item["modified"]) == (a.created, a.modified)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", item["modified"])
        quote, position = item["target"]["selector"]
        assert quote == {"type": "TextQuoteSelector", "exact": a.exact,
                         **({"prefix": a.prefix} if a.prefix else {}), **({"suffix": a.suffix} if a.suffix else {})}
        assert position["type"] == "TextPositionSelector" and position["end"] - position["start"] == len(a.exact)
        bodies = item.get("body", [])
        assert [b["value"] for b in bodies if b["purpose"] == "commenting"] == ([a.note] if a.note else [])
        assert all(b["format"] == "text/markdown" for b in bodies if b["purpose"] == "commenting")
        assert tuple(b["value"] for b in bodies if b["purpose"] == "tagging") == a.tags
        (counterpart,) = [b for b in bodies if b.get("baca:role") == "counterpart"]
        assert counterpart["value"] == a.counterpart and counterpart["language"] == a.counterpart_language
        baca = item["target"]["baca:document"]
        assert item["target"]["source"] == "baca:sample-post.txt"
        assert (baca["id"], baca["content_id"], baca["title"]) == (document.id, document.content_id, document.title)
        assert (baca["column"], baca["language"], baca["block"]) == (a.column, a.language, a.block)
        assert baca.get("model") == (MODEL if a.column == TRANSLATION else None)
        assert item["baca:color"] == a.color


def test_json_positions_count_in_the_whole_text_of_the_column(sample):
    document, _, groups = sample
    original = "\n\n".join(block.text for block in document.blocks)
    translated = "\n\n".join(
        translation_text([translate(s.text) for s in block.sentences]) for block in document.blocks
    )
    for item in export_json(groups)["first"]["items"]:
        quote, position = item["target"]["selector"]
        whole = original if item["target"]["baca:document"]["column"] == ORIGINAL else translated
        assert whole[position["start"] : position["end"]] == quote["exact"]


def test_json_counts_an_untranslated_block_as_empty_text(sample):
    document, _, groups = sample
    group = groups[0]
    translations = [list(t) if t is not None else None for t in group.translations[MODEL]]
    translations[0] = None  # the caption's translation is no longer cached
    partial = NoteGroup(group.entry, document, group.annotations, {MODEL: translations}, MODEL)
    items = export_json([partial])["first"]["items"]
    lost = len(translation_text(group.translations[MODEL][0]))
    for before, after in zip(export_json(groups)["first"]["items"], items):
        shift = lost if after["target"]["baca:document"]["column"] == TRANSLATION else 0
        assert after["target"]["selector"][1]["start"] == before["target"]["selector"][1]["start"] - shift


def test_json_export_of_the_same_notes_is_the_same_file(sample):
    _, _, groups = sample
    assert dumps(export_json(groups)) == dumps(export_json(groups))


# HTML


class _Page(HTMLParser):
    """Every tag and attribute of a page, checking that elements close in order; text without note numbers."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tags, self.attributes, self.text, self.styles = [], [], [], [], []
        self._in_style = self._in_sup = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs
        self._in_style = tag == "style"
        self._in_sup = tag == "sup"
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()
        self._in_style = self._in_sup = False

    def handle_data(self, data):
        if not self._in_sup:
            (self.styles if self._in_style else self.text).append(data)


def _page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    assert page.stack == []
    return page


def test_html_parses_and_holds_no_script_and_no_remote_url(sample):
    _, _, groups = sample
    text = export_html(groups)
    page = _page(text)
    assert text.startswith("<!DOCTYPE html>")
    assert not {"script", "link", "iframe", "img", "object", "embed", "base", "frame"} & set(page.tags)
    assert not [name for name, _ in page.attributes if name.startswith("on") or name in ("src", "href", "srcset")]
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css
    for _, value in page.attributes:
        assert not re.match(r"\s*(https?:|//|javascript:)", value or "", re.I)
    assert ("content-security-policy" in [v.lower() for n, v in page.attributes if n == "http-equiv"])


def test_html_shows_both_columns_with_highlights_in_their_colours_and_notes_beside(sample):
    document, _, groups = sample
    text = export_html(groups)
    page = _page(text)
    shown = "".join(page.text)
    for block in document.blocks:
        assert block.text in shown
        assert translation_text([translate(s.text) for s in block.sentences]) in shown
    for a in groups[0].annotations:
        assert f'class="c-{a.color}"' in text
        assert a.exact in shown
    assert text.count('<sup class="ref">') == len(groups[0].annotations)
    assert '<mark class="c-yellow">“Selama beberapa tahun terakhir, </mark>' in text  # overlap cut, not nested


def test_html_says_not_translated_where_the_translation_is_not_cached(store):
    document = open_sample(store, translated=False)
    (group,) = collect_notes(store, document.id)
    text = export_html([group])
    assert text.count(">not translated<") == len(document.blocks)


def test_html_prints_cleanly_with_a_print_stylesheet(sample):
    _, _, groups = sample
    css = "".join(_page(export_html(groups)).styles)
    assert "@media print" in css and "break-inside: avoid" in css and "print-color-adjust: exact" in css


# Collecting from the store


def test_collect_notes_filters_by_colour_and_by_tag(store, sample):
    _, annotations, _ = sample
    (green,) = collect_notes(store, color="green")
    assert [a.id for a in green.annotations] == [a.id for a in annotations if a.color == "green"]
    (tagged,) = collect_notes(store, tag="#KUTIPAN")
    assert [a.tags for a in tagged.annotations] == [("kutipan",)]
    assert collect_notes(store, color="orange", tag="kutipan") == []
    with pytest.raises(UnknownColor, match="'red'"):
        collect_notes(store, color="red")


def test_collect_notes_gives_annotations_in_reading_order_with_their_translations(store, sample):
    document, annotations, (group,) = sample
    assert [(a.block, a.column, a.start) for a in group.annotations] == sorted(
        (a.block, a.column, a.start) for a in annotations
    )
    assert group.model == MODEL
    assert group.block_text(TRANSLATION, 7, MODEL) == translate(document.blocks[7].text)


def test_collect_notes_for_all_documents_gives_one_group_per_annotated_document(store, sample):
    other = Document("other", "c-other", "/posts/b.txt", "A second post", None, "Penulis", [Block.of("paragraph", "Satu dua tiga.")])
    store.record_document(other)
    store.record_document(Document("empty", "c-e", "/posts/c.txt", "Not annotated", None, None, [Block.of("paragraph", "Kosong.")]))
    from reader.core.notes.annotations import Quote, new_annotation

    note = new_annotation(Quote(other, ORIGINAL, 0, 0, 4), color="blue", now="2026-11-28T04:00:00.000Z")
    store.add_annotations([note])
    groups = collect_notes(store)
    assert [g.entry.title for g in groups] == ["A second post", sample[0].title]
    assert [a.id for a in groups[0].annotations] == [note.id]
    assert groups[0].model is None and groups[0].block_text(TRANSLATION, 0) is None


def test_collect_notes_takes_a_unique_id_prefix_and_refuses_an_unknown_id(store, sample):
    document = sample[0]
    (group,) = collect_notes(store, document.id[:6])
    assert group.entry.id == document.id
    with pytest.raises(UnknownDocument, match="'nope'"):
        collect_notes(store, "nope")


def test_collect_notes_shows_the_cached_translation_for_notes_only_in_the_original(store):
    document = open_sample(store)
    from reader.core.notes.annotations import Quote, new_annotation

    store.add_annotations([new_annotation(Quote(document, ORIGINAL, 2, 0, 6), color="yellow", now="2026-11-28T04:00:00.000Z")])
    (group,) = collect_notes(store)
    assert group.model == MODEL
    assert "not translated" not in export_html([group])


# No annotations, files


@pytest.mark.parametrize("format", sorted(FORMATS))
def test_an_export_with_no_annotations_is_empty_but_valid(store, format):
    text = export_notes([], format)
    if format == "md":
        assert text == ""
    elif format == "csv":
        assert list(csv.reader(io.StringIO(text))) == [list(CSV_COLUMNS)]
    elif format == "json":
        collection = json.loads(text)
        Draft202012Validator(SCHEMA).validate(collection)
        assert collection["total"] == 0 and "first" not in collection
    else:
        assert "No notes to export." in text and _page(text).stack == []


def test_a_document_asked_for_without_notes_still_exports_its_title_and_text(store):
    document = open_sample(store)
    (group,) = collect_notes(store, document.id)
    assert group.annotations == []
    assert export_markdown([group]).startswith(f"# {document.title}\n")
    assert document.blocks[3].text in "".join(_page(export_html([group])).text)


def test_write_atomically_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("old")
    path.chmod(0o640)
    write_atomically(path, "baru 😀\n")
    assert path.read_text(encoding="utf-8") == "baru 😀\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


def test_write_atomically_refuses_a_missing_folder_with_a_message(tmp_path):
    from reader.core.errors import ExportFailed

    with pytest.raises(ExportFailed, match="Cannot write .*missing"):
        write_atomically(tmp_path / "missing" / "notes.md", "x")


def test_collect_notes_works_on_a_file_store_reopened(data_dir):
    store = open_store(data_dir)
    annotated_sample(store)
    store.close()
    again = open_store(data_dir)
    (group,) = collect_notes(again)
    assert len(group.annotations) == 8


def test_export_and_import_load_no_qt_and_no_test_only_library():
    import subprocess
    import sys

    code = (
        "import sys, reader.core.notes.export, reader.core.notes.importer; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'markdown_it', 'jsonschema')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).parents[3])
    assert result.stdout.strip() == "[]"
