"""Word bounds for quotes made with the mouse: Indonesian words stay whole, punctuation stays out."""

import random
from pathlib import Path

import pytest

from reader.core.notes.annotations import Quote, new_annotation
from reader.core.notes.columns import ORIGINAL, TRANSLATION
from reader.core.notes.word_bounds import next_word_end, previous_word_start, widen_to_words, word_at, word_spans
from reader.core.text.document import Block, Document

NEWS = Path(__file__).parents[2] / "data" / "id-news"


def _words(text: str) -> list[str]:
    return [text[start:end] for start, end in word_spans(text)]


@pytest.mark.parametrize(
    "text, words",
    [
        ("Anak-anak bermain di rumah-rumah.", ["Anak-anak", "bermain", "di", "rumah-rumah"]),
        ("awalan di- dan ke- serta se-, lalu -nya.", ["awalan", "di-", "dan", "ke-", "serta", "se-", "lalu", "-nya"]),
        ("Harganya Rp1.000 (naik 3,5%) pada 1990-an.", ["Harganya", "Rp1.000", "naik", "3,5", "pada", "1990-an"]),
        ("Hari Jum'at, Qur’an dan 'kutipan' itu.", ["Hari", "Jum'at", "Qur’an", "dan", "kutipan", "itu"]),
        ("«KTT» berakhir... \"Ya!\" katanya—lalu pergi?", ["KTT", "berakhir", "Ya", "katanya", "lalu", "pergi"]),
        # A hyphen used as a dash, as the news in tests/data writes it, stays out of the word.
        ("Dan Sarah Murdoch- seorang model; Rekan -PricewaterhouseCoopers", ["Dan", "Sarah", "Murdoch", "seorang", "model", "Rekan", "PricewaterhouseCoopers"]),
        ("pre- and post-war students' books", ["pre-", "and", "post-war", "students", "books"]),
        ("Jakarta - Presiden", ["Jakarta", "Presiden"]),
    ],
)
def test_word_spans_keep_indonesian_words_whole_and_punctuation_out(text, words):
    assert _words(text) == words


def test_widen_to_words_moves_an_end_inside_a_word_to_that_words_edge():
    text = "Pemerintah secara bertahap membangun rumah-rumah."
    secar = text.index("secar")
    assert text[slice(*widen_to_words(text, secar, secar + 5))] == "secara"
    assert text[slice(*widen_to_words(text, secar + 2, text.index("umah-") + 3))] == "secara bertahap membangun rumah-rumah"


def test_widen_to_words_keeps_ends_between_words_and_around_punctuation():
    text = "Harga naik, katanya."
    comma = text.index(",")
    assert widen_to_words(text, comma, comma + 2) == (comma, comma + 2)
    assert widen_to_words(text, 0, len(text)) == (0, len(text))
    assert widen_to_words(text, -3, 99) == (0, len(text))
    assert widen_to_words("", 0, 0) == (0, 0)


def test_word_at_prefers_the_word_holding_the_character_then_the_one_ending_there():
    text = "di pasar, ramai"
    assert word_at(text, 3) == (3, 8)
    assert word_at(text, 8) == (3, 8)  # just after "pasar", on the comma
    assert word_at(text, 9) is None  # on the space after the comma
    assert word_at(text, 10) == (10, 15)


def test_next_word_end_and_previous_word_start_step_over_whole_words():
    text = "rumah-rumah di kampung"
    assert text[: next_word_end(text, 0)] == "rumah-rumah"
    assert text[: next_word_end(text, 11)] == "rumah-rumah di"
    assert next_word_end(text, len(text)) is None
    assert text[previous_word_start(text, len(text)) :] == "kampung"
    assert text[previous_word_start(text, text.index("di")) :] == "rumah-rumah di kampung"
    assert previous_word_start(text, 0) is None


@pytest.mark.parametrize("path", sorted(NEWS.glob("*.txt")), ids=lambda p: p.name)
def test_widened_ranges_of_real_news_never_start_or_end_inside_a_word(path):
    text = path.read_text(encoding="utf-8")
    spans = word_spans(text)
    inside = {offset for start, end in spans for offset in range(start + 1, end)}
    draw = random.Random(path.name)
    for _ in range(300):
        start = draw.randrange(len(text))
        end = draw.randrange(start, min(len(text), start + 200) + 1)
        wide_start, wide_end = widen_to_words(text, start, end)
        assert wide_start <= start and end <= wide_end
        assert wide_start not in inside and wide_end not in inside
        # Only as far as the word: nothing beyond the word the end was in.
        assert " " not in text[wide_start:start]
        assert " " not in text[end:wide_end]


def _document() -> Document:
    blocks = [Block.of("paragraph", "Pemerintah secara bertahap membangun 1.000 rumah-rumah baru.")]
    return Document("doc", "content", "/posts/doc.txt", "Judul", None, None, blocks)


def test_a_mouse_quote_cut_inside_words_is_stored_with_the_whole_words():
    document = _document()
    text = document.blocks[0].text
    start, end = text.index("secar") + 1, text.index("memb") + 4  # "ecar" to "memb"
    quote = Quote(document, ORIGINAL, 0, start, end, whole_words=True)
    annotation = new_annotation(quote, color="yellow", now="2026-01-01T00:00:00.000Z")
    assert annotation.exact == "secara bertahap membangun"
    assert (annotation.start, annotation.end) == (text.index("secara"), text.index(" 1.000"))
    assert annotation.prefix.endswith("Pemerintah ") and annotation.suffix.startswith(" 1.000")


def test_a_mouse_quote_keeps_numbers_and_hyphenated_words_whole_in_the_translation_column():
    document = _document()
    translations = ["The government is gradually building 1,000 new houses."]
    text = translations[0]
    quote = Quote(document, TRANSLATION, 0, text.index(",000") + 1, text.index("ew ") + 1, translations=translations, model="m", whole_words=True)
    annotation = new_annotation(quote, color="green", now="2026-01-01T00:00:00.000Z")
    assert annotation.exact == "1,000 new"


def test_a_keyboard_quote_keeps_the_ends_the_user_chose():
    document = _document()
    text = document.blocks[0].text
    start = text.index("secar")
    annotation = new_annotation(Quote(document, ORIGINAL, 0, start, start + 5), color="yellow", now="2026-01-01T00:00:00.000Z")
    assert annotation.exact == "secar"
