"""The glossary: the user's terms (`KTT -> summit`) and names kept as written, applied around the model.

A term is found as whole words, the longest first. A term with a capital letter matches only as
written (`KTT` finds "KTT", never "ktt" or "KTTX"); one written all in lower case matches in any case
(`rapat` finds "Rapat" at a sentence start). Letters, digits, `_` and a hyphen joining two words
continue a word, so `KTT` is not found in "KTT-nya" nor `AS` in "Rusia-AS". The translator puts each
term found out of the model's sight (as it does URLs) and writes the user's translation in its place.
"""

from __future__ import annotations

import csv
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
    """A set of entries and the one pattern that finds them; immutable, so threads can share it."""

    def __init__(self, entries: Iterable[GlossaryEntry] = ()):
        self.entries: tuple[GlossaryEntry, ...] = tuple(sorted(entries, key=lambda e: (e.source.casefold(), e.source)))
        self._exact = {entry.source: entry for entry in self.entries}
        self._folded = {entry.source.casefold(): entry for entry in self.entries if entry.any_case}
        # Longest first, and at one length an entry written with capitals before a lower-case one:
        # at a position the first alternative that matches wins.
        ordered = sorted(self.entries, key=lambda e: (-len(e.source), e.any_case, e.source))
        alternatives = [_term_pattern(entry) for entry in ordered]
        self._pattern = re.compile(f"{_BEFORE}(?:{'|'.join(alternatives)}){_AFTER}") if alternatives else None

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glossary) and other.entries == self.entries

    def __hash__(self) -> int:
        return hash(self.entries)

    def find(self, text: str) -> list[tuple[int, int, GlossaryEntry]]:
        """Each term in `text`: (start, end, entry), left to right, never overlapping."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            written = _SPACES.sub(" ", match.group())
            entry = self._exact.get(written) or self._folded.get(written.casefold())
            if entry is not None:
                found.append((match.start(), match.end(), entry))
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


def _term_pattern(entry: GlossaryEntry) -> str:
    words = [re.escape(word) for word in entry.source.split(" ")]
    body = r"\s+".join(words)
    return f"(?i:{body})" if entry.any_case else body


# --- CSV ---------------------------------------------------------------------------------------


def read_glossary_csv(text: str, name: str = "the file") -> list[GlossaryEntry]:
    """The entries of a CSV text with the header `source,target`; any bad row refuses the whole file."""
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
                problems.append(f"line {line}: {error}")
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
