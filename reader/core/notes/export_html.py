"""Notes as one self-contained bilingual HTML page: highlights in colour, notes beside them."""

import collections
import html
from collections.abc import Mapping, Sequence

from reader import __version__
from reader.core.notes.annotations import Annotation
from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.core.notes.note_groups import NoteGroup, corrected, entry_date, location, states_word
from reader.core.notes.note_markdown import note_html

COLUMN_NAMES = {ORIGINAL: "Indonesian", TRANSLATION: "English"}

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
.note .text { margin: .2rem 0; overflow-wrap: anywhere; }
.note .text > :first-child { margin-top: 0; } .note .text > :last-child { margin-bottom: 0; }
.note .text p, .note .text ul, .note .text ol, .note .text pre { margin: .3rem 0; }
.note .text ul, .note .text ol { padding-left: 1.2rem; }
.note .text code { font-size: .85em; background: #f3f3f3; padding: 0 .2em; border-radius: 2px; }
.note .text pre { white-space: pre-wrap; background: #f3f3f3; padding: .3rem; }
.note .text blockquote { font-style: normal; border-left: 2px solid #ccc; padding-left: .5rem; }
.note .tags, .note .where { color: #555; font-size: .8rem; margin: .2rem 0; }
.empty { color: #666; font-style: italic; }
.row .corrections { font: .8rem/1.4 system-ui, sans-serif; color: #555; margin: .3rem 0 0; padding-left: .5rem;
                    border-left: 3px solid #3b82c4; white-space: normal; }
.row .corrections .state { font-weight: 600; }
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
    facts = [entry.url or entry.source, entry_date(entry), entry.author or ""]
    if group.model:
        facts.append(f"translated by {model_name(group.model, group.model_names)}")
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
                f'<div class="translation" lang="en"><p>{_marked(translated, on_translation, numbers)}</p>'
                f"{_corrections(group, index)}</div>"
            )
        out.append('<aside class="notes">')
        out += [_html_note(a, numbers[a.id], a.id in placed, group) for a in notes]
        out.append("</aside>")
        out.append("</section>")
    out.append("</article>")
    return out


def _corrections(group: NoteGroup, block: int) -> str:
    """Under a translation: each sentence the reader edited, checked or has to review, the machine's text beside an edit."""
    lines = []
    for (index, number), correction in sorted(group.corrections.items()):
        if index != block:
            continue
        line = f'<span class="state">Sentence {number + 1}: {_e(correction.state)}</span>'
        if correction.edited is not None:
            by = model_name(correction.model, group.model_names) if correction.model else "the model"
            line += f" · machine translation by {_e(by)}: “{_e(correction.machine)}”"
        lines.append(line)
    return f'<p class="corrections">{"<br>".join(lines)}</p>' if lines else ""


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


def model_name(identity: str, names: Mapping[str, str]) -> str:
    """`Indonesian → English 1.9 (model sha256:1a2b3c4d5e6f)`; the hash alone if not installed here."""
    short = identity[: len("sha256:") + 12] if identity.startswith("sha256:") else identity
    return f"{names[identity]} (model {short})" if identity in names else f"the model {short}"


def _html_note(a: Annotation, number: int, placed: bool, group: NoteGroup) -> str:
    shown_model = group.model
    parts = [f'<div class="note c-{a.color}"><span class="n">{number}</span>']
    parts.append(f'<blockquote lang="{a.language}">{_e(a.exact)}</blockquote>')
    if not placed:
        if a.column == TRANSLATION and a.model != shown_model:
            where = f"in the translation by {model_name(a.model, group.model_names)}, not shown here"
        else:
            where = "not found in the current text"
        parts.append(f'<p class="where">{_e(where)}</p>')
    if a.counterpart:
        parts.append(f'<p class="counterpart" lang="{a.counterpart_language}">{_e(a.counterpart)}</p>')
    if a.note.strip():
        # Markdown with raw HTML off: whatever markup a note holds shows as text.
        parts.append(f'<div class="text">{note_html(a.note)}</div>')
    facts = [f"¶ {location(a.block)}", a.color]
    if a.tags:
        facts.append(" ".join("#" + tag for tag in a.tags))
    states = group.sentence_states(a)
    if corrected(states):
        facts.append(f"translation: {states_word(states)}")
    parts.append(f'<p class="tags">{_e(" · ".join(facts))}</p>')
    parts.append("</div>")
    return "".join(parts)
