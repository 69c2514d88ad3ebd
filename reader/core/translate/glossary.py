"""The glossary: the user's terms (`KTT -> summit`) and names kept as written, applied around the model.

A term is found as whole words, the longest first. A term with a capital letter matches only as
written (`KTT` finds "KTT", never "ktt" or "KTTX"); one written all in lower case matches in any case
(`rapat` finds "Rapat" at a sentence start). Letters, digits, `_` and a hyphen joining two words
continue a word, so `KTT` is not found in "KTT-nya" nor `AS` in "Rusia-AS". The translator puts each
term found out of the model's sight (as it does URLs) and writes the user's translation in its place.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import BadGlossaryEntry, BadGlossaryFile, ExportFailed, NotAFile
from reader.core.platform.files import open_regular, write_atomically

MAX_TERM = 100  # characters; a glossary term is a word or a name, not a sentence
CSV_HEADER = ("source", "target")
_MAX_FILE_ROWS = 100_000
_MAX_FILE_BYTES = 10 * 1024 * 1024
_BEFORE = r"(?<!\w)(?<!\w-)"
_AFTER = r"(?!\w)(?!-\w)"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class GlossaryEntry:
    source: str  # the Indonesian term as the user wrote it
    target: str  # what the English says instead; the same as source for a name kept as written

    @property
    def keeps(self) -> bool:
        """A name kept as written: the model never sees it and the English has it unchanged."""
        return self.target == self.source

    @property
    def any_case(self) -> bool:
        """An entry written in lower case matches in any case; one with a capital only as written."""
        return self.source == self.source.lower()


def glossary_entry(source: str, target: str = "") -> GlossaryEntry:
    """A checked entry; spaces are tidied, and an empty target keeps the term as written."""
    source, target = _tidy(source), _tidy(target)
    if not source:
        raise BadGlossaryEntry("A glossary entry needs its Indonesian term.")
    for what, text in (("term", source), ("translation", target)):
        if len(text) > MAX_TERM:
            raise BadGlossaryEntry(
                f"The {what} {text[:40]!r}… is {len(text)} characters long; a glossary {what} has at most {MAX_TERM}."
            )
        if any(unicodedata.category(char).startswith("C") for char in text):
            raise BadGlossaryEntry(f"The {what} {text!r} holds a control character.")
    if not re.search(r"\w", source[0]) or not re.search(r"\w", source[-1]):
        raise BadGlossaryEntry(
            f"The term {source!r} must begin and end with a letter or a digit, as the words it stands for do."
        )
    return GlossaryEntry(source, target or source)


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


class Glossary:
    """A set of entries, indexed by their first word; immutable, so threads can share it.

    Finding terms walks the text's words once with a dictionary lookup at each, whatever the
    glossary's size; one pattern alternating every term grew with it (BENCHMARKS.md, Glossary).
    """

    def __init__(self, entries: Iterable[GlossaryEntry] = ()):
        self.entries: tuple[GlossaryEntry, ...] = tuple(sorted(entries, key=lambda e: (e.source.casefold(), e.source)))
        # First word -> the terms that start with it, longest first, and at one length a term
        # with capitals before a lower-case one.
        self._exact: dict[str, list[_Term]] = {}
        self._folded: dict[str, list[_Term]] = {}
        for entry in sorted(self.entries, key=lambda e: (-len(e.source), e.any_case, e.source)):
            term = _Term.of(entry)
            index = self._folded if entry.any_case else self._exact
            index.setdefault(term.words[0], []).append(term)

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glossary) and other.entries == self.entries

    def __hash__(self) -> int:
        return hash(self.entries)

    def find(self, text: str) -> list[tuple[int, int, GlossaryEntry]]:
        """Each term in `text`: (start, end, entry), left to right, the longest at a word, never overlapping."""
        if not self.entries:
            return []
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        found = []
        i = 0
        while i < len(words):
            word = words[i][2]
            best = None
            for term in (*self._exact.get(word, ()), *self._folded.get(word.casefold(), ())):
                end = term.match(text, words, i)
                if end is not None and (best is None or end > best[0]):
                    best = (end, term)
            if best is None:
                i += 1
                continue
            end, term = best
            found.append((words[i][0], end, term.entry))
            while i < len(words) and words[i][0] < end:
                i += 1
        return found

    def key(self, sentence: str) -> str:
        """What the cache keys a sentence's translation by besides the model: the entries found in it.

        '' when none is found, so translations made before the glossary (or without it) stay valid.
        """
        found = sorted({(entry.source, entry.target) for _start, _end, entry in self.find(sentence)})
        if not found:
            return ""
        digest = hashlib.sha256("\x1f".join(f"{s}\x1e{t}" for s, t in found).encode("utf-8"))
        return "glossary:" + digest.hexdigest()[:24]

    def marks(self, sources: list[str], translations: list[str]) -> list[tuple[int, int]]:
        """Where the entries found in each source sentence stand in its translation, as offsets into
        the translations joined by single spaces (the English column's text)."""
        marks: list[tuple[int, int]] = []
        offset = 0
        for source, translation in zip(sources, translations):
            targets = {entry.target for _start, _end, entry in self.find(source)}
            if targets:
                # Longest first: of "Duta Besar" and "Besar" only the longer is marked.
                ordered = sorted(targets, key=lambda t: -len(t))
                pattern = re.compile(f"{_BEFORE}(?:{'|'.join(re.escape(t) for t in ordered)}){_AFTER}", re.I)
                marks += [(offset + m.start(), offset + m.end()) for m in pattern.finditer(translation)]
            offset += len(translation) + 1
        return marks


def glossary_keys(glossary: Glossary | None, sources: Iterable[str]) -> dict[str, str]:
    """The glossary key of each source in which an entry is found; the others' key is ''."""
    if not glossary:
        return {}
    keys = {source: glossary.key(source.strip()) for source in sources}
    return {source: key for source, key in keys.items() if key}


_OPENING = re.compile(r"[\s\"'“‘«(\[]*")


def capitalise_term(translation: str, glossary: Glossary | None, source: str) -> str:
    """A glossary translation written in lower case that opens the English sentence gets a capital."""
    if not glossary:
        return translation
    start = _OPENING.match(translation).end()
    for _start, _end, entry in glossary.find(source):
        target = entry.target
        if not entry.keeps and target[:1].islower() and translation.startswith(target, start):
            return translation[:start] + target[0].upper() + translation[start + 1 :]
    return translation


# A word: letters, digits and `_`, with a hyphen joining two of them (anak-anak, Rusia-AS).
_WORD = re.compile(r"\w+(?:-\w+)*")


@dataclass(frozen=True)
class _Term:
    """An entry as its words and what stands between them (white space as one space)."""

    entry: GlossaryEntry
    words: tuple[str, ...]  # case-folded when the entry matches in any case
    between: tuple[str, ...]

    @classmethod
    def of(cls, entry: GlossaryEntry) -> "_Term":
        spans = [m.span() for m in _WORD.finditer(entry.source)]
        words = tuple(entry.source[a:b] for a, b in spans)
        between = tuple(_SPACES.sub(" ", entry.source[spans[n][1] : spans[n + 1][0]]) for n in range(len(spans) - 1))
        return cls(entry, tuple(w.casefold() for w in words) if entry.any_case else words, between)

    def match(self, text: str, words: list[tuple[int, int, str]], first: int) -> int | None:
        """Where this term ends in `text` when it starts at word `first`, else None."""
        if first + len(self.words) > len(words):
            return None
        fold = self.entry.any_case
        for n, expected in enumerate(self.words):
            start, end, word = words[first + n]
            if (word.casefold() if fold else word) != expected:
                return None
            if n and _SPACES.sub(" ", text[words[first + n - 1][1] : start]) != self.between[n - 1]:
                return None
        return words[first + len(self.words) - 1][1]


# --- CSV ---------------------------------------------------------------------------------------


def read_glossary_csv(text: str, name: str = "the file") -> list[GlossaryEntry]:
    """The entries of a CSV text with the header `source,target`; any bad row refuses the whole file."""
    import csv  # here, as in glossary_csv: the window's start-up reads no CSV

    if text.startswith("\ufeff"):
        text = text[1:]  # a spreadsheet's byte-order mark
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
        if header is None or [cell.strip().lower() for cell in header[:2]] != list(CSV_HEADER):
            raise BadGlossaryFile(
                f"{name} does not start with the header line `source,target`, so it was not imported."
            )
        entries: dict[str, GlossaryEntry] = {}
        problems: list[str] = []
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > 2 and any(cell.strip() for cell in row[2:]):
                problems.append(f"line {line}: more than two columns")
                continue
            try:
                entry = glossary_entry(row[0], row[1] if len(row) > 1 else "")
            except BadGlossaryEntry as error:
                problems.append(f"line {line}: {str(error).rstrip('.')}")
                continue
            earlier = entries.get(entry.source)
            if earlier is not None and earlier.target != entry.target:
                problems.append(f"line {line}: {entry.source!r} is given twice, with different translations")
                continue
            entries[entry.source] = entry
            if len(entries) > _MAX_FILE_ROWS:
                raise BadGlossaryFile(f"{name} holds more than {_MAX_FILE_ROWS:,} entries; nothing was imported.")
    except csv.Error as error:
        raise BadGlossaryFile(f"{name} is not a CSV file Baca can read (line {rows.line_num}: {error}).") from error
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise BadGlossaryFile(f"{name} was not imported, nothing was changed: {shown}.")
    return list(entries.values())


def glossary_csv(entries: Iterable[GlossaryEntry]) -> str:
    """CSV with the header `source,target`, one entry a row (a kept name has itself as target)."""
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for entry in entries:
        writer.writerow([entry.source, entry.target])
    return out.getvalue()


def read_glossary_file(path: Path) -> list[GlossaryEntry]:
    """The entries of a glossary CSV file (UTF-8), checked whole: any bad row refuses the file."""
    name = str(path)
    try:
        with open_regular(Path(path)) as file:
            data = file.read(_MAX_FILE_BYTES + 1)
    except NotAFile as error:
        raise BadGlossaryFile(f"{error} Nothing was imported.") from None
    except OSError as error:
        raise BadGlossaryFile(f"Cannot read {name!r}: {error.strerror or error}. Nothing was imported.") from None
    if len(data) > _MAX_FILE_BYTES:
        raise BadGlossaryFile(f"{name} is larger than 10 MB, too large for a glossary; nothing was imported.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadGlossaryFile(
            f"{name} is not UTF-8 text (byte {error.start + 1} is not); save it as CSV UTF-8. Nothing was imported."
        ) from None
    return read_glossary_csv(text, name)


def write_glossary_file(path: Path, entries: Iterable[GlossaryEntry]) -> None:
    """Write the entries as CSV to `path`, all or nothing."""
    try:
        write_atomically(Path(path), glossary_csv(entries).encode("utf-8"))
    except NotAFile as error:
        raise ExportFailed(f"Cannot write {str(path)!r}: it is {error.kind}, not a regular file.") from None
    except OSError as error:
        raise ExportFailed(f"Cannot write {str(path)!r}: {error.strerror or error}.") from None
