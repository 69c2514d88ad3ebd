"""Documents: a post loaded from a file, cleaned and split into blocks and sentences."""

import codecs
import datetime
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.text.blogger import parse_blogger
from reader.core.errors import NotAFile, PackageFileOpened, UnreadableDocument
from reader.core.platform.files import PACKAGE_SUFFIX, ZIP_MAGIC, looks_like_package_file, open_regular
from reader.core.text.layout import Draft
from reader.core.text.limits import (
    MAX_BLOCK_CHARS,
    MAX_BLOCKS,
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENT_MB,
    MAX_PAGE_TEXT_CHARS,
    MAX_TEXT_CHARS,
    split_long,
    visible_chars,
)
from reader.core.text.plaintext import parse_plain_text
from reader.core.text.sentences import Sentence, split_sentences

BLOCK_KINDS = ("heading", "paragraph", "caption")

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Binary files show NUL bytes early; text in UTF-8 never holds one.
_SNIFF_BYTES = 1024


@dataclass(frozen=True)
class Block:
    kind: str
    text: str
    sentences: list[Sentence] = field(default_factory=list)

    @classmethod
    def of(cls, kind: str, text: str) -> "Block":
        """A block with its sentences split."""
        return cls(kind, text, split_sentences(text))


@dataclass(frozen=True)
class Document:
    id: str
    content_id: str
    source: str
    title: str
    date: datetime.date | None
    author: str | None
    blocks: list[Block]
    url: str | None = None


def document_fields(document: Document) -> dict:
    """A post's title, date, author and blocks as plain data: the store's snapshot, a backup's post."""
    return {
        "title": document.title,
        "date": document.date.isoformat() if document.date else None,
        "author": document.author,
        "blocks": [
            {"kind": b.kind, "text": b.text, "sentences": [[s.start, s.end] for s in b.sentences]}
            for b in document.blocks
        ],
    }


def _digest(text: str) -> str:
    """The first 16 bytes of the text's SHA-256, as hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def document_id(source: str, url: str | None = None) -> str:
    """The id annotations hang on: from the page's own URL when it has one, else the source."""
    return _digest(f"url:{url}" if url else f"source:{source}")


def content_id(title: str, blocks: Sequence[Block]) -> str:
    """A hash of the text the reader sees: the title and each block's kind and text."""
    return _digest(json.dumps([title, [[block.kind, block.text] for block in blocks]], ensure_ascii=False))


def _refuse(path: Path | str, problem: str) -> UnreadableDocument:
    return UnreadableDocument(f"Cannot open {str(path)!r}: {problem}")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refused when missing, not a regular file, empty or too large."""
    try:
        file = open_regular(path)
    except FileNotFoundError:
        raise _refuse(path, "the file does not exist.") from None
    except NotAFile as error:
        if error.kind == "a folder":
            raise _refuse(path, "it is a folder, not a file.") from None
        raise _refuse(path, f"it is {error.kind}, not a regular file.") from None
    except OSError as error:
        raise _refuse(path, f"{error.strerror or error}.") from None
    with file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_DOCUMENT_BYTES:
            raise _refuse(
                path, f"the file is {size / (1024 * 1024):.1f} MB; Baca opens files of up to {MAX_DOCUMENT_MB} MB."
            )
        try:
            data = file.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as error:
            raise _refuse(path, f"{error.strerror or error}.") from None
    if len(data) > MAX_DOCUMENT_BYTES:  # grew since it was opened
        raise _refuse(path, f"the file is larger than {MAX_DOCUMENT_MB} MB, the most Baca opens.")
    if not data:
        raise _refuse(path, "the file is empty.")
    return data


def _refuse_archives(path: Path) -> None:
    """A translation model package (or any zip) is not a post: said before anything is decoded."""
    try:
        with open_regular(path) as file:
            head = file.read(len(ZIP_MAGIC))
    except (OSError, NotAFile):
        return  # _read_bytes says what is wrong instead
    if path.suffix.lower() == PACKAGE_SUFFIX or (head == ZIP_MAGIC and looks_like_package_file(path)):
        raise PackageFileOpened(
            f"{path.name} is a translation model package, not a post. Install it with Install from "
            f"File… in the Translation Models window, or with `reader-cli models install {path}`.",
            path,
        )
    if head == ZIP_MAGIC:
        raise _refuse(path, "it is a zip archive (a packed folder, a Word document or an e-book), not a post.")


def _decode(path: Path, data: bytes) -> str:
    """Text from UTF-8 (a BOM is dropped) or UTF-16 with a BOM; nothing is guessed."""
    # The UTF-32 little-endian BOM starts with the UTF-16 one, so it is checked first.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _refuse(path, "it is UTF-32 text; Baca reads UTF-8, or UTF-16 with a byte-order mark.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # the codec reads the BOM for the byte order and drops it
    else:
        encoding = "utf-8-sig"  # UTF-8, with a leading BOM dropped
        if b"\0" in data[:_SNIFF_BYTES]:
            raise _refuse(
                path,
                "it contains NUL bytes: it is a binary file, or UTF-16 text without a byte-order mark. "
                "Baca reads UTF-8, and UTF-16 with a byte-order mark.",
            )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-16":
            raise _refuse(path, "it starts with a UTF-16 byte-order mark but is not valid UTF-16.") from None
        raise _refuse(
            path,
            f"it is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start} is not valid "
            "UTF-8). Baca reads UTF-8, and UTF-16 with a byte-order mark; save the file as UTF-8.",
        ) from None
    if "\0" in text:
        raise _refuse(path, "it contains NUL characters, so it is a binary file, not text.")
    return text


def _is_webpage(path: Path, text: str) -> bool:
    """An HTML file by its name, or by its first tag (a page saved as .txt)."""
    start = text.lstrip()[:256].lower()
    return (
        path.suffix.lower() in HTML_SUFFIXES
        or start.startswith(("<!doctype html", "<html"))
        or (start.startswith("<?xml") and "<html" in start)
    )


# The HTML and Markdown readers are imported when a post in their format is opened: the sample and
# most posts re-read at start-up are plain text.
def parse_webpage(text: str, fallback_title: str) -> Draft:
    from reader.core.text.webpage import parse_webpage

    return parse_webpage(text, fallback_title=fallback_title)


def parse_markdown(text: str, fallback_title: str) -> Draft:
    from reader.core.text.markdown_text import parse_markdown

    return parse_markdown(text, fallback_title=fallback_title)


def _parse(path: Path, text: str, webpage: bool) -> Draft:
    """What the file's format reader finds in the text."""
    if webpage:
        return parse_webpage(text, fallback_title=path.stem)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return parse_markdown(text, fallback_title=path.stem)
    return parse_blogger(text) or parse_plain_text(text, fallback_title=path.stem)


