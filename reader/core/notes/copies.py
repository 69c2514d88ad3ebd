"""The cheap searches of re-anchoring: a quote's exact copies in a column, and the text between its contexts."""

# The rules and the figures behind them: docs/decisions/0019-reanchoring-evidence.md.

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field

from reader.core.notes.anchoring import edit_distance, find_exact
from reader.core.notes.annotations import Annotation
from reader.core.notes.columns import BLOCK_SEPARATOR, block_starts
from reader.core.notes.evidence import KEY, cuts_word, evidence

MANY = 64  # exact copies of a quote gone through one by one; more are looked for near its context
TOUCH = 8  # code points of context an exact copy must touch to be looked at
DISPLACED = 64  # how far inserted words may push a context away from the quote, for the searches
COMMON = 20  # a context found more often than this vouches for nothing

Place = tuple[int, int, int]  # (block, start, end)


@dataclass(frozen=True)
class Column:
    """One column of a document: its blocks' texts and the whole text they make."""

    texts: dict[int, str]  # block index -> text; a translation column may lack blocks
    whole: str
    indexes: list[int]  # the blocks present, in order
    starts: list[int]  # where each of them starts in `whole`
    complete: bool  # every block of the document is present
    # Columns of nearby blocks, made once for all the quotes of one document.
    _around: dict[tuple[int, int], "Column"] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, texts: Mapping[int, str], blocks: int) -> "Column":
        indexes = sorted(texts)
        starts = block_starts(texts[index] for index in indexes)
        whole = BLOCK_SEPARATOR.join(texts[index] for index in indexes)
        return cls(dict(texts), whole, indexes, starts, len(indexes) == blocks)

    def offset(self, block: int) -> int:
        """Where `block` starts in the whole text, or where it would be if it is missing."""
        at = bisect.bisect_left(self.indexes, block)
        if at < len(self.indexes):
            return self.starts[at]
        return len(self.whole)

    def around(self, block: int, reach: int) -> "Column":
        """The blocks within `reach` of `block` as a column of their own (same block indexes)."""
        made = self._around.get((block, reach))
        if made is None:
            texts = {i: self.texts[i] for i in range(block - reach, block + reach + 1) if i in self.texts}
            made = Column.of(texts, len(texts)) if len(texts) < len(self.texts) else self
            self._around[block, reach] = made
        return made

    def place(self, start: int, end: int) -> Place | list[int]:
        """A whole-text span as (block, start, end), or the blocks it touches when it crosses one."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, max(start, end - 1)) - 1
        block_start = self.starts[first]
        block_end = block_start + len(self.texts[self.indexes[first]])
        if first == last and end <= block_end and start < block_end:
            return self.indexes[first], start - block_start, end - block_start
        return self.indexes[first : last + 1]


# Exact copies


def verbatim_in_own_block(annotation: Annotation, column: Column) -> Place | None:
    """The exact copy in the quote's own block between both its contexts verbatim, the one nearest
    its old start; an empty context is the block's edge."""
    a = annotation
    text = column.texts.get(a.block)
    if text is None:
        return None
    starts = [
        start
        for start, end in find_exact(text, a.exact, a.prefix, a.suffix)
        if (a.prefix or start == 0) and (a.suffix or end == len(text))
    ]
    if not starts:
        return None
    start = min(starts, key=lambda at: abs(at - a.start))
    return a.block, start, start + len(a.exact)


def exact_copies(annotation: Annotation, column: Column, hint: int, seen: "Occurrences") -> list[tuple]:
    """Exact copies worth judging, best first: (evidence, agreement, -distance from hint, place)."""
    # Only copies touching a few code points of either context, or lying a few words from a
    # longer piece of it, can be vouched for; finding those first keeps a common word's hundreds
    # of copies out of the judging. All the searches are str.find, at C speed.
    a, whole = annotation, column.whole
    copies = _at_most(whole, a.exact, MANY)
    if copies is None:
        found = _touching_copies(a, column, seen)
    else:
        found = _copies_near_context(a, column, copies, seen)
    judged = []
    for start in found:
        place = column.place(start, start + len(a.exact))
        if not isinstance(place, tuple):
            continue
        block, begin, end = place
        if cuts_word(a, column.texts[block], begin, end):
            continue  # "di" inside "kredit" is not the word "di"
        level, agreement = evidence(a, column.texts[block], begin, end)
        judged.append((level, round(agreement, 12), -abs(start - hint), place))
    judged.sort(reverse=True)
    return judged


