"""Sentence boundaries for Indonesian text, as code-point offsets into a block's text."""

import re
from dataclasses import dataclass

# Imported at module level: the compiled extension imports in 1-3 ms (measured with
# `python -X importtime`), well under what would justify a lazy import.
from sentencex import segment

from reader.core.text.limits import MAX_BLOCK_CHARS, MAX_SENTENCE_CHARS, split_long


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: `text == block_text[start:end]`, surrounding whitespace excluded."""

    start: int
    end: int
    text: str


# A blank line, even one holding spaces or NBSPs, ends a paragraph. sentencex only knows "\n\n",
# so blocks are cut here first and nothing is ever merged across such a line.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# sentencex 1.0.32 panics on a capital, a non-ASCII space and a full stop (`A\xa0.`). It is
# handed such spaces as plain ones: one code point for one, so every offset still holds.
_WIDE_SPACE = re.compile(r"[^\S\x00-\x7f]")

# What may open a quotation or an aside; skipped when reading the word on either side of a
# break, so `(Sdr.` and `“Jl.` are looked up as `Sdr.` and `Jl.`.
_OPENERS = "\"'“‘„«([{”’"

# sentencex leaves an opening mark that follows a full stop at the end of the sentence before
# (`kata Antonov. “Kami ...`); it belongs to the sentence it opens.
_OPENING_MARKS = "\"'“‘„«([{"
_TRAILING_OPENER = re.compile(r"\s+[\"'“‘„«(\[{]+$")

# sentencex starts the next sentence with a bracket that closes this one (`pergi.) Lalu`).
# Curly and straight quotes count as closing only when a space or punctuation follows, since
# Indonesian web text often opens quotations with `”`.
_LEADING_CLOSER = re.compile(r"(?:[)\]}»]+|[\"'”’]+(?=[\s.,;:!?)\]}»]|$))[.,;:!?]*")

# Words that come before a name, a place or a number and so never end a sentence:
# honorifics, degrees placed before the name, ranks, name abbreviations, address and
# company words. Kept out on purpose: `Pak.` and `Bu.` (`Terima kasih, Pak.` ends a
# sentence), `Kol.` (also "cabbage"), `CV.` (also the document; see _COMPANY_OR_DOCUMENT).
_TITLES = frozenset(
    "bpk bp sdr sdri tn ny nn yth dr drs dra drg ir prof hj kh k.h pdt ust alm almh "
    "moh moch muh mhd abd jend letjen mayjen brigjen letkol kapt komjen irjen "
    "jl jln gg kp ds kec kab kel kav prov pt ud no rt rw rp telp tlp".split()
)

# Words that come before a number (pages, volumes, dates, years): merged before a digit or a
# lowercase word (`hlm. 12`, `hlm. xii`, `12 Agt. 2020`, `5 th. lalu`), but a capital after
# them starts a new sentence (`pada 12 Des. Pada ...`). `hal` is also a word ("matter").
_BEFORE_NUMBER = frozenset(
    "hlm hal vol cet ed jil tgl th thn psl kl "
    "jan feb mar apr jun jul agu agt ags agust sep sept okt nov nop des".split()
)

# Words that often end a sentence: degrees after a name, company suffixes, "etc." and friends.
# Merged only before a lowercase word or an opening bracket (`dkk. (2020)`, `Tbk. (ASII)`).
_AFTER_WORD = frozenset("tbk jr sr lc dll dsb dst dkk tsb ybs sbb".split())

# Any other dotted cluster of short letter groups is an abbreviation of the same kind:
# `S.H.`, `M.Si.`, `S.Kom.`, `Ph.D.`.
_DOTTED = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}\.")

# `CV.` is a company form (`CV. Maju Jaya`) and a document (`Kirimkan CV. Kami ...`):
# merged only when a capitalised name of two or more words follows.
_COMPANY_OR_DOCUMENT = frozenset({"cv"})

# A list marker left alone by sentencex: `1.` on its own, or after a colon (`Syaratnya: 1.`).
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|i{1,3}|iv|vi{0,3}|ix|x)\.", re.IGNORECASE)


def split_sentences(text: str, language: str = "id") -> list[Sentence]:
    """Split `text` into sentences with their offsets."""
    sentences = []
    # sentencex takes time growing faster than the text's length (1 MB: 0.7 s, 2 MB: 2 s), so it
    # never sees more than a block's worth at once.
    stretches = [
        piece for start, end in _paragraphs(text) for piece in split_long(text, MAX_BLOCK_CHARS, start, end)
    ]
    for start, end in stretches:
        spans = _segment(text, start, end, language)
        if language == "id":
            spans = _split_quotations(text, spans)
        if len(spans) > 1:
            spans = _reattach_marks(text, spans)
            # The abbreviations and the casing rule are Indonesian; other languages get
            # sentencex's own judgement.
            if language == "id":
                spans = _merge_false_breaks(text, spans)
        spans = [piece for s, e in spans for piece in split_long(text, MAX_SENTENCE_CHARS, s, e)]
        sentences.extend(Sentence(s, e, text[s:e]) for s, e in spans)
    return sentences


# A full stop (or ? !) inside a sentence, then a capital: where a quotation holds two sentences.
_INNER_BREAK = re.compile(r"[.!?…]\s+(?=[\"'“‘]?[^\W\d_])")


def _split_quotations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split the sentences a quotation holds (sentencex keeps a quotation whole).

    A quoted paragraph of five sentences is one sentence to sentencex. The reader points at
    sentences and the model translates them one by one, and both do better with each sentence
    on its own, so a break inside a quotation counts wherever the same words outside one would.
    """
    result = []
    for start, end in spans:
        piece_start = start
        for match in _INNER_BREAK.finditer(text, start, end):
            cut = match.start() + 1
            following = match.end()
            if not text[following:end].lstrip(_OPENERS)[:1].isupper():
                continue
            if not _inside_quotation(text[start:cut]):
                continue  # elsewhere sentencex's judgement stands (initials, its abbreviations)
            head = text[piece_start:cut]
            if _INITIAL.search(head) or _continues(head, text[following:end]) is not False:
                continue
            result.append((piece_start, cut))
            piece_start = following
        result.append((piece_start, end))
    return result