def _too_long(chars: int) -> str:
    return (
        f"its text is {chars:,} characters long; Baca opens posts of up to {MAX_TEXT_CHARS:,} "
        "characters (about 150,000 words)."
    )


def check_page_size(where: Path | str, html: str) -> None:
    """Refuse a page showing far more text than a post holds, before extraction (decision 0018)."""
    if (shown := visible_chars(html)) > MAX_PAGE_TEXT_CHARS:
        raise _refuse(
            where,
            f"the page shows about {shown:,} characters of text; Baca opens posts of up to "
            f"{MAX_TEXT_CHARS:,} characters (about 150,000 words).",
        )


def bounded_blocks(where: Path | str, draft: Draft) -> list[Block]:
    """The draft's blocks with long paragraphs cut in pieces and sentences split; refused when too much."""
    chars = sum(len(block_text) for _kind, block_text in draft.blocks)
    if chars > MAX_TEXT_CHARS:
        raise _refuse(where, _too_long(chars))
    pieces = [
        (kind, block_text[start:end])
        for kind, block_text in draft.blocks
        for start, end in split_long(block_text, MAX_BLOCK_CHARS)
    ]
    if len(pieces) > MAX_BLOCKS:
        raise _refuse(
            where,
            f"it holds {len(pieces):,} paragraphs; Baca opens posts of up to {MAX_BLOCKS:,} paragraphs "
            f"(a paragraph longer than {MAX_BLOCK_CHARS:,} characters counts as several).",
        )
    return [Block.of(kind, text) for kind, text in pieces]


def load_document(path: Path | str, source: str | None = None) -> Document:
    """Load a post from a text, Markdown or saved HTML file."""
    try:
        path = Path(path).expanduser().resolve()
    except RuntimeError:  # Python 3.11-3.12; 3.13 raises OSError(ELOOP) only when reading
        raise _refuse(Path(path), "it is a symbolic link in a loop (it leads back to itself).") from None
    _refuse_archives(path)
    text = _decode(path, _read_bytes(path))
    webpage = _is_webpage(path, text)
    # Refused before any parsing, which would take minutes.
    if not webpage and len(text) > MAX_TEXT_CHARS:
        raise _refuse(path, _too_long(len(text)))
    if webpage:
        check_page_size(path, text)
    draft = _parse(path, text, webpage)
    if not draft.blocks:
        problem = "no article text found in this web page." if webpage else "it holds no paragraphs of text."
        raise _refuse(path, problem)
    blocks = bounded_blocks(path, draft)
    source = source or str(path)
    return Document(
        id=document_id(source, draft.url),
        content_id=content_id(draft.title, blocks),
        source=source,
        title=draft.title,
        date=draft.date,
        author=draft.author,
        blocks=blocks,
        url=draft.url,
    )