def _copies_near_context(annotation: Annotation, column: Column, copies: list[int], seen: "Occurrences") -> set[int]:
    """Those of the quote's exact copies that touch its context, lie a few words from it, or lie in
    its own block."""
    a, whole, size = annotation, column.whole, len(annotation.exact)
    edges = set(column.starts) if not a.prefix else set()
    ends = set() if a.suffix else {start + len(column.texts[i]) for i, start in zip(column.indexes, column.starts)}
    before, after = a.prefix[-TOUCH:], a.suffix[:TOUCH]
    own = column.texts.get(a.block)
    own_start = column.offset(a.block) if own is not None else 0
    own_end = own_start + len(own) if own is not None else -1
    found, rest = set(), []
    for start in copies:
        if (
            (start >= len(before) and whole.startswith(before, start - len(before)) if before else start in edges)
            or (whole.startswith(after, start + size) if after else start + size in ends)
            or own_start <= start and start + size <= own_end
        ):
            found.add(start)
        else:
            rest.append(start)
    reach = DISPLACED + size
    if rest and len(key := a.prefix[-KEY:]) >= TOUCH:
        # A copy within `reach` after the end of a copy of the prefix's nearest code points.
        for after_key in (at + len(key) for at in seen.few(key)):
            found.update(start for start in rest if after_key <= start and start + size <= after_key + reach)
    if rest and len(key := a.suffix[:KEY]) >= TOUCH:
        for before_key in seen.few(key):
            found.update(start for start in rest if before_key - reach <= start and start + size <= before_key)
    return found


def _touching_copies(annotation: Annotation, column: Column, seen: "Occurrences") -> set[int]:
    """_copies_near_context() for a quote with too many copies to go through: each kind of copy
    looked for on its own."""
    a, whole = annotation, column.whole
    found: set[int] = set()
    if a.prefix:
        found.update(start for start, _ in find_exact(whole, a.exact, prefix=a.prefix[-TOUCH:]))
    else:
        found.update(start for start in column.starts if whole.startswith(a.exact, start))
    if a.suffix:
        found.update(start for start, _ in find_exact(whole, a.exact, suffix=a.suffix[:TOUCH]))
    else:
        for index, start in zip(column.indexes, column.starts):
            end = start + len(column.texts[index])
            if whole.startswith(a.exact, end - len(a.exact)):
                found.add(end - len(a.exact))
    reach = DISPLACED + len(a.exact)
    key = a.prefix[-KEY:]
    if len(key) >= TOUCH:
        for after in (at + len(key) for at in seen.few(key)):
            at = whole.find(a.exact, after, after + reach)
            while at != -1:
                found.add(at)
                at = whole.find(a.exact, at + 1, after + reach)
    key = a.suffix[:KEY]
    if len(key) >= TOUCH:
        for before in seen.few(key):
            at = whole.find(a.exact, max(0, before - reach), before)
            while at != -1:
                found.add(at)
                at = whole.find(a.exact, at + 1, before)
    own = column.texts.get(a.block)
    if own is not None:
        offset = column.offset(a.block)
        found.update(offset + start for start, _ in find_exact(own, a.exact))
    return found


class Occurrences:
    """Where pieces of one quote's context occur in one text, each looked for once."""

    def __init__(self, text: str):
        self.text = text
        self._found: dict[str, list[int] | None] = {}

    def few(self, part: str) -> list[int]:
        """Where `part` occurs, or nowhere when it occurs more than COMMON times."""
        return self.at_most(part) or []

    def few_with(self, part: str, piece: str, offset: int) -> list[int]:
        """few(part), found through the copies of `piece`, which `part` holds at `offset`."""
        return self.at_most_with(part, piece, offset) or []

    def at_most_with(self, part: str, piece: str, offset: int) -> list[int] | None:
        """Where `part` occurs, found through the copies of `piece`, which it holds at `offset`; None
        when it occurs more than COMMON times."""
        # Every copy of the whole context holds a copy of its nearest code points: when those are
        # few, checking each is cheaper than another search of the text.
        pieces = self.at_most(piece)
        if pieces is None:
            return self.at_most(part)
        return [at - offset for at in pieces if at >= offset and self.text.startswith(part, at - offset)]

    def at_most(self, part: str) -> list[int] | None:
        """Where `part` occurs, or None when it occurs more than COMMON times."""
        if part not in self._found:
            self._found[part] = _at_most(self.text, part, COMMON)
        return self._found[part]


