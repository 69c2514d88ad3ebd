"""Reading a notes file as a stream: JSON of any size, one annotation (or backed-up post) at a time."""

# A notes file has no size limit: it is parsed incrementally (ijson's C parser), and only the
# annotation or post being read is ever held as JSON. What the file may hold, and what is
# refused, is in docs/decisions/0007-notes-export.md ("Import") and 0015.

import codecs
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import ijson

try:  # named, not left to ijson's choice at run time, so the bundle (PyInstaller) sees it
    from ijson.backends import yajl2_c as _parser
except ImportError:  # no C extension for this platform: ijson's pure-Python parser, about 15x slower
    from ijson.backends import python as _parser

from reader.core.errors import NotAFile, NotesFileError
from reader.core.platform.files import open_regular

# An annotation inside a collection is nested about 8 levels deep; 100 leaves room for other
# tools' shapes, and stops hostile files long before anything could recurse too deeply.
MAX_DEPTH = 100
# A broken file up to this size is read again by Python's json module, for its line and column.
_EXPLAIN_LIMIT = 16 * 1024 * 1024
_CHUNK = 64 * 1024
# Where the annotations and backed-up posts of the three shapes Baca reads are: a list's items, a
# page's items (and those of the pages embedded after it), a collection's first page's items.
_ANNOTATION_LISTS = re.compile(r"(first\.)?(next\.)*items")
DOCUMENTS_KEY = "baca:documents"


class StreamedList(list):
    """Stands in the file's outline for a list whose items were handed out one by one."""


@dataclass
class Outline:
    """The file's JSON with its long lists left out: what says which shape the file is."""

    value: object = None
    # The paths (ijson prefixes) of the lists of annotations, in the order met, and how many
    # items each list and the list of posts hold.
    annotation_lists: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def read_stream(
    path_or_bytes: Path | bytes,
    name: str,
    on_annotation: Callable[[object], None],
    on_document: Callable[[object], None],
) -> Outline:
    """Parse the file, handing each backed-up post, then each annotation, to its callback."""
    # Two passes over the file. The first reads its outline, checks how deep it nests and that it
    # holds no lone surrogate, and counts the items of its long lists, building none of them. The
    # second hands out the items of each list, built by ijson's C code: three times faster than
    # building them in Python as the first pass goes, and safe, since the first pass refused what
    # nests too deeply. A file that changed between the passes is refused.
    if isinstance(path_or_bytes, bytes):
        file: BinaryIO = io.BytesIO(path_or_bytes)
    else:
        try:
            file = open_regular(path_or_bytes)
        except NotAFile as error:
            raise NotesFileError(f"Cannot import {str(path_or_bytes)!r}: it is {error.kind}, not a regular file.") from None
        except OSError as error:
            raise NotesFileError(f"Cannot import {str(path_or_bytes)!r}: {error.strerror or error}.") from None
    with file:
        try:
            outline = _outline(_parser.basic_parse(_SurrogateGuard(file, name)), name)
            lists = ([DOCUMENTS_KEY] if DOCUMENTS_KEY in outline.counts else []) + list(
                dict.fromkeys(outline.annotation_lists)
            )
            for prefix in lists:
                handler = on_document if prefix == DOCUMENTS_KEY else on_annotation
                file.seek(0)
                count = 0
                for item in _parser.items(_SkipBom(file), f"{prefix}.item" if prefix else "item"):
                    count += 1
                    handler(item)
                if count != outline.counts[prefix]:
                    raise NotesFileError(f"Cannot import {name}: the file changed while it was read; nothing was imported.")
            return outline
        except ijson.JSONError as error:
            file.seek(0)
            raise NotesFileError(f"Cannot import {name}: {_explain(file, error)}.") from None
        except OSError as error:
            raise NotesFileError(f"Cannot import {name}: {error.strerror or error}.") from None


_DEPTH = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}


