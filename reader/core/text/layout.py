"""How a post lays out as text: blank-line groups, titles, headings, captions and date lines."""

import datetime
import re
from dataclasses import dataclass, field

# A heading is a short line; the longest real one in tests/data/id-news has 12 words, and
# the shortest unpunctuated paragraph line there has 17.
HEADING_MAX_WORDS = 15
TITLE_MAX_WORDS = 25

_FINAL_PUNCTUATION = ".!?…:;,"
_OPENING_QUOTES = "\"“„«‘'`"
_CLOSING_QUOTES = "\"”»’'"
_QUOTES = set(_OPENING_QUOTES + _CLOSING_QUOTES)
# Invisible characters that editors and browsers leave in copied text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff"))

# A photo credit: "©Sergei Savostyanov/TASS", "Foto: Dok. BPBD", "(ANTARA FOTO/Raisan)".
# Not a bare "kredit" or "(c)": in Indonesian news those are loans and list items.
_CREDIT = re.compile(
    r"©|(?:^|[\s(\[])(?:foto|photo|gambar|image|ilustrasi|sumber foto|sumber gambar|kredit foto"
    r"|photo credit)\s*:|antara foto/|getty images",
    re.IGNORECASE,
)
_CAPTION_MAX_WORDS = 60

_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    "|senin|selasa|rabu|kamis|jumat|jum'at|jum’at|sabtu|minggu|ahad"
)
_MONTHS = {
    **dict.fromkeys(["january", "januari", "jan"], 1),
    **dict.fromkeys(["february", "februari", "feb", "pebruari"], 2),
    **dict.fromkeys(["march", "maret", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["may", "mei"], 5),
    **dict.fromkeys(["june", "juni", "jun"], 6),
    **dict.fromkeys(["july", "juli", "jul"], 7),
    **dict.fromkeys(["august", "agustus", "aug", "agu", "agt"], 8),
    **dict.fromkeys(["september", "sep", "sept"], 9),
    **dict.fromkeys(["october", "oktober", "oct", "okt"], 10),
    **dict.fromkeys(["november", "nopember", "nov"], 11),
    **dict.fromkeys(["december", "desember", "dec", "des"], 12),
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_CLOCK = r"(?:,?\s*(?:pukul\s+|at\s+|jam\s+)?\d{1,2}[.:]\d{2}(?:[.:]\d{2})?(?:\s*(?:wib|wita|wit|am|pm|utc|gmt))?)?"
_ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:z|[+-]\d{2}:?\d{2}|wib|wita|wit))?",
    re.IGNORECASE,
)
_NAMED_DATE = re.compile(
    rf"(?:(?:{_WEEKDAYS}),?\s+)?"
    rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}}),?\s+(?P<year2>\d{{4}}))"
    rf"{_CLOCK}",
    re.IGNORECASE,
)


@dataclass
class Draft:
    """What a format reader found in a file, before sentences and ids."""

    title: str
    date: datetime.date | None = None
    author: str | None = None
    url: str | None = None
    blocks: list[tuple[str, str]] = field(default_factory=list)


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to one space and drop invisible characters."""
    if "\u200b" in text or "\ufeff" in text:  # a search is cheaper than translate() on every text
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def line_groups(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines (whitespace-normalised), split at blank lines."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        line = normalise_space(line)
        if line:
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def parse_date_line(line: str) -> datetime.date | None:
    """The date a whole line states ("Selasa, 13 Juli 2021", "2018-01-21 21:00:00"), or None."""
    line = line.strip()
    if match := _ISO_DATE.fullmatch(line):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NAMED_DATE.fullmatch(line):
        day = int(match["day"] or match["day2"])
        month = _MONTHS[(match["month"] or match["month2"]).lower()]
        year = int(match["year"] or match["year2"])
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _unquoted(text: str) -> str | None:
    """The text inside a whole-line quotation, the text itself if unquoted, None if it ends in a quote."""
    if len(text) > 2 and text[0] in _OPENING_QUOTES and text[-1] in _CLOSING_QUOTES:
        inner = text[1:-1].strip()
        return None if _QUOTES & set(inner) else inner
    if text[-1] in _CLOSING_QUOTES:
        return None  # ends a quotation it did not start: speech, not a heading
    return text


def _is_short_unpunctuated(text: str, max_words: int) -> bool:
    inner = _unquoted(text)
    return (
        bool(inner)
        and len(inner.split()) <= max_words
        and inner[-1] not in _FINAL_PUNCTUATION
        and any(char.isalpha() for char in inner)
        and not inner[0].islower()
        and parse_date_line(inner) is None
        and not is_caption(inner)
    )


def looks_like_title(text: str) -> bool:
    """A short line without sentence-final punctuation."""
    return _is_short_unpunctuated(text, TITLE_MAX_WORDS)


def looks_like_heading(text: str) -> bool:
    """A short line without sentence-final punctuation, or such a line quoted whole."""
    return _is_short_unpunctuated(text, HEADING_MAX_WORDS)


def is_caption(text: str) -> bool:
    """A short text carrying a photo credit (a © line, "Foto:", "Photo:")."""
    return len(text.split()) <= _CAPTION_MAX_WORDS and _CREDIT.search(text) is not None


def body_blocks(groups: list[list[str]]) -> list[tuple[str, str]]:
    """Blocks for the body of a post; each group of lines is one block."""
    blocks = []
    for index, group in enumerate(groups):
        text = " ".join(group)
        last = index == len(groups) - 1
        if is_caption(text):
            kind = "caption"
        # A heading introduces what follows, so a short last line stays a paragraph.
        elif len(group) == 1 and not last and looks_like_heading(text):
            kind = "heading"
        else:
            kind = "paragraph"
        blocks.append((kind, text))
    return blocks
