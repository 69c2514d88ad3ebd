"""Export notes: Markdown, CSV, W3C Web Annotation JSON and a bilingual HTML page."""

# One function reads the store (`collect_notes`); the formatters are pure functions of the
# groups it returns. Choices (Location, Date, positions in untranslated text, the JSON shape)
# are recorded in docs/decisions/0007-notes-export.md.

import collections
import csv
import datetime
import html
import io
import json
import logging
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader import __version__
from reader.core import files
from reader.core.annotations import (
    COLORS,
    ORIGINAL,
    TRANSLATION,
    Annotation,
    normalize_tags,
    translation_text,
)
from reader.core.document import Document
from reader.core.errors import NotAFile, ReaderError
from reader.core.store import LibraryEntry, Store

log = logging.getLogger(__name__)

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
BLOCK_SEPARATOR = "\n\n"  # between block texts in a column's whole text (JSON positions)
COLUMN_NAMES = {ORIGINAL: "Indonesian", TRANSLATION: "English"}

CSV_COLUMNS = (
    # The columns highlight services import, in their order, then Baca's own.
    "Highlight", "Title", "Author", "URL", "Note", "Location", "Date",
    "Translation", "Tags", "Color", "Column", "Document",
)


class UnknownDocument(ReaderError):
    "No document in the library has that id, or an id prefix matches more than one."


class UnknownColor(ReaderError):
    "The colour asked for is not one of Baca's highlight colours."


class ExportFailed(ReaderError):
    "The exported file could not be written."


@dataclass(frozen=True)
class NoteGroup:
    """One document's annotations with what the formatters need to show them."""

    entry: LibraryEntry
    document: Document  # the snapshot from the store: the text the annotations were anchored in
    annotations: Sequence[Annotation]  # reading order
    # model -> each block's sentence translations, None where not every sentence is cached
    translations: Mapping[str, Sequence[Sequence[str] | None]] = field(default_factory=dict)
    model: str | None = None  # the translation shown beside the original in the HTML page

    def block_text(self, column: str, block: int, model: str | None = None) -> str | None:
        """A block's text in one column; None for a translation that is not (fully) cached."""
        if column == ORIGINAL:
            return self.document.blocks[block].text
        sentences = self.translations.get(model, ())
        if block >= len(sentences) or sentences[block] is None:
            return None
        return translation_text(sentences[block])


def reading_order(annotation: Annotation) -> tuple:
    """Sort key: by block, the original's highlights before the translation's, then by position."""
    return (
        annotation.block,
        annotation.column != ORIGINAL,
        annotation.start,
        annotation.end,
        annotation.created,
        annotation.id,
    )


# Collecting from the store


def find_document(store: Store, id_or_prefix: str) -> LibraryEntry:
    """The library entry with this id, or the only one whose id starts with it."""
    entry = store.library_entry(id_or_prefix)
    if entry is not None:
        return entry
    matches = [e for e in store.library() if e.id.startswith(id_or_prefix)] if id_or_prefix else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnknownDocument(f"No document in the library has the id {id_or_prefix!r}.")
    names = ", ".join(f"{e.id[:12]}… ({e.title})" for e in matches[:3])
    raise UnknownDocument(
        f"The id prefix {id_or_prefix!r} matches {len(matches)} documents ({names}); give more of the id."
    )


def collect_notes(
    store: Store,
    document_id: str | None = None,
    *,
    color: str | None = None,
    tag: str | None = None,
    model: str | None = None,
) -> list[NoteGroup]:
    """The notes to export: one document's (`document_id`) or every document's (None), filtered."""
    if color is not None and color not in COLORS:
        raise UnknownColor(f"There is no highlight colour {color!r}; Baca's colours are {', '.join(COLORS)}.")
    wanted_tag = None
    if tag is not None:
        cleaned = normalize_tags([tag])
        wanted_tag = cleaned[0].casefold() if cleaned else ""

    def keep(annotation: Annotation) -> bool:
        if color is not None and annotation.color != color:
            return False
        return wanted_tag is None or any(t.casefold() == wanted_tag for t in annotation.tags)

    if document_id is not None:
        entry = find_document(store, document_id)
        # A document asked for by name is exported even without notes: its page still prints.
        chosen = [(entry, [a for a in store.annotations_for(entry.id) if keep(a)])]
    else:
        by_document: dict[str, list[Annotation]] = collections.defaultdict(list)
        for annotation in store.all_annotations():
            if keep(annotation):
                by_document[annotation.document_id].append(annotation)
        entries = {entry.id: entry for entry in store.library()}
        for missing in sorted(set(by_document) - set(entries)):
            log.warning("%d annotations belong to document %s, which is not in the library",
                        len(by_document[missing]), missing)
        # Documents in title order: the same notes give the same file, whatever was opened last.
        chosen = sorted(
            ((entries[id], notes) for id, notes in by_document.items() if id in entries),
            key=lambda pair: (pair[0].title.casefold(), pair[0].id),
        )
    return [_group(store, entry, annotations, model) for entry, annotations in chosen]


