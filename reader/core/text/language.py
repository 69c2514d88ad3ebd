"""Whether a post is written in Indonesian: a warning for the reader when it is not."""

import re

from reader.core.text.document import Document

# Function words make up a quarter of any Indonesian news text and almost none of any other
# language's; counting them is enough to tell, instantly, and needs no model (decision 0012).
_INDONESIAN = frozenset(
    "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena ada adalah "
    "mereka kami kita saya tersebut atau oleh sudah telah bisa dapat lebih para bahwa "
    "sebagai namun tetapi jika kata menjadi hingga saat antara".split()
)
_ENGLISH = frozenset(
    "the and of to in is that it for was on are with as be by this have from at not "
    "he she they which were has had but their will would".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 4000  # code points are plenty to tell
_FEWEST_WORDS = 20  # below this, say nothing


def other_language(document: Document) -> str | None:
    """'English' or 'another language' when the post is plainly not Indonesian, else None."""
    text = " ".join([document.title] + [block.text for block in document.blocks])[:_SAMPLE]
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) < _FEWEST_WORDS:
        return None
    indonesian = sum(word in _INDONESIAN for word in words) / len(words)
    if indonesian >= 0.08:
        return None
    english = sum(word in _ENGLISH for word in words) / len(words)
    return "English" if english >= 0.15 else "another language"
