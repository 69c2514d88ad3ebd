"""Spans the model must not see: URLs, e-mail addresses, file names, tags, and the glossary's terms.

Each is replaced by a number the model copies, and put back (or replaced by the user's term) after.
"""

from __future__ import annotations

import logging
import re

from reader.core.translate.glossary import Glossary

log = logging.getLogger(__name__)

# URLs, e-mail addresses, file names, words with underscores, hashtags and mentions never pass
# through the tokenizer: Moses splits them, and Argos's SentencePiece decoder turns `_` into
# spaces. Each is replaced by a placeholder the model copies, and put back afterwards.
_URL = r"\b(?:https?|ftp)://[^\s<>\"“”]+|\bwww\d{0,3}\.[^\s<>\"“”]+"
_EMAIL = r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_DOMAIN = (
    r"\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
    r"(?:com|net|org|id|info|io|gov|edu|co|tv|me|news|biz|asia|uk|au|my|sg)\b(?:/[^\s<>\"“”]*)?"
)
_FILE = (
    r"(?<![\w./-])\w[\w.-]*\.(?:pdf|docx?|xlsx?|pptx?|od[tsp]|rtf|txt|csv|json|xml|html?|"
    r"jpe?g|png|gif|svg|webp|mp[34]|wav|zip|rar|7z|tar|gz|apk|exe|py|js)\b"
)
_UNDERSCORED = r"\w*_\w*"
_TAG = r"(?<![\w#@])[#@]\w+"  # hashtags and mentions, which Moses splits after the sign
# At one position the first alternative that matches wins, so the order matters: an e-mail
# address before the domain inside it, a file name before its underscores.
_SPAN = re.compile(
    "|".join(f"(?:{p})" for p in (_URL, _EMAIL, _DOMAIN, _FILE, _UNDERSCORED, _TAG)), re.I
)
_TRAILING = ".,;:!?'\"”’»)]}"

# Placeholders are four-digit numbers: translation models copy numbers unchanged (they are the
# same in both languages), in one piece for either tokenizer kind. Indonesian writes 8.401 where
# English writes 8,401, so a model may add a separator; restoring accepts that.
_PLACEHOLDER_BASE = 8401
_SENTENCE_END = re.compile(r"[\s.!?…:;\"'”’»)\]]*$")


def protect(sentence: str, glossary: Glossary | None = None) -> tuple[str, list[tuple[str, str]]]:
    """Replace protected spans and glossary terms by numbers; return the text and the (number,
    what goes back) pairs: a span itself, or the term's translation. A term inside a URL stays."""
    spans = []
    for match in _SPAN.finditer(sentence):
        kept = _trim(match.group())
        if kept:
            spans.append((match.start(), match.start() + len(kept), None))
    if glossary:
        taken = list(spans)
        for start, end, entry in glossary.find(sentence):
            if not any(start < s_end and s_start < end for s_start, s_end, _ in taken):
                spans.append((start, end, entry.target))
        spans.sort()
    if not spans:
        return sentence, []
    back = [sentence[start:end] if target is None else target for start, end, target in spans]
    base = _PLACEHOLDER_BASE
    while any(str(base + i) in text for i in range(len(spans)) for text in (sentence, *back)):
        base += 100
    pieces, pairs, position = [], [], 0
    for i, ((start, end, _target), replacement) in enumerate(zip(spans, back)):
        placeholder = str(base + i)
        pieces += [sentence[position:start], placeholder]
        pairs.append((placeholder, replacement))
        position = end
    pieces.append(sentence[position:])
    return "".join(pieces), pairs


def _trim(span: str) -> str:
    """Drop sentence punctuation caught at the end of a URL, keeping balanced brackets."""
    while span and span[-1] in _TRAILING:
        opening = {")": "(", "]": "[", "}": "{"}.get(span[-1])
        if opening and span.count(opening) >= span.count(span[-1]):
            break
        span = span[:-1]
    return span


# The model may write 8401 as 8,401 or 8.401: both are found. A placeholder the model repeats
# is put back once and the repeats dropped. One the model dropped is not lost: its span is added
# at the end of the sentence, before the closing punctuation, in the original order.
def restore(translation: str, pairs: list[tuple[str, str]]) -> str:
    """Put protected spans back in place of their numbers; a lost one goes before the final stop."""
    lost = []
    for placeholder, original in pairs:
        head, tail = placeholder[0], placeholder[1:]
        pattern = re.compile(rf"(?<!\d){head}[.,\u00a0 ]?{tail}(?!\d|[.,]\d)")
        matches = list(pattern.finditer(translation))
        if not matches:
            lost.append(original)
            continue
        for match in reversed(matches[1:]):
            translation = _cut(translation, match.start(), match.end())
        first = matches[0]
        translation = translation[: first.start()] + original + translation[first.end() :]
    if lost:
        log.info("The model dropped %d protected span(s); adding them at the end", len(lost))
        end = _SENTENCE_END.search(translation).start()
        body = (translation[:end].rstrip() + " " + " ".join(lost)).lstrip()
        translation = body + translation[end:]
    return translation


def _cut(text: str, start: int, end: int) -> str:
    """Remove text[start:end] and one space beside it."""
    if start > 0 and text[start - 1] == " ":
        start -= 1
    elif end < len(text) and text[end] == " ":
        end += 1
    return text[:start] + text[end:]


def needs_model(protected: str, pairs: list[tuple[str, str]]) -> bool:
    """A sentence that is only protected spans and punctuation is its own translation."""
    for placeholder, _original in pairs:
        protected = protected.replace(placeholder, "")
    return bool(re.search(r"\w", protected))
