"""StarDict dictionaries: read one dictionary's .ifo, .idx (or .idx.gz), .syn and .dict (or .dict.dz)."""

# The format: https://github.com/huzheng001/stardict-3/blob/master/dict/doc/StarDictFileFormat
# Choices (case-insensitive keys, the checks made before installing) are in
# docs/decisions/0020-dictionaries.md.

from __future__ import annotations

import array
import html
import re
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.core.words.dictzip import DictZipFile, open_dict_file, read_maybe_gzipped
from reader.core.errors import BadDictionary

IFO_MAGIC = "StarDict's dict ifo file"
VERSIONS = ("2.4.2", "3.0.0")
MAX_WORD_BYTES = 256  # the format's limit on a headword
# Field types: lower case are text ending at a NUL, upper case are binary with a 4-byte size.
TEXT_TYPES = "mlgtxykwhnr"
MARKUP_TYPES = "ghx"  # Pango markup, HTML, XDXF: shown as HTML, stripped for plain text


@dataclass(frozen=True)
class DictionaryFiles:
    """The files of one dictionary, found beside its .ifo."""

    ifo: Path
    idx: Path | None
    dict: Path | None
    syn: Path | None

    @property
    def stem(self) -> str:
        return self.ifo.name[: -len(".ifo")]

    def paths(self) -> list[Path]:
        return [path for path in (self.ifo, self.idx, self.dict, self.syn) if path is not None]


def dictionary_files(ifo: Path) -> DictionaryFiles:
    """The .ifo's companions: STEM.idx or STEM.idx.gz, STEM.dict or STEM.dict.dz, STEM.syn."""
    ifo = Path(ifo)
    stem = ifo.name[: -len(".ifo")]

    def first(*suffixes: str) -> Path | None:
        return next((ifo.with_name(stem + s) for s in suffixes if ifo.with_name(stem + s).is_file()), None)

    return DictionaryFiles(ifo, first(".idx", ".idx.gz"), first(".dict.dz", ".dict"), first(".syn"))


@dataclass(frozen=True)
class Definition:
    """One field of an entry's data: its type letter and its text (markup for g, h and x)."""

    kind: str
    content: str

    @property
    def text(self) -> str:
        """The definition as plain text."""
        if self.kind in MARKUP_TYPES:
            return markup_to_text(self.content)
        if self.kind == "t":
            return f"/{self.content}/"
        return self.content

    @property
    def html(self) -> str:
        """The definition as HTML for a rich-text label."""
        if self.kind in MARKUP_TYPES:
            return _SCRIPT.sub("", self.content)
        return html.escape(self.text).replace("\n", "<br>")


@dataclass(frozen=True)
class Entry:
    """A headword found in a dictionary, with its definitions."""

    dictionary: str
    headword: str
    definitions: tuple[Definition, ...]

    @property
    def text(self) -> str:
        return "\n".join(definition.text for definition in self.definitions)


_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h\d|/k|/def)\b[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)


