"""The vocabulary list: words kept from lookups with their meaning, sentence and post; exports for Anki and others."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError, UnknownVocabularyFormat, UnknownVocabularyItem
from reader.core.text.markdown_escape import escape_markdown_line

if TYPE_CHECKING:
    from reader.core.store import Store

FORMATS = ("anki-tsv", "anki-csv", "md", "csv")
ANKI_TAG = "baca"
# A word or a short phrase ("Duta Besar"): the longest Indonesian words are about 30 characters.
WORD_LIMIT = 100
CSV_COLUMNS = (
    "word", "root", "meaning", "dictionary", "note", "sentence", "translation",
    "post", "source", "document_id", "tags", "added",
)  # fmt: skip


@dataclass(frozen=True)
class VocabularyItem:
    id: int
    word: str
    root: str
    meaning: str
    dictionary: str
    note: str
    sentence: str
    translation: str
    document_id: str | None
    tags: tuple[str, ...]
    created: str
    modified: str
    post_title: str = ""
    post_source: str = ""


def _tags(tags: Sequence[str] | str) -> str:
    """Tags as Anki keeps them: separated by spaces (given one by one, a tag of several words is
    joined by hyphens, as a highlight's tags are), without '#', no duplicates in any case."""
    given = tags.split() if isinstance(tags, str) else tags
    kept: dict[str, str] = {}
    for tag in given:
        cleaned = "-".join(tag.strip().lstrip("#").split())
        if cleaned:
            kept.setdefault(cleaned.casefold(), cleaned)
    return " ".join(kept.values())


def add_word(
    store: Store,
    word: str,
    *,
    root: str = "",
    meaning: str = "",
    dictionary: str = "",
    note: str = "",
    sentence: str = "",
    translation: str = "",
    document_id: str | None = None,
    tags: Sequence[str] | str = (),
) -> VocabularyItem:
    """Keep `word` (committed before returning); the same word from the same sentence and post is updated."""
    word = " ".join(word.split())
    if not word:
        raise ReaderError("A word to keep in the vocabulary cannot be empty.")
    if not any(char.isalnum() for char in word):
        raise ReaderError(f"{word!r} holds no letter or digit: it is not a word to keep in the vocabulary.")
    if len(word) > WORD_LIMIT:
        raise ReaderError(
            f"A word to keep in the vocabulary is at most {WORD_LIMIT} characters (this one has {len(word):,}): "
            "keep the word or a short phrase, and the rest as its note."
        )
    values = {
        "root": root.strip(),
        "meaning": meaning.strip(),
        "dictionary": dictionary.strip(),
        "note": note.strip(),
        "translation": translation.strip(),
        "tags": _tags(tags),
    }
    return store.save_word(word, sentence.strip(), document_id, values)


def vocabulary_item(store: Store, number: int) -> VocabularyItem:
    item = store.vocabulary_item(number)
    if item is None:
        raise UnknownVocabularyItem(f"The vocabulary list has no word number {number}.")
    return item


def update_word(store: Store, number: int, *, meaning: str | None = None, note: str | None = None) -> VocabularyItem:
    """Change a kept word's meaning or note."""
    changes = {name: value.strip() for name, value in (("meaning", meaning), ("note", note)) if value is not None}
    vocabulary_item(store, number)
    if changes:
        store.update_word(number, changes)
    return vocabulary_item(store, number)


def remove_word(store: Store, number: int) -> None:
    vocabulary_item(store, number)
    store.delete_word(number)


# Exports: pure functions of the items.


def export_vocabulary(items: Sequence[VocabularyItem], format: str) -> str:
    """The items as Anki-importable TSV or CSV (front, back, context, tags), Markdown, or a full CSV."""
    writers = {
        "anki-tsv": lambda: export_anki(items, "\t"),
        "anki-csv": lambda: export_anki(items, ","),
        "md": lambda: export_markdown(items),
        "csv": lambda: export_csv(items),
    }
    if format not in writers:
        raise UnknownVocabularyFormat(f"Unknown vocabulary format {format!r}: use one of {', '.join(FORMATS)}.")
    return writers[format]()


def _html_lines(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.splitlines())


def marked_sentence(sentence: str, word: str) -> str:
    """The sentence as HTML with the word in bold where it occurs as a whole word."""
    escaped = html.escape(sentence)
    pattern = re.compile(rf"(?<!\w){re.escape(html.escape(word))}(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda match: f"<b>{match.group(0)}</b>", escaped)


def anki_fields(item: VocabularyItem) -> list[str]:
    """Front, back, context and tags of a card (HTML fields, as Anki stores them)."""
    back = [_html_lines(item.meaning)] if item.meaning else []
    if item.root and item.root != item.word.lower():
        back.append(f"<i>root:</i> {html.escape(item.root)}")
    if item.note:
        back.append(_html_lines(item.note))
    context = []
    if item.sentence:
        context.append(marked_sentence(item.sentence, item.word))
    if item.translation:
        context.append(f"<i>{html.escape(item.translation)}</i>")
    if item.post_title:
        context.append(f"<small>{html.escape(item.post_title)}</small>")
    tags = _tags([ANKI_TAG, *item.tags])
    return [html.escape(item.word), "<br>".join(back), "<br>".join(context), tags]


def export_anki(items: Sequence[VocabularyItem], separator: str) -> str:
    """Anki's text import with its file headers: separator, HTML fields, the tags column."""
    name = "tab" if separator == "\t" else "comma"
    out = io.StringIO()
    out.write(f"#separator:{name}\n#html:true\n#columns:Front{separator}Back{separator}Context{separator}Tags\n")
    out.write("#tags column:4\n")
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    for item in items:
        # Fields are HTML: their own line breaks are <br>, so a record is one line.
        writer.writerow([" ".join(field.split("\n")).replace("\t", " ") for field in anki_fields(item)])
    return out.getvalue()


def export_csv(items: Sequence[VocabularyItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # CRLF line ends, as the notes export and spreadsheets expect
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow(
            [
                item.word, item.root, item.meaning, item.dictionary, item.note, item.sentence,
                item.translation, item.post_title, item.post_source, item.document_id or "",
                " ".join(item.tags), item.created,
            ]
        )  # fmt: skip
    return out.getvalue()


def export_markdown(items: Sequence[VocabularyItem]) -> str:
    lines = ["# Vocabulary", ""]
    for item in items:
        head = f"- **{escape_markdown_line(item.word)}**"
        if item.root and item.root != item.word.lower():
            head += f" (root: *{escape_markdown_line(item.root)}*)"
        if item.meaning:
            meaning = item.meaning.splitlines()
            head += f": {escape_markdown_line(meaning[0])}"
            lines.append(head)
            lines += [f"  {escape_markdown_line(line)}" for line in meaning[1:]]
        else:
            lines.append(head)
        if item.note:
            lines += ["", *(f"  {escape_markdown_line(line)}" for line in item.note.splitlines())]
        if item.sentence:
            lines += ["", f"  > {escape_markdown_line(item.sentence)}"]
            if item.translation:
                lines += ["  >", f"  > *{escape_markdown_line(item.translation)}*"]
        if item.post_title:
            lines += ["", f"  From: {escape_markdown_line(item.post_title)}"]
        if item.tags:
            lines += ["", "  Tags: " + " ".join(f"#{tag}" for tag in item.tags)]
        lines.append("")
    return "\n".join(lines)