def _outline(events, name: str) -> Outline:
    """The outline, with the long lists counted, not built; refused if it nests too deeply."""
    # basic_parse, not parse: parse's prefixes grow with the depth, which makes a deeply nested
    # file quadratic before the depth check can refuse it. The path is tracked here instead, and
    # only outside the long lists.
    outline = Outline()
    shell = ijson.ObjectBuilder()
    path: list[str | None] = []  # ijson's prefix, one part per level: a map's key, or "item"
    depth = 0
    streaming: str | None = None  # the prefix of the long list the events are in
    inside = 0  # how deep into one of its items
    for event, value in events:
        change = _DEPTH.get(event, 0)
        depth += change
        if depth > MAX_DEPTH:
            raise NotesFileError(
                f"Cannot import {name}: its JSON is nested too deeply (more than {MAX_DEPTH} levels; "
                "annotations need fewer than 10); nothing was imported."
            )
        if streaming is not None:
            if inside:
                inside += change
            elif event == "end_array":
                streaming = None
                path.pop()
            else:
                outline.counts[streaming] += 1
                inside = max(change, 0)
            continue
        if event == "map_key":
            path[-1] = value
        elif event == "start_array":
            prefix = ".".join(str(part) for part in path)
            if prefix == "" or prefix == DOCUMENTS_KEY or _ANNOTATION_LISTS.fullmatch(prefix):
                streaming = prefix
                if prefix != DOCUMENTS_KEY:
                    outline.annotation_lists.append(prefix)
                outline.counts.setdefault(prefix, 0)
                path.append("item")
                shell.event("number", StreamedList())  # the list's place in the outline
                continue
            path.append("item")
        elif event == "start_map":
            path.append(None)
        elif change < 0:
            path.pop()
        shell.event(event, value)
    outline.value = getattr(shell, "value", None)
    return outline


class _SkipBom:
    """The file as the parser reads it: a UTF-8 byte-order mark at its start left out."""

    def __init__(self, file: BinaryIO):
        self._file = file
        self._first = True

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(_CHUNK if size is None or size < 0 else size)
        if self._first:
            self._first = False
            if chunk.startswith(codecs.BOM_UTF8):
                chunk = chunk[len(codecs.BOM_UTF8) :]
        return chunk


class _SurrogateGuard:
    """The file as ijson reads it, refused at the first lone UTF-16 surrogate escape (\\ud800)."""

    # The C parser turns a lone surrogate into "?", which would change a note silently; such a
    # string is not text (it cannot be stored as UTF-8), so the file is refused instead. Escaped
    # backslashes are matched first, so "\\\\ud800" (a backslash, then the letters) is no escape.
    _ESCAPES = re.compile(
        rb"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|(\\u[dD][89a-fA-F][0-9a-fA-F]{2})"
    )
    _SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
    _LONGEST = 12  # a surrogate pair's two escapes

    def __init__(self, file: BinaryIO, name: str):
        self._file = file
        self._name = name
        self._pending = b""  # read but not yet scanned: an escape may go on in the next chunk
        self._scanned = 0  # bytes of the file before `_pending`
        self._first = True

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(_CHUNK if size is None or size < 0 else size)
        if self._first:
            self._first = False
            if chunk.startswith(codecs.BOM_UTF8):  # a BOM, which the parser does not take
                chunk = chunk[len(codecs.BOM_UTF8) :]
                self._scanned = len(codecs.BOM_UTF8)
        data = self._pending + chunk
        # At the end, scan everything; otherwise leave the last bytes, which may start an escape.
        limit = len(data) if not chunk else max(0, len(data) - self._LONGEST)
        resume = limit
        if not self._SURROGATE.search(data):  # the usual case: no surrogate escape at all
            self._scanned += resume
            self._pending = data[resume:]
            return chunk
        for match in self._ESCAPES.finditer(data):
            if match.start() >= limit:
                break
            if match.group(1):
                offset = self._scanned + match.start()
                raise NotesFileError(
                    f"Cannot import {self._name}: it holds a lone UTF-16 surrogate "
                    f"({match.group(1).decode('ascii')}, at byte {offset}), which is not text; nothing was imported."
                )
            resume = max(resume, match.end())
        self._scanned += resume
        self._pending = data[resume:]
        return chunk


def _explain(file: BinaryIO, error: Exception) -> str:
    """Why the file is not JSON: with line and column (or the byte), as Python's json module says it."""
    data = b""
    if file.seekable():
        data = file.read(_EXPLAIN_LIMIT + 1)
    if data and len(data) <= _EXPLAIN_LIMIT:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as decoding:
            return (
                f"it is not UTF-8 text (byte 0x{data[decoding.start]:02x} at offset {decoding.start}); "
                "JSON files are UTF-8"
            )
        try:
            json.loads(text)
        except json.JSONDecodeError as parsing:
            return f"it is not JSON ({parsing.msg} at line {parsing.lineno}, column {parsing.colno})"
        except RecursionError:
            pass
    # The C parser's message: its first line names the problem ("premature EOF", ...).
    first = str(error.args[0] if error.args else error)
    if isinstance(error.args[0] if error.args else None, bytes):
        first = error.args[0].decode("utf-8", "replace")
    return f"it is not JSON ({first.strip().splitlines()[0] if first.strip() else 'a syntax error'})"