def markup_to_text(markup: str) -> str:
    """HTML, Pango markup or XDXF as plain text: line breaks kept, tags dropped, entities read."""
    text = _TAGS.sub("", _BREAKS.sub("\n", _SCRIPT.sub("", markup)))
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def read_ifo(path: Path) -> dict[str, str]:
    """The .ifo's settings, checked: a StarDict header, a known version, the required counts."""
    path = Path(path)

    def bad(reason: str) -> BadDictionary:
        return BadDictionary(f"{path.name} is not a usable StarDict dictionary: {reason}.")

    try:
        raw = path.read_bytes()[: 1024**2]
    except OSError as error:
        raise bad(f"it cannot be read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise bad("its .ifo file is not UTF-8 text") from None
    lines = text.splitlines()
    if not lines or lines[0].strip() != IFO_MAGIC:
        raise bad(f"its .ifo file does not start with {IFO_MAGIC!r}")
    settings = {}
    for line in lines[1:]:
        key, equals, value = line.partition("=")
        if equals:
            settings[key.strip()] = value.strip()
    if settings.get("version") not in VERSIONS:
        raise bad(f"its version is {settings.get('version')!r}, not one of {', '.join(VERSIONS)}")
    if not settings.get("bookname"):
        raise bad("its .ifo file gives no bookname")
    for key in ("wordcount", "idxfilesize"):
        if not settings.get(key, "").isdigit():
            raise bad(f"its .ifo file gives no {key}")
    if settings.get("idxoffsetbits", "32") not in ("32", "64"):
        raise bad(f"its idxoffsetbits is {settings['idxoffsetbits']!r}, not 32 or 64")
    return settings


class StarDict:
    """One dictionary, its index in memory, its definitions read from disk when asked for."""

    def __init__(self, ifo: Path):
        self.files = dictionary_files(ifo)
        self.settings = read_ifo(self.files.ifo)
        self.name = self.settings["bookname"]
        self.word_count = int(self.settings["wordcount"])
        self._types = self.settings.get("sametypesequence") or None
        self._bad = lambda reason: BadDictionary(
            f"{self.files.ifo.name} is not a usable StarDict dictionary: {reason}."
        )
        if self.files.idx is None:
            raise self._bad(f"{self.files.stem}.idx (or .idx.gz) is missing beside it")
        if self.files.dict is None:
            raise self._bad(f"{self.files.stem}.dict (or .dict.dz) is missing beside it")
        self._read_index()
        self._read_synonyms()
        self._data = open_dict_file(self.files.dict, self._bad)

    def _read_index(self) -> None:
        idx = self.files.idx
        data = read_maybe_gzipped(idx, self._bad)
        if len(data) != int(self.settings["idxfilesize"]):
            raise self._bad(
                f"{idx.name} holds {len(data)} bytes where the .ifo says {self.settings['idxfilesize']}"
            )
        # After each word: its data's offset (64 bits with idxoffsetbits=64) and size (32 bits).
        offset = "Q" if self.settings.get("idxoffsetbits") == "64" else "I"
        words, (self._offsets, self._sizes) = _split_entries(data, offset + "I", self._bad, idx.name)
        if len(words) != self.word_count:
            raise self._bad(f"{idx.name} holds {len(words)} words where the .ifo says {self.word_count}")
        self.headwords = words
        self._index = _key_index(words)

    def _read_synonyms(self) -> None:
        self._synonyms: dict[str, list[int]] = {}
        syn = self.files.syn
        if syn is None:
            return
        if not self.settings.get("synwordcount", "").isdigit():
            raise self._bad("it has a .syn file but its .ifo gives no synwordcount")
        words, (numbers,) = _split_entries(read_maybe_gzipped(syn, self._bad), "I", self._bad, syn.name)
        if len(words) != int(self.settings["synwordcount"]):
            raise self._bad(
                f"{syn.name} holds {len(words)} words where the .ifo says {self.settings['synwordcount']}"
            )
        if numbers and max(numbers) >= self.word_count:
            raise self._bad(f"{syn.name} points past the last of the {self.word_count} words")
        for word, target in zip(words, numbers):
            self._synonyms.setdefault(word.lower(), []).append(target)

    def check(self) -> None:
        """Every entry's data lies inside the .dict file and can be read (before installing)."""
        size = self._data.size
        for number, (offset, length) in enumerate(zip(self._offsets, self._sizes)):
            if offset + length > size:
                raise self._bad(
                    f"the entry {self.headwords[number]!r} points past the end of "
                    f"{self.files.dict.name} ({offset + length} > {size} bytes)"
                )
        if isinstance(self._data, DictZipFile):
            self._data.verify()
        if self.word_count:
            # The first and the last entry: a damaged compressed file fails here rather than later.
            for number in {0, self.word_count - 1}:
                self._definitions(number)

    def lookup(self, word: str) -> list[Entry]:
        """Entries whose headword (or synonym) is `word` ignoring case, those spelt exactly first."""
        key = word.lower()
        found = self._index.get(key, ())
        numbers = [found] if isinstance(found, int) else list(found)
        numbers += [n for n in self._synonyms.get(key, ()) if n not in numbers]
        numbers.sort(key=lambda n: (self.headwords[n] != word, n))
        return [Entry(self.name, self.headwords[n], self._definitions(n)) for n in numbers]

    def _definitions(self, number: int) -> tuple[Definition, ...]:
        data = self._data.read(self._offsets[number], self._sizes[number])
        if len(data) < self._sizes[number]:  # the data file shrank after the index was read
            raise self._bad(f"the entry {self.headwords[number]!r} points past the end of {self.files.dict.name}")
        try:
            return tuple(parse_fields(data, self._types))
        except ValueError as error:
            raise self._bad(f"the entry {self.headwords[number]!r} is damaged ({error})") from None

    def close(self) -> None:
        self._data.close()


def _split_entries(data: bytes, fields: str, bad, name: str) -> tuple[list[str], list[array.array]]:
    """An .idx or .syn file's words (UTF-8, NUL-ended) and the big-endian numbers after each.

    `fields` gives the numbers' array types: "I" for 32 bits, "Q" for 64.
    """
    widths = [array.array(kind).itemsize for kind in fields]
    tail = sum(widths)
    # One C-speed pass; a file that is not a whole number of well-formed entries fails the length check.
    found = re.findall(rb"([^\x00]{1,%d})\x00(.{%d})" % (MAX_WORD_BYTES, tail), data, re.DOTALL)
    words = b"\x00".join([word for word, _ in found])
    if len(words) + (1 + tail) * len(found) - max(len(found) - 1, 0) != len(data):
        raise bad(f"{name} is damaged: it is not a list of words each followed by {tail} bytes")
    try:
        text = words.decode("utf-8")
    except UnicodeDecodeError as error:
        raise bad(f"{name} has a word that is not UTF-8 (at byte {error.start})") from None
    tails = b"".join([rest for _, rest in found])
    if len(set(fields)) == 1:
        # Numbers of one width: one array, every n-th of it a field.
        numbers = array.array(fields[0])
        numbers.frombytes(tails)
        if sys.byteorder == "little":
            numbers.byteswap()  # stored big-endian
        columns = [numbers[n :: len(fields)] for n in range(len(fields))]
    else:
        rows = struct.iter_unpack(">" + fields, tails)
        columns = [array.array(kind, values) for kind, values in zip(fields, zip(*rows))] if found else [
            array.array(kind) for kind in fields
        ]
    return (text.split("\x00") if found else []), columns


def _key_index(words: list[str]) -> dict[str, int | list[int]]:
    """Each lower-cased headword to its entry number, or to its numbers when several share it."""
    keys = "\x00".join(words).lower().split("\x00") if words else []
    # A dict built backwards keeps each key's first number. Keys shared by several entries are few
    # (a sorted .idx keeps them side by side, but an unsorted one is read as well).
    index: dict[str, int | list[int]] = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1)))
    if len(index) != len(keys):
        seen: dict[str, list[int]] = {}
        for number, key in enumerate(keys):
            seen.setdefault(key, []).append(number)
        index.update((key, numbers) for key, numbers in seen.items() if len(numbers) > 1)
    return index


