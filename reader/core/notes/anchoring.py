"""Find a quote again after the text changed: exact, approximate and best-match anchoring."""

# Offsets are code points, end exclusive, as in the W3C Web Annotation model. See
# docs/decisions/0004-anchoring.md for the choices made where the spec left room.

import functools

import edlib

SHORT_QUOTE = 8  # an edited quote shorter than this is found only beside its exact context

# The Hypothesis client's weights (src/annotator/anchoring/match-quote.ts).
_QUOTE_WEIGHT = 50
_PREFIX_WEIGHT = 20
_SUFFIX_WEIGHT = 20
_POSITION_WEIGHT = 2
_TOTAL_WEIGHT = _QUOTE_WEIGHT + _PREFIX_WEIGHT + _SUFFIX_WEIGHT + _POSITION_WEIGHT

_ANCHOR_LIMIT = 20  # most copies of a context worth anchoring approximate candidates at

# edlib takes at most 256 distinct symbols. A text with up to 255 keeps byte 255 free for every
# pattern code point the text lacks: such a code point matches nothing, so one symbol serves all.
_OTHER = 255

Span = tuple[int, int]
Match = tuple[int, int, int]


def find_exact(
    text: str, exact: str, prefix: str | None = None, suffix: str | None = None
) -> list[Span]:
    """Every occurrence of `exact` whose `prefix` and `suffix` touch it, overlaps included."""
    # Searching for the three joined finds exactly the occurrences with touching context, at C
    # speed. None and "" both mean "no constraint", as in Apache Annotator.
    before = prefix or ""
    whole = before + exact + (suffix or "")
    found = []
    at = text.find(whole)
    while at != -1:
        start = at + len(before)
        found.append((start, start + len(exact)))
        at = text.find(whole, at + 1)
    return found


def approx_search(text: str, pattern: str, max_errors: int) -> list[Match]:
    """Every non-empty span of `text` at the least edit distance from `pattern`, if within `max_errors`."""
    # All alignments, not one per end: (start, end, edits) for each span whose distance is the
    # minimum, in document order. A superset of what approx-string-match reports.
    if not pattern or not text or max_errors < 0:
        return []
    coded = _encode(pattern, text)
    if coded is None:
        return _occurrences(pattern, text, max_errors, _myers_ends)
    return _occurrences(*coded, max_errors, _edlib_ends)


def locate(
    text: str,
    exact: str,
    prefix: str | None = None,
    suffix: str | None = None,
    hint: int | None = None,
) -> Span | None:
    """The best span for a stored quote in changed text, or None when nothing qualifies."""
    # An exact occurrence is returned exactly, whatever its length; context and the hint choose
    # among several. Only approximate spans need the stricter rules of locate_approximate().
    prefix = prefix or ""
    suffix = suffix or ""
    found = find_exact(text, exact) if exact else []
    if found:
        start, end, _ = _best(text, exact, prefix, suffix, hint, [(s, e, 0) for s, e in found])
        return start, end
    return locate_approximate(text, exact, prefix, suffix, hint)


