"""Export notes: Markdown, CSV, W3C Web Annotation JSON and a bilingual HTML page."""

# The store is read once (reader.core.notes.note_groups.collect_notes); the formatters are pure
# functions of the groups it returns: Markdown and CSV here, HTML in export_html, W3C JSON in
# w3c_json. Choices (Location, Date, positions in untranslated text, the JSON shape) are
# recorded in docs/decisions/0007-notes-export.md.

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.core.errors import ExportFailed, NotAFile
from reader.core.notes.annotations import Annotation
from reader.core.notes.columns import ORIGINAL
from reader.core.translate.corrections import Correction
from reader.core.notes.export_html import COLUMN_NAMES, export_html, model_name  # noqa: F401
from reader.core.notes.note_groups import (  # noqa: F401 - the export API, in one place
    NoteGroup,
    collect_notes,
    corrected,
    entry_date,
    find_document,
    headings,
    location,
    reading_order,
    source_url,
    states_word,
    target_source,
)
from reader.core.notes.w3c_json import W3C_CONTEXT, dumps, export_json  # noqa: F401
from reader.core.platform import files
from reader.core.text.markdown_escape import escape_markdown_inline, escape_markdown_line, escape_markup

CSV_COLUMNS = (
    # The columns highlight services import, in their order, then Baca's own: the quote and its
    # counterpart under their languages, and the column the quote was made in.
    "Highlight", "Title", "Author", "URL", "Note", "Location", "Date",
    "Indonesian", "English", "Tags", "Color", "Column", "Document",
    # The reader's corrections of the quote's sentences: their states, and where edited, the
    # reader's text, the machine's and the model that made it.
    "Translation State", "Edited Translation", "Machine Translation", "Model",
)


# Markdown


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
        ("Date", entry_date(entry)),
        ("Author", entry.author or ""),
    ]
    known = [f"{label}: {escape_markdown_line(value)}" for label, value in facts if value]
    if known:  # one paragraph, a hard break (`\`) ending each line but the last
        out += ["\\\n".join(known), ""]
    under = headings(document)
    current = None
    for annotation in group.annotations:
        heading = under[annotation.block] if annotation.block < len(under) else None
        if heading is not None and heading != current:
            out += [f"## {escape_markdown_line(document.blocks[heading].text)}", ""]
        current = heading
        out += _markdown_item(annotation, group)
    return "\n".join(out)


def _edits(group: NoteGroup, annotation: Annotation) -> list[Correction]:
    """The corrections with the reader's own text among the sentences the annotation covers."""
    return [c for _n, _state, c in group.sentence_states(annotation) if c is not None and c.edited is not None]


def _markdown_item(annotation: Annotation, group: NoteGroup) -> list[str]:
    lines = _indent(escape_markdown_inline(annotation.exact), _ITEM + "> ", _INSIDE + "> ") + [""]
    if annotation.counterpart:
        label = "Translation" if annotation.column == ORIGINAL else "Original"
        lines += _indent(escape_markdown_inline(annotation.counterpart), f"{_INSIDE}{label}: ", _INSIDE)
        lines.append("")
    facts = [f"¶ {location(annotation.block)}", f"Colour: {annotation.color}"]
    if annotation.tags:
        facts.append("Tags: " + " ".join("#" + escape_markup(tag) for tag in annotation.tags))
    states = group.sentence_states(annotation)
    if corrected(states):  # a sentence only the machine translated says nothing
        facts.append(f"Translation: {states_word(states)}")
    lines += [_INSIDE + " · ".join(facts), ""]
    for correction in _edits(group, annotation):
        by = model_name(correction.model, group.model_names) if correction.model else "the model"
        lines += _indent(escape_markdown_inline(correction.edited), f"{_INSIDE}Edited translation: ", _INSIDE)
        lines += _indent(escape_markdown_inline(correction.machine), f"{_INSIDE}Machine translation ({escape_markdown_line(by)}): ", _INSIDE)
        lines.append("")
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
            indonesian, english = (a.exact, a.counterpart) if a.column == ORIGINAL else (a.counterpart, a.exact)
            edits = _edits(group, a)
            cells = (
                a.exact, entry.title, entry.author or "", url, a.note, location(a.block), a.created,
                indonesian, english, " ".join(a.tags), a.color, COLUMN_NAMES[a.column], entry.id,
                states_word(group.sentence_states(a)), " ".join(c.edited for c in edits),
                " ".join(c.machine for c in edits), " ".join(dict.fromkeys(c.model or "" for c in edits)),
            )
            writer.writerow([neutralise_formula(c) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()


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