def _group(store: Store, entry: LibraryEntry, annotations: list[Annotation], model: str | None) -> NoteGroup:
    document = store.document_snapshot(entry.id)
    if document is None:
        raise ReaderError(
            f"The text of {entry.title!r} is not in the library yet; open it once in Baca, then export again."
        )
    annotations = sorted(annotations, key=reading_order)
    used = collections.Counter(a.model for a in annotations if a.column == TRANSLATION and a.model)
    shown = model or (used.most_common(1)[0][0] if used else _cached_model(store, document))
    models = [m for m in dict.fromkeys([shown, *used]) if m]
    sentences = [[s.text for s in block.sentences] for block in document.blocks]
    flat = [text for block in sentences for text in block]
    translations = {}
    for name in models:
        cached = store.cached_translations(name, flat)
        translations[name] = [
            [cached[text] for text in block] if all(text in cached for text in block) else None
            for block in sentences
        ]
    return NoteGroup(entry, document, annotations, translations, shown)


def _cached_model(store: Store, document: Document) -> str | None:
    """The model with the most of this document's sentences in the translation cache."""
    # Store has no query for this; a document highlighted only in the original still gets its
    # translation shown in the HTML page. Read-only, on the cache table store.py defines.
    counts: collections.Counter = collections.Counter()
    sources = list(dict.fromkeys(s.text for block in document.blocks for s in block.sentences))
    for start in range(0, len(sources), 500):
        chunk = sources[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for name, count in store.db.execute(
            f"SELECT model, count(*) FROM translations WHERE source IN ({marks}) GROUP BY model", chunk
        ):
            counts[name] += count
    if not counts:
        return None
    return min(counts, key=lambda name: (-counts[name], name))


# Shared helpers


def source_url(entry: LibraryEntry) -> str:
    """The document's URL, else its file as a file:// URI; empty for Baca's own (baca:) sources."""
    if entry.url:
        return entry.url
    if entry.source.startswith("baca:"):
        return ""
    path = Path(entry.source)
    return path.as_uri() if path.is_absolute() else ""


def target_source(entry: LibraryEntry) -> str:
    """The W3C target source: the URL or file URI, else the baca: source itself."""
    return source_url(entry) or entry.source


def location(block: int) -> int:
    """The block's number as the reader counts paragraphs: 1-based, headings and captions included."""
    return block + 1


def _headings(document: Document) -> list[int | None]:
    """For each block, the index of the heading it falls under (itself for a heading)."""
    current, result = None, []
    for index, block in enumerate(document.blocks):
        if block.kind == "heading":
            current = index
        result.append(current)
    return result


def _date(entry: LibraryEntry) -> str:
    return entry.date.isoformat() if isinstance(entry.date, datetime.date) else ""


# Markdown

# Escaped wherever they appear: markup (`\ * _ [ ] < ~`), tags in notes apps (#), tables (|),
# maths in notes apps ($), and `&` where it would start an entity or character reference.
_ALWAYS = re.compile(r"[\\`*_\[\]<#|~$]|&(?=#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]*;)")
_ORDERED = re.compile(r"[0-9]{1,9}(?=[.)])")


def _escape_line(line: str) -> str:
    """One line that shows as written at the start of a paragraph line."""
    core = line.strip()
    if not core:
        return "".join(f"&#{ord(c)};" for c in line)
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()) :]
    # Parsers strip white space at either end of a line, so it goes in as character references;
    # a CR would end the line. (VT, U+001C-U+001F and U+0085 there cannot be kept: stripped when
    # raw, refused as references. Document text never holds them: white space is normalised.)
    body = _ALWAYS.sub(r"\\\g<0>", core).replace("\r", "&#13;")
    if core[0] in ">+-=":  # block quote, list item, thematic break, setext underline
        body = "\\" + body
    elif ordered := _ORDERED.match(core):
        body = body[: ordered.end()] + "\\" + body[ordered.end() :]
    return "".join(f"&#{ord(c)};" for c in lead) + body + "".join(f"&#{ord(c)};" for c in trail)


