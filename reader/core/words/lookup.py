"""Look a word up in the installed dictionaries: as written, in lower case, and by its root."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import BadDictionary
from reader.core.words.stardict import Entry, StarDict

log = logging.getLogger(__name__)

# Characters trimmed from a word picked out of running text ("memperbaiki," or «KTT»).
_PUNCTUATION = "\"'“”‘’«»()[]{}<>.,;:!?…—–-/\\*_~`"


@dataclass(frozen=True)
class Match:
    """An entry and the form of the word that found it: `word` (as written or lower case) or `root`."""

    form: str
    entry: Entry


@dataclass(frozen=True)
class LookupResult:
    word: str
    root: str | None  # None when the root is the word itself
    matches: tuple[Match, ...]
    problems: tuple[str, ...] = ()  # the dictionaries that could not be read, each with its fault

    @property
    def found(self) -> bool:
        return bool(self.matches)


class Stemmer:
    """Sastrawi's Indonesian stemmer (memperbaiki → baik), with its word list in a set."""

    def __init__(self):
        from Sastrawi.Stemmer.Stemmer import Stemmer as SastrawiStemmer
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        # Sastrawi keeps its 30,000 root words in a list and searches it hundreds of times per
        # word (up to 160 ms); the same words in a set take well under a millisecond.
        words = {word for word in StemmerFactory().get_words() if word.strip()}
        self._stemmer = SastrawiStemmer(_WordSet(words))
        # The first word compiles Sastrawi's regular expressions (about 10 ms): done here, off the
        # GUI thread when the app opens the dictionaries, not on the first lookup.
        self._stemmer.stem("memperbaiki")
        self.root = functools.lru_cache(maxsize=4096)(self._root)

    def _root(self, word: str) -> str:
        return self._stemmer.stem(word)


class _WordSet:
    """The dictionary interface Sastrawi's stemmer asks (contains), over a set."""

    def __init__(self, words: set[str]):
        self.words = words

    def contains(self, word: str) -> bool:
        return word in self.words

    def count(self) -> int:
        return len(self.words)


def clean_word(text: str) -> str:
    """The word in `text` without the punctuation around it."""
    return text.strip().strip(_PUNCTUATION).strip()


class Lookup:
    """Dictionaries opened once, and the stemmer, answering lookups."""

    def __init__(self, dictionaries: Sequence[StarDict], stemmer: Stemmer | None = None):
        self.dictionaries = list(dictionaries)
        self.stemmer = stemmer or Stemmer()

    @classmethod
    def open(cls, data_dir: Path) -> Lookup:
        from reader.core.words.dictionaries import open_dictionaries

        return cls(open_dictionaries(data_dir))

    def root(self, word: str) -> str | None:
        """The word's root by Sastrawi, or None when it has none other than the word."""
        word = clean_word(word)
        if not word or not any(char.isalpha() for char in word):
            return None
        root = self.stemmer.root(word.lower())
        return root if root and root != word.lower() else None

    def lookup(self, text: str) -> LookupResult:
        """Entries for the word as written and its lower case (exact spelling first), then for its root."""
        word = clean_word(text)
        root = self.root(word)
        matches: list[Match] = []
        problems: dict[str, None] = {}
        for form, key in (("word", word), ("root", root)):
            for dictionary in self.dictionaries if key else ():
                try:
                    matches += [Match(form, entry) for entry in dictionary.lookup(key)]
                except BadDictionary as error:
                    # A shared folder's dictionary damaged behind its index: the others still answer.
                    log.warning("Leaving a dictionary out of a lookup: %s", error)
                    problems[str(error)] = None
        return LookupResult(word, root, tuple(matches), tuple(problems))

    def close(self) -> None:
        for dictionary in self.dictionaries:
            dictionary.close()