_INITIAL = re.compile(r"(?:^|[\s\"'“‘(])[^\W\d_]\.$")


def _inside_quotation(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the stretches between blank lines."""
    if "\n" not in text:
        return [(0, len(text))]
    stretches = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        stretches.append((position, match.start()))
        position = match.end()
    stretches.append((position, len(text)))
    return stretches


def _segment(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """sentencex's sentences of `text[start:end]` as stripped, absolute offsets."""
    source = text[start:end]
    if not source.isascii():
        source = _WIDE_SPACE.sub(" ", source)
    spans = []
    position = 0
    # Each piece is a verbatim slice (plus whitespace-only paragraph separators), so its
    # stripped core is found at or after the end of the previous core.
    for piece in segment(language, source):
        core = piece.strip()
        if core:
            found = source.find(core, position)
            position = found + len(core)
            spans.append((start + found, start + position))
    return spans


def _reattach_marks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Move opening marks forward and closing marks back to the sentence they belong to."""
    fixed = [spans[0]]
    for start, end in spans[1:]:
        previous_start, previous_end = fixed[-1]
        opener = None
        mark = text[previous_end - 1]
        # A straight quote opens the next sentence only if it touches it: in `pergi. " Lalu`
        # it may as well close this one, so it stays where sentencex put it.
        if mark in _OPENING_MARKS and (start == previous_end or mark not in "\"'"):
            if not text[previous_start:previous_end].strip(_OPENING_MARKS):
                # Nothing but an opening mark: it starts the next sentence.
                fixed[-1] = (previous_start, end)
                continue
            opener = _TRAILING_OPENER.search(text, previous_start, previous_end)
        if opener:
            fixed[-1] = (previous_start, opener.start())
            start = opener.end() - len(opener.group().lstrip())
        else:
            while start < end and (closer := _LEADING_CLOSER.match(text, start, end)):
                fixed[-1] = (previous_start, closer.end())
                start = _skip_space(text, closer.end(), end)
            if start == end:
                # Nothing but closing marks: they end the previous sentence.
                continue
        fixed.append((start, end))
    return fixed


def _skip_space(text: str, position: int, end: int) -> int:
    """The first non-space offset at or after `position`, or `end`."""
    while position < end and text[position].isspace():
        position += 1
    return position


def _merge_false_breaks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join sentences that sentencex split after an abbreviation, a title or a list marker."""
    cased = None
    merged = [spans[0]]
    for start, end in spans[1:]:
        previous_start, previous_end = merged[-1]
        head = text[previous_start:previous_end]
        tail = text[start:end]
        verdict = _continues(head, tail)
        if verdict is None:
            # A lowercase word after a full stop: a stray stop (a machine-translated `kunci.
            # agenda`, an unknown abbreviation such as `5 km. dari`) or a closing quote before
            # `kata`. Merged, unless the block is written in lowercase throughout
            # (`aku pergi. dia pulang.`), where lowercase starts are real sentence starts.
            if cased is None:
                cased = _is_cased(text, spans)
            verdict = cased
        if verdict:
            merged[-1] = (previous_start, end)
        else:
            merged.append((start, end))
    return merged


def _continues(head: str, tail: str) -> bool | None:
    """Whether `tail` continues `head`; None when only the block's casing can tell."""
    following = tail.lstrip(_OPENERS)[:1]
    lowercase = following.islower()
    token = head.rsplit(None, 1)[-1]
    if token.endswith("."):
        if _LIST_MARKER.fullmatch(token):
            before = head[: -len(token)].rstrip()
            if not before or before[-1] in ":;":
                return True
        token = token.lstrip(_OPENERS)
        key = token[:-1].lower()
        if key in _TITLES:
            return True
        if key in _BEFORE_NUMBER:
            return lowercase or following.isdigit()
        if key in _AFTER_WORD or _DOTTED.fullmatch(token):
            return lowercase or tail.startswith("(")
        if key in _COMPANY_OR_DOCUMENT:
            return lowercase or _starts_with_a_name(tail)
    return None if lowercase else False


def _starts_with_a_name(tail: str) -> bool:
    """Whether `tail` opens with two capitalised words."""
    words = tail.split(None, 2)[:2]
    return len(words) == 2 and all(word.lstrip(_OPENERS)[:1].isupper() for word in words)


def _is_cased(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether sentences in this block usually start with a capital."""
    upper = lower = 0
    for start, end in spans:
        first = text[start:end].lstrip(_OPENERS)[:1]
        if first.isupper():
            upper += 1
        elif first.islower():
            lower += 1
    return upper >= lower
