"""How sure the model was of a translation: its own token log-probabilities, grouped into words.

Scores come from CTranslate2's `score_batch` on the hypothesis beam search chose (decision 0022:
the only way to per-token values for a beam-search translation in CTranslate2 4.x, and cheap).
A word's score is the mean log-probability of its pieces, as Bergamot's quality estimator does
(punctuation glued to a word left out); a word is doubtful below a threshold, ln 0.5 unless the
user sets another. A sentence's confidence is the geometric mean of its tokens' probabilities,
the end-of-sentence token included: exp(mean log-probability), in [0, 1].
"""

from __future__ import annotations

import html
import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DOUBT_THRESHOLD = math.log(0.5)  # Bergamot's and Firefox Translations' default
# Where settings.ini keeps another threshold: `[confidence]` `doubtThreshold=-0.693` (a log-probability).
THRESHOLD_KEY = "confidence/doubtThreshold"

# A word's span in the translation runs over its letters and digits, and what joins them inside
# it (`Russia-US`, `don't`, `8,401`); the punctuation around it is not underlined.
_WORD_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_JOINERS = "'’-"


@dataclass(frozen=True)
class SentenceScores:
    """A translated sentence's confidence and its words' scores, as code-point spans in `text`."""

    text: str  # the translation scored: spans refer to it, and are shown only over this text
    confidence: float  # exp of the mean token log-probability, in [0, 1]
    words: tuple[tuple[int, int, float], ...] = ()  # (start, end, mean log-probability)

    def doubtful(self, threshold: float = DOUBT_THRESHOLD) -> list[tuple[int, int]]:
        """The spans of the words whose score is below `threshold`."""
        return [(start, end) for start, end, score in self.words if score < threshold]

    def to_json(self) -> str:
        """The words as stored in the cache's `scores` column."""
        return json.dumps([[start, end, round(score, 4)] for start, end, score in self.words])

    @classmethod
    def from_cache(cls, text: str, confidence: float, words: str) -> "SentenceScores":
        return cls(text, confidence, tuple((int(s), int(e), float(v)) for s, e, v in json.loads(words)))


SURE = 1.0  # the confidence of a sentence the model never saw (only protected spans and punctuation)


def group_words(tokens: Sequence[str], sentencepiece: bool) -> list[list[int]]:
    """The indexes of each word's pieces: SentencePiece starts a word with `▁`, BPE continues one with `@@`."""
    words: list[list[int]] = []
    continues = False
    for index, token in enumerate(tokens):
        starts = token.startswith("▁") if sentencepiece else not continues
        if starts or not words:
            words.append([index])
        else:
            words[-1].append(index)
        continues = not sentencepiece and token.endswith("@@")
    return words


def bpe_word(pieces: Sequence[str]) -> str:
    """A BPE word's text: pieces joined, Moses's escapes (`&quot;`, `&apos;`) undone."""
    return html.unescape("".join(piece.removesuffix("@@") for piece in pieces))


def sentence_scores(
    text: str, words: Sequence[tuple[str, float]], log_probs: Sequence[float]
) -> SentenceScores:
    """Scores for the final `text` from the model's words (surface text, mean log-probability).

    Each word is looked for in `text` after the previous one, so protected spans put back and
    punctuation made to follow the source do not move the others; a word not found (a
    placeholder, a mark the detokenizer changed) is skipped.
    """
    confidence = math.exp(sum(log_probs) / len(log_probs)) if log_probs else SURE
    spans: list[tuple[int, int, float]] = []
    position = 0
    for surface, score in words:
        core = _WORD_EDGE.sub("", surface.strip())
        if not core:
            continue
        found = text.find(core, position)
        if found < 0:
            continue
        start, end = _whole_word(text, found, found + len(core))
        if spans and start < spans[-1][1]:
            # Two of the model's words in one word of the text (`don` `'t`): the lower score.
            previous = spans.pop()
            start, end, score = previous[0], max(end, previous[1]), min(score, previous[2])
        spans.append((start, end, score))
        position = found + len(core)  # the next piece may be in the same word (`Don` `'t`)
    return SentenceScores(text, min(1.0, confidence), tuple(spans))


def _whole_word(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a match to the word around it (letters, digits, and `'`, `’`, `-` between them): a
    piece inside a word marks the word."""
    while start > 0 and (
        text[start - 1].isalnum() or (text[start - 1] in _JOINERS and start > 1 and text[start - 2].isalnum())
    ):
        start -= 1
    while end < len(text) and (
        text[end].isalnum() or (text[end] in _JOINERS and end + 1 < len(text) and text[end + 1].isalnum())
    ):
        end += 1
    return start, end


def doubt_threshold(value: object) -> float:
    """The threshold a setting holds: a log-probability below 0; anything else gives the default."""
    if value is None or value == "":
        return DOUBT_THRESHOLD
    try:
        threshold = float(value)
    except (TypeError, ValueError):
        threshold = math.nan
    if not -50.0 <= threshold < 0.0:
        log.warning(
            "The setting %s is %r, not a log-probability below 0 (ln 0.5 is -0.693); using ln 0.5", THRESHOLD_KEY, value
        )
        return DOUBT_THRESHOLD
    return threshold


def read_doubt_threshold(data_dir: Path) -> float:
    """The threshold set in the data folder's settings.ini (read without Qt, for the CLI)."""
    from reader.core.platform.settings import read_setting

    return doubt_threshold(read_setting(data_dir, THRESHOLD_KEY))


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)