def _at_most(text: str, part: str, limit: int) -> list[int] | None:
    """Where `part` occurs in `text`, or None when it occurs more than `limit` times."""
    found, at = [], text.find(part)
    while at != -1:
        if len(found) == limit:
            return None
        found.append(at)
        at = text.find(part, at + 1)
    return found


# The text between both contexts


def bracketed(
    annotation: Annotation, column: Column, hint: int, seen: Occurrences, rewrites: dict | None = None
) -> Place | None:
    """The span between exact copies of the whole stored prefix and suffix, if one fits the quote.
    `rewrites` keeps the gaps judged, by (block, start, end), for another call on the same blocks."""
    # Both contexts intact around a gap of about the quote's length: the quote was rewritten in
    # place, however much. An empty context stands for its block's edge. Inserted words inside
    # the gap, before the quote's first word or after its last, are left out.
    a, whole = annotation, column.whole
    if not a.prefix and not a.suffix:
        return None
    least, most = max(1, len(a.exact) // 2), 2 * len(a.exact) + DISPLACED
    pairs = []
    prefixes = _prefixes(a, seen) or []
    if a.prefix and a.suffix:
        # The suffix is looked for only where a copy of the prefix leaves room for the quote.
        for start in (at + len(a.prefix) for at in prefixes):
            stop = start + most + len(a.suffix)
            end = whole.find(a.suffix, start + least, stop)
            while end != -1:
                pairs.append((start, end))
                end = whole.find(a.suffix, end + 1, stop)
    elif a.prefix:
        for start in (at + len(a.prefix) for at in prefixes):
            place = column.place(start, start + 1) if start < len(whole) else None
            if isinstance(place, tuple):
                block, begin, _ = place
                end = start + len(column.texts[block]) - begin
                if least <= end - start <= most:
                    pairs.append((start, end))
    else:
        suffixes = seen.few_with(a.suffix, a.suffix[:KEY], 0) if len(a.suffix) > KEY else seen.few(a.suffix)
        for end in suffixes:
            place = column.place(end - 1, end) if end > 0 else None
            if isinstance(place, tuple):
                _, _, finish = place
                start = end - finish
                if least <= end - start <= most:
                    pairs.append((start, end))
    rewrites = {} if rewrites is None else rewrites
    options = []
    for start, end in pairs:
        place = column.place(start, end)
        if not isinstance(place, tuple):
            continue
        block, begin, finish = place
        text = column.texts[block]
        inside = [at for at in occurrences_within(text, a.exact, begin, finish) if not cuts_word(a, text, at, at + len(a.exact))]
        if inside:
            options.append((0, abs(start - hint), (block, inside[0], inside[0] + len(a.exact))))
            continue  # the quote itself, words inserted beside it
        key = (block, begin, finish)
        if key not in rewrites:
            rewrites[key] = _rewrite(a.exact, text, begin, finish)
        begin, finish, distance = rewrites[key]
        if distance is not None:
            options.append((distance, abs(start - hint), (block, begin, finish)))
    return min(options)[-1] if options else None


def _rewrite(exact: str, text: str, begin: int, finish: int) -> tuple[int, int, int | None]:
    """The gap between both contexts without inserted words at its ends, and its edit distance to
    the quote; None when it keeps too few of the quote's words."""
    begin, finish = _without_insertions(exact, text, begin, finish)
    if begin < finish and _kept_words(exact, text[begin:finish]):
        return begin, finish, edit_distance(exact, text[begin:finish])
    return begin, finish, None


def _prefixes(annotation: Annotation, seen: Occurrences) -> list[int] | None:
    """Where the whole stored prefix occurs; None when more than COMMON times (or it is empty)."""
    a = annotation
    if len(a.prefix) > KEY:
        return seen.at_most_with(a.prefix, a.prefix[-KEY:], len(a.prefix) - KEY)
    return seen.at_most(a.prefix) if a.prefix else None


def verbatim_anywhere(annotation: Annotation, column: Column, hint: int, seen: Occurrences) -> Place | None:
    """The exact copy between both contexts verbatim nearest `hint`, anywhere in the column; an empty
    context is a block's edge."""
    a, whole = annotation, column.whole
    prefixes = _prefixes(a, seen)
    if prefixes is not None:
        # Every verbatim copy follows a copy of the prefix: checking those is cheaper than a search.
        rest = a.exact + a.suffix
        starts = [at + len(a.prefix) for at in prefixes if whole.startswith(rest, at + len(a.prefix))]
    else:
        starts = [start for start, _ in find_exact(whole, a.exact, a.prefix, a.suffix)]
    places = []
    for start in starts:
        place = column.place(start, start + len(a.exact))
        if isinstance(place, tuple):
            block, begin, end = place
            if (a.prefix or begin == 0) and (a.suffix or end == len(column.texts[block])):
                places.append((abs(start - hint), place))
    return min(places)[1] if places else None


def _kept_words(exact: str, found: str) -> bool:
    """Whether at least half the quote's words are among the span's: a rewrite, not other text."""
    # Between intact contexts anything of about the quote's length fits; one or two words
    # replaced leave the rest, a sentence put in its place (or a quote that never was there)
    # shares only a common word or two.
    quoted, there = exact.split(), found.split()
    kept = 0
    for word in quoted:
        if word in there:
            there.remove(word)
            kept += 1
    return 2 * kept >= len(quoted)


def _without_insertions(exact: str, text: str, start: int, end: int) -> tuple[int, int]:
    """A span with whole words left out at either end where they were inserted, not the quote's own."""
    # "Sebelumnya, Pemkot Delhi ..." for a quote that began with "Pemkot": leaving out the first
    # word brings the span to the quote's own first word and lowers the edit distance by more
    # than half the code points left out. A word that replaced the quote's first word (the quote
    # no longer begins with its own word) stays, unless every code point left out was inserted.
    parts = exact.split() or [exact]
    for _ in range(2):  # words inserted after the quote hide what leaving out words before it gains
        start = _trimmed(exact, text, start, end, _word_ends(text, start, end), parts[0], leading=True)
        end = _trimmed(exact, text, start, end, _word_starts(text, start, end), parts[-1], leading=False)
    return start, end


def _trimmed(exact: str, text: str, start: int, end: int, cuts: list[int], word: str, leading: bool) -> int:
    """The new start (or end) after leaving out the most words that were inserted."""
    whole = edit_distance(exact, text[start:end])
    best, edge = (start, start) if leading else (end, end)
    for cut in cuts:
        left_out = cut - start if leading else end - cut
        if not 0 < left_out < end - start or left_out <= abs(best - edge):
            continue
        rest = text[cut:end] if leading else text[start:cut]
        distance = edit_distance(exact, rest)
        gain = whole - distance
        own_word = _begins_with_word(rest, word) if leading else _begins_with_word(rest[::-1], word[::-1])
        # Far from the quote, every code point left out lowers the distance by one: no evidence.
        all_inserted = gain == left_out and distance <= len(exact) // 2
        if all_inserted or (own_word and 2 * gain > left_out):
            best = cut
    return best


def _begins_with_word(text: str, word: str) -> bool:
    """Whether `text` begins with `word` as a whole word."""
    return text.startswith(word) and not (text[len(word) : len(word) + 1].isalnum() and word[-1:].isalnum())


def _word_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets within (start, end) where a word begins after white space: where leading words may be cut."""
    return [at for at in range(start + 1, end) if text[at - 1].isspace() and not text[at].isspace()]


def _word_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets within (start, end) where white space follows a word: where trailing words may be cut."""
    return [at for at in range(start + 1, end) if text[at].isspace() and not text[at - 1].isspace()]


def occurrences_within(text: str, part: str, start: int, end: int) -> list[int]:
    """Where `part` occurs whole within text[start:end]."""
    found, at = [], text.find(part, start, end)
    while at != -1:
        found.append(at)
        at = text.find(part, at + 1, end)
    return found