def escape_markdown_inline(text: str) -> str:
    """Text as CommonMark paragraph lines that render exactly as written, one line per line of text."""
    # A line break stays a line break (a soft break); an empty line becomes `\`, a hard break,
    # since a blank line would end the paragraph; line breaks at the very end, which cannot be
    # either, go in as `&#10;` on the last line.
    body = text.rstrip("\n")
    trailing = "&#10;" * (len(text) - len(body))
    if not body:
        return trailing
    lines = [_escape_line(line) if line else "\\" for line in body.split("\n")]
    lines[-1] += trailing
    return "\n".join(lines)


def escape_markdown_line(text: str) -> str:
    """Text as one CommonMark line (a heading, a label's value) that renders as written."""
    return "&#10;".join(_escape_line(part) for part in text.split("\n"))


def _indent(text: str, first: str, rest: str) -> list[str]:
    lines = text.split("\n")
    return [first + lines[0]] + [rest + line for line in lines[1:]]


_ITEM, _INSIDE = "-   ", "    "  # content at column 4, so a note's tabs keep their tab stops


def export_markdown(groups: Sequence[NoteGroup]) -> str:
    """The notes as CommonMark: a section per document, a list item per annotation."""
    return "\n".join(_markdown_document(group) for group in groups)


def _markdown_document(group: NoteGroup) -> str:
    entry, document = group.entry, group.document
    out = [f"# {escape_markdown_line(entry.title)}", ""]
    facts = [
        ("Source", entry.url or entry.source),
        ("Date", _date(entry)),
        ("Author", entry.author or ""),
    ]
    known = [f"{label}: {escape_markdown_line(value)}" for label, value in facts if value]
    if known:  # one paragraph, a hard break (`\`) ending each line but the last
        out += ["\\\n".join(known), ""]
    headings = _headings(document)
    current = None
    for annotation in group.annotations:
        heading = headings[annotation.block] if annotation.block < len(headings) else None
        if heading is not None and heading != current:
            out += [f"## {escape_markdown_line(document.blocks[heading].text)}", ""]
        current = heading
        out += _markdown_item(annotation)
    return "\n".join(out)


def _markdown_item(annotation: Annotation) -> list[str]:
    lines = _indent(escape_markdown_inline(annotation.exact), _ITEM + "> ", _INSIDE + "> ") + [""]
    if annotation.counterpart:
        label = "Translation" if annotation.column == ORIGINAL else "Original"
        lines += _indent(escape_markdown_inline(annotation.counterpart), f"{_INSIDE}{label}: ", _INSIDE)
        lines.append("")
    facts = [f"¶ {location(annotation.block)}", f"Colour: {annotation.color}"]
    if annotation.tags:
        facts.append("Tags: " + " ".join("#" + _ALWAYS.sub(r"\\\g<0>", tag) for tag in annotation.tags))
    lines += [_INSIDE + " · ".join(facts), ""]
    # The note goes last and as written, every line indented into the item: whatever it holds
    # (lists, fences, headings, even an unclosed fence) ends where the item ends.
    note = re.sub(r"\r\n?", "\n", annotation.note).rstrip("\n")
    if note.strip():
        lines += [_INSIDE + line if line else "" for line in note.split("\n")] + [""]
    return lines


# CSV