def locate_approximate(
    text: str, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> Span | None:
    """The best span within half the quote in edits, found beside the stored context or, for a quote
    of SHORT_QUOTE code points or more that has no exact copy, anywhere."""
    if not exact:
        return None
    candidates = _approximate_candidates(text, exact, prefix, suffix)
    if not candidates:
        return None
    start, end, errors = _best(text, exact, prefix, suffix, hint, candidates)
    if errors:
        return _snap(text, exact, prefix, suffix, start, end)
    return start, end


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two short strings."""
    if a == b:
        return 0  # the common case when checking a quote's context: no need to encode
    if not a or not b:
        return len(a) + len(b)
    coded = _encode_pair(a, b)
    if coded is None:
        return _myers_scores(a, b, anchored=True)[-1]
    return edlib.align(*coded, mode="NW", task="distance")["editDistance"]


def _best(
    text: str, exact: str, prefix: str, suffix: str, hint: int | None, candidates: list[Match]
) -> Match:
    """The highest-scoring candidate; ties go to the length closest to the quote's, then the earliest."""

    # Scores are rounded so that equal scores reached by different arithmetic still tie. Context
    # similarity is the costly part, so candidates go in order of the best score their context
    # could give, and the search stops once that ceiling falls below the best score found. A
    # context that is not the text beside the candidate verbatim is at least one edit from it:
    # telling that costs a comparison, and puts the candidates between both contexts first.
    def ceiling(start: int, end: int, errors: int) -> float:
        before = _at_most_score(text[max(0, start - len(prefix)) : start], prefix)
        after = _at_most_score(text[end : end + len(suffix)], suffix)
        return round(_combine(exact, text, hint, start, errors, before, after), 12)

    ceilings = sorted(((ceiling(*candidate), candidate) for candidate in candidates), reverse=True)
    best, best_key = ceilings[0][1], None
    for ceiling, candidate in ceilings:
        if best_key is not None and ceiling < best_key[0]:
            break
        start, end, errors = candidate
        before = _context_score(text[max(0, start - len(prefix)) : start], prefix)
        after = _context_score(text[end : end + len(suffix)], suffix)
        score = round(_combine(exact, text, hint, start, errors, before, after), 12)
        key = (score, -abs(end - start - len(exact)), -start)
        if best_key is None or key > best_key:
            best, best_key = candidate, key
    return best


def _snap(text: str, exact: str, prefix: str, suffix: str, start: int, end: int) -> Span:
    """An approximate span moved out of mid-word where the quote's own ends were on word boundaries."""
    # The fewest-edit alignment of an edited quote often cuts the new word at its edge
    # ("sebagai listri|k"). Each end that the stored context shows on a word boundary may only
    # land on one: either side of the word it cut, whichever leaves fewer edits (then the length
    # closest to the quote's, then the wider span). If no such span qualifies, the cut one stays.
    starts, ends = [start], [end]
    if _inside_word(text, start) and not (prefix[-1:].isalnum() and exact[0].isalnum()):
        outer = start
        while outer > 0 and text[outer - 1].isalnum():
            outer -= 1
        inner = start
        while inner < end and text[inner].isalnum():
            inner += 1
        while inner < end and text[inner].isspace():
            inner += 1
        starts = [outer, inner]
    if _inside_word(text, end) and not (exact[-1].isalnum() and suffix[:1].isalnum()):
        outer = end
        while outer < len(text) and text[outer].isalnum():
            outer += 1
        inner = end
        while inner > start and text[inner - 1].isalnum():
            inner -= 1
        while inner > start and text[inner - 1].isspace():
            inner -= 1
        ends = [outer, inner]
    if len(starts) == len(ends) == 1:
        return start, end
    # A snapped span must still qualify: at most half the quote's length in edits.
    options = []
    for option in ((s, e) for s in starts for e in ends if s < e):
        edits = edit_distance(exact, text[option[0] : option[1]])
        if edits <= len(exact) // 2:
            gap = abs(option[1] - option[0] - len(exact))
            options.append((edits, gap, option[0] - option[1], option))
    return min(options)[-1] if options else (start, end)


def _inside_word(text: str, at: int) -> bool:
    """Whether offset `at` falls between two letters or digits."""
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def _approximate_candidates(text: str, exact: str, prefix: str, suffix: str) -> list[Match]:
    """Spans within half the quote in edits: beside exact copies of the context, and for a quote
    of SHORT_QUOTE code points or more without an exact copy, the least-edit spans anywhere."""
    # A short quote moves only where its prefix or suffix matches exactly and touches it: nothing
    # else can tell its edited self from the many near copies of a short string. Where the quote
    # has exact copies, approx_search would return only those, so only the context can help.
    max_errors = len(exact) // 2
    found = set(_anchored_at_context(text, exact, prefix, suffix, max_errors))
    if len(exact) >= SHORT_QUOTE and exact not in text:
        found.update(approx_search(text, exact, max_errors))
    return sorted(found)


def _anchored_at_context(
    text: str, exact: str, prefix: str, suffix: str, max_errors: int
) -> list[Match]:
    """The closest spans to `exact` that start where a prefix ends or end where a suffix starts."""
    # approx_search keeps only the spans with the fewest edits in the whole text, so a near copy
    # elsewhere would hide an edited quote whose context still matches; these spans compete too.
    found = []
    reach = len(exact) + max_errors
    # A context found more often than this vouches for nothing, and anchoring at each copy would cost
    # an alignment and a score apiece; approx_search still covers such quotes.
    prefixes = _at_most(text, prefix, _ANCHOR_LIMIT) if prefix else []
    suffixes = _at_most(text, suffix, _ANCHOR_LIMIT) if suffix else []
    for start in (at + len(prefix) for at in prefixes):
        for length, errors in _anchored(exact, text[start : start + reach], max_errors):
            found.append((start, start + length, errors))
    if suffixes:
        backwards = exact[::-1]
        for end in suffixes:
            before = text[max(0, end - reach) : end][::-1]
            for length, errors in _anchored(backwards, before, max_errors):
                found.append((end - length, end, errors))
    return found


def _at_most(text: str, part: str, limit: int) -> list[int]:
    """Where `part` occurs in `text`, overlaps included, or nowhere when it occurs more than `limit` times."""
    found, at = [], text.find(part)
    while at != -1:
        if len(found) == limit:
            return []
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _anchored(pattern: str, text: str, max_errors: int) -> list[tuple[int, int]]:
    """(length, edits) of the non-empty starts of `text` closest to `pattern`, if within `max_errors`."""
    if not text:
        return []
    best, lengths = _best_ends(pattern, text, max_errors, anchored=True)
    return [(length, best) for length in lengths if length]


def _combine(
    exact: str, text: str, hint: int | None, start: int, errors: int, before: float, after: float
) -> float:
    """The Hypothesis client's score of a candidate from its parts, between 0 and 1."""
    quote = 1 - errors / len(exact)
    position = 1.0 if hint is None else 1 - abs(start - hint) / len(text)
    return (
        _QUOTE_WEIGHT * quote
        + _PREFIX_WEIGHT * before
        + _SUFFIX_WEIGHT * after
        + _POSITION_WEIGHT * position
    ) / _TOTAL_WEIGHT


def _at_most_score(window: str, context: str) -> float:
    """An upper bound of _context_score(window, context): 1 only for the context verbatim."""
    if not context or window == context:
        return 1.0
    return 1 - 1 / len(context)


def _context_score(window: str, context: str) -> float:
    """1 - edits/len for the best match of `context` inside `window`; 1 when no context was stored."""
    if not context:
        return 1.0
    if not window:
        return 0.0
    if window == context:
        return 1.0
    best, _ = _best_ends(context, window, len(context), anchored=False)
    return 1 - best / len(context)


def _occurrences(pattern, text, max_errors: int, best_ends) -> list[Match]:
    """All minimal-distance spans, given a backend that reports the best end positions."""
    best, ends = best_ends(pattern, text, max_errors, False)
    if best is None:
        return []
    # Each best end is searched backwards, anchored at that end, for every start with the same
    # distance; a span longer than len(pattern) + best costs more than best.
    backwards = pattern[::-1]
    found = []
    for end in ends:
        window = text[max(0, end - len(pattern) - best) : end][::-1]
        if window:
            _, lengths = best_ends(backwards, window, best, True)
            found.extend((end - length, end, best) for length in lengths if length)
    found.sort()
    return found


def _best_ends(pattern: str, text: str, max_errors: int, anchored: bool) -> tuple[int | None, list[int]]:
    """The least distance and the end offsets reaching it, through edlib when it can take the text."""
    coded = _encode_pair(pattern, text)
    if coded is None:
        return _myers_ends(pattern, text, max_errors, anchored)
    return _edlib_ends(*coded, max_errors, anchored)


def _edlib_ends(
    pattern: bytes, text: bytes, max_errors: int, anchored: bool
) -> tuple[int | None, list[int]]:
    """Least distance of `pattern` to a span of `text` (from 0 if anchored) and the ends reaching it."""
    result = edlib.align(pattern, text, mode="SHW" if anchored else "HW", task="distance", k=max_errors)
    best = result["editDistance"]
    if best < 0:
        return None, []
    return best, [last + 1 for _, last in result["locations"]]


def _myers_ends(
    pattern: str, text: str, max_errors: int, anchored: bool
) -> tuple[int | None, list[int]]:
    """Pure-Python `_edlib_ends` for any alphabet."""
    scores = _myers_scores(pattern, text, anchored)
    best = min(scores)
    if best > max_errors:
        return None, []
    return best, [end for end, value in enumerate(scores) if value == best]


def _myers_scores(pattern: str, text: str, anchored: bool) -> list[int]:
    """Distance of `pattern` to the best span ending at each offset of `text`: Myers' bit-parallel DP."""
    # Hyyrö's formulation; anchoring sets the top row to 0, 1, 2, ... instead of all zeros.
    size = len(pattern)
    mask = (1 << size) - 1
    last = 1 << (size - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    top = 1 if anchored else 0
    vp, vn, score = mask, 0, size
    scores = [size]
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | vn
        xh = (((eq & vp) + vp) ^ vp) | eq
        hp = vn | (~(xh | vp) & mask)
        hn = vp & xh
        if hp & last:
            score += 1
        elif hn & last:
            score -= 1
        hp = (hp << 1) | top
        hn <<= 1
        vp = (hn | ~(xv | hp)) & mask
        vn = hp & xv
        scores.append(score)
    return scores


def _encode(pattern: str, text: str) -> tuple[bytes, bytes] | None:
    """Pattern and text as one byte a code point for edlib, or None when 256 symbols cannot do."""
    cached = _encoded_text(text)
    if cached is not None:
        data, table = cached
        return bytes(table.get(char, _OTHER) for char in pattern), data
    # The text alone has too many symbols; the pattern's own plus one for the rest still suffice.
    table = {char: code for code, char in enumerate(dict.fromkeys(pattern))}
    if len(table) > _OTHER:
        return None
    other = len(table)
    mapping = {ord(char): table.get(char, other) for char in _symbols(text)}
    return bytes(table[char] for char in pattern), text.translate(mapping).encode("latin-1")


def _encode_pair(pattern: str, text: str) -> tuple[bytes, bytes] | None:
    """Two short strings as bytes for edlib, uncached, or None past 256 symbols."""
    try:  # most text is Latin-1 already: one byte a code point, at C speed
        return pattern.encode("latin-1"), text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    table = {ord(char): code for code, char in enumerate(dict.fromkeys(pattern + text))}
    if len(table) > 256:
        return None
    return pattern.translate(table).encode("latin-1"), text.translate(table).encode("latin-1")


@functools.lru_cache(maxsize=64)
def _encoded_text(text: str) -> tuple[bytes, dict[str, int]] | None:
    """The text as bytes with its code table, kept because one text serves many quotes."""
    symbols = sorted(_symbols(text))
    if len(symbols) > _OTHER:
        return None
    table = {char: code for code, char in enumerate(symbols)}
    return text.translate({ord(char): code for char, code in table.items()}).encode("latin-1"), table


@functools.lru_cache(maxsize=64)
def _symbols(text: str) -> frozenset[str]:
    """The distinct code points of a text."""
    return frozenset(text)
