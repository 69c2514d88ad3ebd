"""Full-text search of notes: every string typed is a valid query, and each hit carries a snippet."""

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.notes.annotations import Annotation

# Search snippets mark the matched words with these two control characters.
MATCH_START = "\x02"
MATCH_END = "\x03"
# Control characters (NUL ends FTS5's reading of a query) and lone surrogates (not UTF-8, as
# from a command line's undecodable bytes) separate words, as the index's tokenizer treats them.
_SEPARATORS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# A run of letters and digits: what the unicode61 tokenizer makes one token of.
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchHit:
    annotation: Annotation
    document_title: str
    snippet: str  # matched words between MATCH_START and MATCH_END

    def snippet_html(self) -> str:
        """The snippet as HTML with the matched words in bold."""
        escaped = html.escape(self.snippet, quote=False)
        return escaped.replace(MATCH_START, "<b>").replace(MATCH_END, "</b>")


def query_words(text: str) -> tuple[list[str], bool]:
    """The words searched for, and whether the last is a prefix (the user is still typing it)."""
    # A word without a letter or digit would be an empty phrase, which matches nothing and
    # would empty the whole result, so it is dropped.
    cleaned = _SEPARATORS.sub(" ", text)
    words = [word for word in cleaned.split() if any(char.isalnum() for char in word)]
    return words, bool(words) and not cleaned[-1:].isspace()


def fts_query(text: str) -> str | None:
    """The words typed as an FTS5 query: each quoted, all required, the last a prefix while typing."""
    # Quoting makes every character literal: ", *, -, :, parentheses, AND, OR, NOT and NEAR are
    # words like any other.
    words, prefix = query_words(text)
    if not words:
        return None
    terms = ['"' + word.replace('"', '""') + '"' for word in words]
    if prefix:
        terms[-1] += "*"
    return " ".join(terms)


def search_hit(annotation: Annotation, title: str | None, snippets: Sequence[str], query: str) -> SearchHit:
    """A hit whose snippet is the first of quote, note and counterpart with a match, else the tags."""
    for text in snippets:
        if MATCH_START in text:
            return SearchHit(annotation, title or "", text)
    return SearchHit(annotation, title or "", marked_tags(annotation.tags, query))


def marked_tags(tags: Sequence[str], query: str) -> str:
    """The tags as `#tag`, with the words the query matched marked, as the index matched them."""
    # Marked here, not by highlight(): the index holds the tags as JSON, whose escapes
    # (\u0001, \") a marker could land inside.
    words, prefix = query_words(query)
    exact: set[str] = set()
    starts: set[str] = set()
    for number, word in enumerate(words):
        tokens = [_fold(token) for token in _TOKEN.findall(word)]
        if prefix and number == len(words) - 1 and tokens:
            starts.add(tokens.pop())
        exact.update(tokens)

    def mark(found: re.Match) -> str:
        token = _fold(found.group())
        if token in exact or any(token.startswith(start) for start in starts):
            return MATCH_START + found.group() + MATCH_END
        return found.group()

    return " ".join("#" + _TOKEN.sub(mark, tag) for tag in tags)


def _fold(text: str) -> str:
    """Case and diacritics removed, as the index's tokenizer (unicode61, remove_diacritics 2) does."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