# What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: str) -> str:
    """The cell with an apostrophe before it if a spreadsheet would take it for a formula."""
    # OWASP's advice: the apostrophe makes Excel, LibreOffice and Google Sheets show the cell as
    # text. The cost: a note that is a Markdown list ("- item") gains an apostrophe in the CSV.
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export_csv(groups: Sequence[NoteGroup]) -> str:
    """One row per annotation, RFC 4180 (CRLF between rows, fields quoted where needed).

    Text cells that start like a formula get a leading apostrophe (neutralise_formula).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for group in groups:
        entry = group.entry
        url = source_url(entry)
        for a in group.annotations:
            cells = (
                a.exact, entry.title, entry.author or "", url, a.note, location(a.block), a.created,
                a.counterpart, " ".join(a.tags), a.color, a.column, entry.id,
            )
            writer.writerow([neutralise_formula(c) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()


# W3C Web Annotation JSON


def _column_offsets(group: NoteGroup, column: str, model: str | None) -> list[int]:
    """Where each block starts in the column's whole text; a block without text counts as empty."""
    offsets, at = [], 0
    for index in range(len(group.document.blocks)):
        offsets.append(at)
        at += len(group.block_text(column, index, model) or "") + len(BLOCK_SEPARATOR)
    return offsets


def export_json(groups: Sequence[NoteGroup]) -> dict:
    """An AnnotationCollection with one embedded AnnotationPage holding every annotation."""
    items = []
    for group in groups:
        offsets: dict[tuple[str, str | None], list[int]] = {}
        for annotation in group.annotations:
            key = (annotation.column, annotation.model if annotation.column == TRANSLATION else None)
            if key not in offsets:
                offsets[key] = _column_offsets(group, *key)
            items.append(_w3c_annotation(group, annotation, offsets[key]))
    # Ids derived from the annotations' ids: the same notes give the same file.
    digest = uuid.uuid5(uuid.NAMESPACE_URL, "baca:notes:" + ",".join(sorted(item["id"] for item in items)))
    collection_id = f"urn:uuid:{digest}"
    if len(groups) == 1:
        label = f"Notes on {groups[0].entry.title}"
    else:
        label = f"Notes from Baca: {len(groups)} documents"
    collection = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "generator": {"type": "Software", "name": f"Baca {__version__}"},
    }
    if items:
        collection["first"] = {
            "id": f"urn:uuid:{uuid.uuid5(digest, 'page-1')}",
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        }
    return collection


def _w3c_annotation(group: NoteGroup, a: Annotation, offsets: list[int]) -> dict:
    entry = group.entry
    bodies = []
    if a.note:
        bodies.append({"type": "TextualBody", "value": a.note, "format": "text/markdown", "purpose": "commenting"})
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in a.tags]
    if a.counterpart:
        # W3C has no purpose for a translation: "describing", marked as Baca's counterpart.
        bodies.append(
            {
                "type": "TextualBody",
                "value": a.counterpart,
                "format": "text/plain",
                "language": a.counterpart_language,
                "purpose": "describing",
                "baca:role": "counterpart",
            }
        )
    quote = {"type": "TextQuoteSelector", "exact": a.exact}
    if a.prefix:
        quote["prefix"] = a.prefix
    if a.suffix:
        quote["suffix"] = a.suffix
    block_offset = offsets[a.block] if a.block < len(offsets) else 0
    baca = {
        "id": entry.id,
        "content_id": entry.content_id,
        "title": entry.title,
        "source": entry.source,
        "column": a.column,
        "language": a.language,
        "block": a.block,
        "block_offset": block_offset,
    }
    if a.column == TRANSLATION:
        baca["model"] = a.model
    annotation = {
        "id": f"urn:uuid:{a.id}",
        "type": "Annotation",
        "motivation": "commenting" if a.note.strip() else "highlighting",
        "created": a.created,
        "modified": a.modified,
    }
    if bodies:
        annotation["body"] = bodies
    annotation["target"] = {
        "source": target_source(entry),
        "selector": [
            quote,
            {"type": "TextPositionSelector", "start": block_offset + a.start, "end": block_offset + a.end},
        ],
        "baca:document": baca,
    }
    annotation["baca:color"] = a.color
    return annotation


def dumps(collection: dict) -> str:
    """The JSON text of an export: the collection indented, one annotation per line, characters as they are."""
    # One annotation per line reads and diffs well, and is written by json's C encoder: indenting
    # everything takes json's pure-Python one, four times slower (0.6 s for 10,000 annotations).
    page = collection.get("first")
    if not isinstance(page, dict) or not page.get("items"):
        return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
    shell = json.dumps({**collection, "first": {**page, "items": []}}, ensure_ascii=False, indent=2)
    # "first" is the collection's last key and "items" the page's, so theirs is the last empty list.
    before, empty, after = shell.rpartition('"items": []')
    lines = ",\n".join("      " + json.dumps(item, ensure_ascii=False) for item in page["items"])
    return f'{before}"items": [\n{lines}\n    ]{after}\n'