def parse_fields(data: bytes, types: str | None) -> list[Definition]:
    """An entry's data as definitions: by its sametypesequence, or each field led by its type."""
    fields = []
    position = 0
    if types:
        for number, kind in enumerate(types):
            last = number == len(types) - 1
            content, position = _field(data, position, kind, last)
            fields.append((kind, content))
    else:
        while position < len(data):
            kind = chr(data[position])
            content, position = _field(data, position + 1, kind, False)
            fields.append((kind, content))
    return [
        Definition(kind, content.decode("utf-8", "replace"))
        for kind, content in fields
        if kind in TEXT_TYPES and kind not in "nr"
    ]


def _field(data: bytes, position: int, kind: str, last: bool) -> tuple[bytes, int]:
    if last:
        return data[position:], len(data)
    if kind.islower():
        end = data.find(b"\x00", position)
        if end < 0:
            raise ValueError(f"a field of type {kind!r} has no end")
        return data[position:end], end + 1
    if kind.isupper():
        if position + 4 > len(data):
            raise ValueError(f"a field of type {kind!r} has no size")
        (size,) = struct.unpack_from(">I", data, position)
        if position + 4 + size > len(data):
            raise ValueError(f"a field of type {kind!r} is longer than the entry")
        return data[position + 4 : position + 4 + size], position + 4 + size
    raise ValueError(f"unknown field type {kind!r}")