# HTML

_PAINT = {
    "yellow": "#fff176",
    "green": "#c5e1a5",
    "blue": "#b3e5fc",
    "pink": "#f8bbd0",
    "purple": "#d1c4e9",
    "orange": "#ffcc80",
}

_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.5 "Noto Serif", Georgia, serif; color: #1d1d1d; background: #fff;
       max-width: 78rem; margin: 2rem auto; padding: 0 1.5rem; }
header .meta { color: #555; font-size: .9rem; margin-top: -.5rem; }
.columns, .row { display: grid; grid-template-columns: 1fr 1fr minmax(12rem, .8fr); gap: 0 1.5rem; }
.columns { font: 600 .8rem/1.4 system-ui, sans-serif; color: #666; text-transform: uppercase;
           letter-spacing: .05em; border-bottom: 1px solid #ccc; padding-bottom: .25rem; }
.row { border-bottom: 1px solid #eee; padding: .5rem 0; }
.row p { margin: 0; white-space: pre-line; }
.row.heading p { font-weight: 700; font-size: 1.15rem; }
.missing { color: #888; font-style: italic; }
mark { color: inherit; padding: 0 .05em; border-radius: 2px; }
sup.ref { font: 600 .7rem system-ui, sans-serif; color: #444; margin-left: .1em; }
.notes { font: .9rem/1.45 system-ui, sans-serif; }
.note { border-left: 4px solid #ccc; padding: .2rem .5rem; margin: 0 0 .6rem; }
.note .n { font-weight: 700; margin-right: .3em; }
.note blockquote { margin: .2rem 0; font-style: italic; white-space: pre-line; }
.note .counterpart { color: #444; margin: .2rem 0; white-space: pre-line; }
.note .text { white-space: pre-wrap; margin: .2rem 0; }
.note .tags, .note .where { color: #555; font-size: .8rem; margin: .2rem 0; }
.empty { color: #666; font-style: italic; }
""" + "".join(
    f"mark.c-{name} {{ background: {paint}; }}\n.note.c-{name} {{ border-left-color: {paint}; }}\n"
    for name, paint in _PAINT.items()
) + """
@page { margin: 15mm; }
@media print {
  body { font-size: 10pt; max-width: none; margin: 0; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .row, .note, header { break-inside: avoid; }
  .columns { break-after: avoid; }
  article + article { break-before: page; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def export_html(groups: Sequence[NoteGroup]) -> str:
    """One self-contained page: the documents bilingually, highlights in colour, notes beside them."""
    title = f"Notes on {groups[0].entry.title}" if len(groups) == 1 else "Notes from Baca"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing but the inline style may load, even if a note held markup by mistake.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f'<meta name="generator" content="Baca {_e(__version__)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    if not groups:
        parts.append('<p class="empty">No notes to export.</p>')
    for group in groups:
        parts += _html_document(group)
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _html_document(group: NoteGroup) -> list[str]:
    entry, document = group.entry, group.document
    facts = [entry.url or entry.source, _date(entry), entry.author or ""]
    if group.model:
        facts.append(f"translated by {group.model}")
    out = [
        "<article>",
        f'<header><h1 lang="id">{_e(entry.title)}</h1>',
        f'<p class="meta">{" · ".join(_e(f) for f in facts if f)}</p></header>',
    ]
    if not group.annotations:
        out.append('<p class="empty">No notes on this document.</p>')
    out.append(
        f'<div class="columns"><div>{COLUMN_NAMES[ORIGINAL]}</div><div>{COLUMN_NAMES[TRANSLATION]}</div>'
        "<div>Notes</div></div>"
    )
    numbers = {a.id: n for n, a in enumerate(group.annotations, 1)}
    by_block: dict[int, list[Annotation]] = collections.defaultdict(list)
    for annotation in group.annotations:
        by_block[annotation.block].append(annotation)
    for index, block in enumerate(document.blocks):
        notes = by_block.get(index, [])
        original = block.text
        translated = group.block_text(TRANSLATION, index, group.model)
        on_original = [a for a in notes if a.column == ORIGINAL and _fits(a, original)]
        on_translation = [
            a for a in notes if a.column == TRANSLATION and a.model == group.model and _fits(a, translated)
        ]
        placed = {a.id for a in on_original + on_translation}
        kind = " heading" if block.kind == "heading" else ""
        out.append(f'<section class="row{kind}" id="b{location(index)}">')
        out.append(f'<div class="original" lang="id"><p>{_marked(original, on_original, numbers)}</p></div>')
        if translated is None:
            out.append('<div class="translation" lang="en"><p class="missing">not translated</p></div>')
        else:
            out.append(
                f'<div class="translation" lang="en"><p>{_marked(translated, on_translation, numbers)}</p></div>'
            )
        out.append('<aside class="notes">')
        out += [_html_note(a, numbers[a.id], a.id in placed, group.model) for a in notes]
        out.append("</aside>")
        out.append("</section>")
    out.append("</article>")
    return out


def _fits(annotation: Annotation, text: str | None) -> bool:
    """Whether the annotation's span in `text` still holds its quote."""
    return text is not None and 0 <= annotation.start < annotation.end <= len(text) and (
        text[annotation.start : annotation.end] == annotation.exact
    )


def _marked(text: str, annotations: Sequence[Annotation], numbers: Mapping[str, int]) -> str:
    """The text with each highlight in a <mark> of its colour and its note's number after it."""
    if not annotations:
        return _e(text)
    # Overlapping highlights are cut at every boundary, so marks never nest; where two overlap,
    # the later in reading order paints the piece.
    cuts = sorted({0, len(text), *(a.start for a in annotations), *(a.end for a in annotations)})
    ends = collections.defaultdict(list)
    for a in annotations:
        ends[a.end].append(numbers[a.id])
    out = []
    for left, right in zip(cuts, cuts[1:]):
        piece = _e(text[left:right])
        over = [a for a in annotations if a.start <= left and right <= a.end]
        out.append(f'<mark class="c-{over[-1].color}">{piece}</mark>' if over else piece)
        for number in sorted(ends.get(right, ())):
            out.append(f'<sup class="ref">{number}</sup>')
    return "".join(out)


def _html_note(a: Annotation, number: int, placed: bool, shown_model: str | None) -> str:
    parts = [f'<div class="note c-{a.color}"><span class="n">{number}</span>']
    parts.append(f'<blockquote lang="{a.language}">{_e(a.exact)}</blockquote>')
    if not placed:
        if a.column == TRANSLATION and a.model != shown_model:
            where = f"in the translation by {a.model}, not shown here"
        else:
            where = "not found in the current text"
        parts.append(f'<p class="where">{_e(where)}</p>')
    if a.counterpart:
        parts.append(f'<p class="counterpart" lang="{a.counterpart_language}">{_e(a.counterpart)}</p>')
    if a.note.strip():
        # Notes are shown as written: rendering Markdown would need a library Baca does not ship.
        parts.append(f'<div class="text">{_e(a.note)}</div>')
    facts = [f"¶ {location(a.block)}", a.color]
    if a.tags:
        facts.append(" ".join("#" + tag for tag in a.tags))
    parts.append(f'<p class="tags">{_e(" · ".join(facts))}</p>')
    parts.append("</div>")
    return "".join(parts)


# Formats and files

FORMATS: dict[str, tuple[str, Callable[[Sequence[NoteGroup]], str]]] = {
    # name -> (file suffix, formatter to text)
    "md": (".md", export_markdown),
    "csv": (".csv", export_csv),
    "json": (".json", lambda groups: dumps(export_json(groups))),
    "html": (".html", export_html),
}


def export_notes(groups: Sequence[NoteGroup], format: str) -> str:
    """The groups in one of FORMATS, as text."""
    return FORMATS[format][1](groups)


def write_atomically(path: Path, text: str) -> None:
    """Write UTF-8 text to `path` through a temporary file renamed over it: all or nothing.

    A symbolic link is written through to its target; a folder, pipe or device is refused.
    """
    try:
        files.write_atomically(Path(path), text.encode("utf-8"))
    except NotAFile as error:
        raise ExportFailed(f"Cannot write {str(path)!r}: it is {error.kind}, not a regular file.") from None
    except OSError as error:
        raise ExportFailed(f"Cannot write {str(path)!r}: {error.strerror or error}.") from None