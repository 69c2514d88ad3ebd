"""Tests for quote anchoring: the public conformance cases, both search backends, and locate."""

import json
import random
from pathlib import Path

import pytest

from reader.core.notes import anchoring
from reader.core.notes.anchoring import approx_search, edit_distance, find_exact, locate, locate_approximate

DATA = Path(__file__).parents[2] / "data"
CASES = json.loads((DATA / "anchoring" / "public_cases.json").read_text("utf-8"))
STRICT = [case for case in CASES if case["mode"] == "strict_all_matches"]
APPROX = [case for case in CASES if case["mode"] == "approx_search_min_errors"]


def levenshtein(a: str, b: str) -> int:
    """Plain Wagner-Fischer distance, independent of the code under test."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            substitution = previous[j - 1] + (char_a != char_b)
            current.append(min(previous[j] + 1, current[j - 1] + 1, substitution))
        previous = current
    return previous[-1]


def brute_approx_search(text: str, pattern: str, max_errors: int) -> list[tuple[int, int, int]]:
    """Every non-empty span at the least distance, by trying them all."""
    if not pattern or not text:
        return []
    spans = [(start, end) for start in range(len(text)) for end in range(start + 1, len(text) + 1)]
    distances = {span: levenshtein(pattern, text[span[0] : span[1]]) for span in spans}
    best = min(distances.values())
    if best > max_errors:
        return []
    return sorted((start, end, best) for (start, end), value in distances.items() if value == best)


def via_edlib(text: str, pattern: str, max_errors: int) -> list[tuple[int, int, int]]:
    coded = anchoring._encode(pattern, text)
    assert coded is not None
    return anchoring._occurrences(*coded, max_errors, anchoring._edlib_ends)


def via_fallback(text: str, pattern: str, max_errors: int) -> list[tuple[int, int, int]]:
    return anchoring._occurrences(pattern, text, max_errors, anchoring._myers_ends)


# Public conformance cases


@pytest.mark.parametrize("case", STRICT, ids=[case["name"] for case in STRICT])
def test_find_exact_returns_every_match_of_the_public_case(case):
    expected = [tuple(span) for span in case["expected_all"]]
    assert find_exact(case["text"], case["exact"], case["prefix"], case["suffix"]) == expected


@pytest.mark.parametrize("case", APPROX, ids=[case["name"] for case in APPROX])
def test_approx_search_meets_the_public_case(case):
    if case["offset_units"] == "utf16_code_units":
        pytest.skip("expects UTF-16 code units (the emoji counts 2); we count code points, tested below")
    text, pattern, max_errors = case["text"], case["exact"], case["max_errors"]
    found = approx_search(text, pattern, max_errors)

    if case["asserts"] == "no_match":
        assert found == []
        return
    # Every returned span really has the reported distance, and they all share the minimum.
    assert all(levenshtein(pattern, text[start:end]) == errors for start, end, errors in found)
    assert len({errors for _, _, errors in found}) == 1
    assert found == sorted(found)
    if case["asserts"] == "every_match_text_equals":
        assert all(text[start:end] == "discovery" for start, end, _ in found)
        expected = {tuple(span) for span in case["expected_all"]}
        assert {(start, end) for start, end, _ in found} >= expected
        return
    expected = [tuple(match) for match in case["expected_all"]]
    if case["asserts"] in ("all_matches", "count_5"):
        assert found == sorted(expected)
    else:
        assert set(found) >= set(expected)


def test_public_cases_are_all_run_or_skipped_for_a_stated_reason():
    assert len(STRICT) == 25
    assert len(APPROX) == 23
    assert sum(case.get("offset_units") == "utf16_code_units" for case in CASES) == 2


def test_approx_search_counts_an_emoji_as_one_code_point():
    # The two UTF-16 public cases, restated in code points.
    assert approx_search("sm😊le", "smile", 5) == [(0, 5, 1)]
    assert approx_search("sm😊le", "sm😊le", 5) == [(0, 5, 0)]


# approx_search semantics


def test_approx_search_returns_every_start_for_a_best_end():
    # approx-string-match reports one start per end; we report every span with the least distance.
    assert approx_search("facebook", "fcebook", 7) == [(0, 8, 1), (1, 8, 1), (2, 8, 1)]


def test_approx_search_returns_nothing_beyond_max_errors():
    assert approx_search("four candles", "foouur", 1) == []
    assert approx_search("three blind mice", "bliind", 0) == []


def test_approx_search_returns_nothing_for_an_empty_pattern_or_text():
    assert approx_search("foo", "", 3) == []
    assert approx_search("", "foo", 3) == []


def test_approx_search_offsets_are_code_points_after_non_latin_text():
    text = "“Harga” 😊 naik — kata menteri"
    start = text.index("kata")
    assert approx_search(text, "kata mentri", 2) == [(start, len(text), 1)]


def test_approx_search_handles_a_text_with_more_than_256_distinct_characters():
    alphabet = [chr(0x4E00 + i) for i in range(300)]
    text = "".join(alphabet) + "kata menteri" + "".join(reversed(alphabet))
    assert anchoring._encoded_text(text) is None  # too many for a cached one-byte code
    found = approx_search(text, "kata mentri", 2)
    assert found == [(300, 312, 1)]
    assert found == via_fallback(text, "kata mentri", 2)


def test_approx_search_falls_back_when_the_pattern_has_more_than_256_distinct_characters():
    alphabet = "".join(chr(0x4E00 + i) for i in range(300))
    text = "awal " + alphabet + " akhir"
    pattern = alphabet[:100] + "X" + alphabet[101:]
    assert anchoring._encode(pattern, text) is None
    assert approx_search(text, pattern, 10) == [(5, 305, 1)]


def test_edlib_and_fallback_agree_with_brute_force_on_random_strings():
    rng = random.Random(20240601)
    for _ in range(1500):
        alphabet = rng.choice(["ab", "abc", "aéi😊 "])
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        pattern = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
        max_errors = rng.randint(0, 7)
        expected = brute_approx_search(text, pattern, max_errors)
        assert via_edlib(text, pattern, max_errors) == expected, (text, pattern, max_errors)
        assert via_fallback(text, pattern, max_errors) == expected, (text, pattern, max_errors)
        assert approx_search(text, pattern, max_errors) == expected


def test_edlib_and_fallback_agree_on_longer_random_indonesian_like_text():
    rng = random.Random(7)
    words = "dan yang di itu dengan untuk tidak dari dalam akan pada juga ke karena harga naik".split()
    for _ in range(100):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(20, 80)))
        start = rng.randrange(len(text) - 10)
        pattern = list(text[start : start + rng.randint(5, 70)])
        for _ in range(rng.randint(0, 4)):
            pattern[rng.randrange(len(pattern))] = rng.choice("aiueo xyz")
        pattern = "".join(pattern)
        max_errors = len(pattern) // 2
        assert via_edlib(text, pattern, max_errors) == via_fallback(text, pattern, max_errors)


def test_edit_distance_counts_code_points_with_or_without_edlib():
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "monyet") == edit_distance("monyet", "") == 6
    assert edit_distance("a😊b", "ab") == 1
    assert edit_distance("“kata” dia", '"kata" dia') == 2  # past Latin-1: coded symbol by symbol
    assert edit_distance("kata “dia”", "kata “dia”.") == 1
    many = "".join(chr(0x4E00 + i) for i in range(300))  # past edlib's 256 symbols
    assert anchoring._encode_pair(many, many[1:] + "x") is None
    assert edit_distance(many, many[1:] + "x") == 2


# find_exact


def test_find_exact_offsets_are_code_points_after_an_emoji():
    assert find_exact("😊 “naik” naik", "naik") == [(3, 7), (9, 13)]


def test_find_exact_on_an_empty_text_finds_only_the_empty_quote():
    assert find_exact("", "") == [(0, 0)]
    assert find_exact("", "a") == []


# locate

PARAGRAPH = (
    "Pemerintah kota Delhi mengerahkan monyet untuk mengusir monyet-monyet lain yang berbadan "
    "lebih kecil dari arena Pesta Olahraga Persemakmuran. Beberapa laporan menyebutkan "
    "setidaknya 10 monyet ditempatkan di luar arena lomba dan pertandingan di ibukota India."
)


def anchor(text: str, exact: str, occurrence: int = 0, width: int = 32) -> dict:
    """The selector a highlight of the n-th occurrence of `exact` would store."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(exact, start + 1)
    end = start + len(exact)
    prefix, suffix = text[max(0, start - width) : start], text[end : end + width]
    return {"exact": exact, "prefix": prefix, "suffix": suffix, "hint": start}


def test_locate_finds_quote_where_it_was_in_unchanged_text():
    selector = anchor(PARAGRAPH, "arena Pesta Olahraga")
    start = selector["hint"]
    assert locate(PARAGRAPH, **selector) == (start, start + len("arena Pesta Olahraga"))


def test_locate_finds_quote_after_text_inserted_before_it():
    selector = anchor(PARAGRAPH, "setidaknya 10 monyet ditempatkan")
    changed = "Kantor berita AFP melaporkan hal itu pada hari Senin. " + PARAGRAPH
    start = changed.index(selector["exact"])
    assert locate(changed, **selector) == (start, start + len(selector["exact"]))


def test_locate_finds_quote_after_words_changed_inside_it():
    selector = anchor(PARAGRAPH, "mengusir monyet-monyet lain yang berbadan lebih kecil")
    changed = PARAGRAPH.replace("lain yang berbadan lebih kecil", "lain yang bertubuh lebih kecil")
    start = changed.index("mengusir")
    assert locate(changed, **selector) == (start, changed.index(" dari arena"))


def test_locate_finds_quote_after_text_inserted_before_and_a_word_changed_inside():
    selector = anchor(PARAGRAPH, "ditempatkan di luar arena lomba")
    changed = "Sebuah kalimat baru. " + PARAGRAPH.replace("luar arena", "sekitar arena")
    start = changed.index("ditempatkan")
    assert locate(changed, **selector) == (start, changed.index(" dan pertandingan"))


def test_locate_picks_the_repeated_quote_whose_context_matches():
    text = "Harga beras naik lagi di Jakarta. Di Surabaya, harga beras naik lagi minggu ini."
    selector = anchor(text, "arga beras naik lagi", 1)
    # The hint points at the first copy, as if text before the quote had been removed.
    selector["hint"] = 1
    start = text.index("arga beras naik lagi minggu")
    assert locate(text, **selector) == (start, start + len("arga beras naik lagi"))


def test_locate_picks_the_repeated_quote_nearest_the_hint_when_contexts_tie():
    text = "Ada kalimat yang sama. Ada kalimat yang sama. Ada kalimat yang sama."
    second = text.index("kalimat yang sama", 5)
    assert locate(text, "kalimat yang sama", hint=second + 3) == (second, second + 17)


def test_locate_takes_the_first_of_identical_candidates_without_a_hint():
    text = "lorem ipsum dolor. lorem ipsum dolor."
    assert locate(text, "ipsum dolor") == (6, 17)


def test_locate_prefers_an_exact_copy_over_an_edited_one_with_matching_context():
    selector = anchor(PARAGRAPH, "arena Pesta Olahraga")
    changed = PARAGRAPH.replace("arena Pesta Olahraga", "arena Pesta Olah Raga")
    changed += " Di arena Pesta Olahraga."
    assert locate(changed, **selector) == (len(changed) - len("arena Pesta Olahraga."), len(changed) - 1)


def test_locate_prefers_the_edited_quote_with_its_context_over_a_closer_copy_elsewhere():
    original = "Menurut BPS, harga beras naik sepuluh persen bulan ini di seluruh provinsi."
    selector = anchor(original, "harga beras naik sepuluh persen bulan ini")
    changed = (
        "Tahun lalu harga beras naik sebelas persen bulan ini juga. "
        + original.replace("sepuluh persen", "dua belas persen")
    )
    nearer = approx_search(changed, selector["exact"], 20)
    assert {start for start, _, _ in nearer} == {11}  # the copy elsewhere has fewer edits
    start = changed.index("harga beras naik dua")
    assert locate(changed, **selector) == (start, changed.index(" di seluruh"))


def test_locate_returns_none_when_the_quote_was_deleted():
    selector = anchor(PARAGRAPH, "setidaknya 10 monyet ditempatkan")
    changed = PARAGRAPH.replace("setidaknya 10 monyet ditempatkan ", "")
    assert locate(changed, **selector) is None


def test_locate_returns_none_when_more_than_half_the_quote_changed():
    assert locate("Harga minyak goreng turun.", "Harga beras naik lagi") is None


def test_locate_returns_none_for_an_empty_quote():
    assert locate(PARAGRAPH, "") is None
    assert locate(PARAGRAPH, "", prefix="Delhi ", hint=0) is None


def test_locate_breaks_a_score_tie_by_the_length_closest_to_the_quote():
    # "naik lagi" and "naik lagi!" are each one edit from the quote, with equal scores.
    assert approx_search("harga naik lagi!", "naik lagi,", 5) == [(6, 15, 1), (6, 16, 1)]
    assert locate("harga naik lagi!", "naik lagi,") == (6, 16)


def test_locate_does_not_cut_a_word_that_replaced_the_last_word_of_the_quote():
    text = "Dana itu dijadikan sebagai listrik desa."
    # The fewest edits end inside the new word: "dijadikan sebagai listri".
    assert approx_search(text, "dijadikan sebagai sosialisasi", 14)[0][:2] == (9, 33)
    assert locate(text, "dijadikan sebagai sosialisasi", prefix="Dana itu ", suffix=" desa.") == (9, 34)


def test_locate_does_not_cut_a_word_that_replaced_the_first_word_of_the_quote():
    text = "Anggaran mendekati belanja Teknologi Informasi tahun ini."
    quote = "untuk belanja Teknologi Informasi"
    start, end = locate(text, quote, prefix="Anggaran ", suffix=" tahun ini.")
    assert (text[start - 1], text[end]) == (" ", " ")


def test_locate_leaves_a_word_cut_when_no_whole_word_span_is_within_half_the_quote():
    text = "Harga naik drasxxxxxxxxxxxxxxxxxx."
    # Whole words give "naik" (8 edits) or "naik drasxxx...x" (over 6); both exceed half of 12.
    assert locate(text, "naik drastis") == (6, 18)


def test_locate_keeps_a_mid_word_end_when_the_quote_itself_ended_mid_word():
    text = "Harga beras naik sepuluh persen."
    # The stored quote stopped inside "sepuluh" (its suffix goes on with "h"), so the span may too.
    assert locate(text, "beras naek sepulu", prefix="Harga ", suffix="h persen.") == (6, 23)


def test_locate_counts_offsets_in_code_points():
    text = "😊 “Kata” menteri: harga beras naik lagi."
    start = text.index("harga")
    assert locate(text, "harga beras naik", prefix="menteri: ", hint=0) == (start, start + 16)


def test_locate_works_on_a_whole_document_text():
    files = sorted((DATA / "id-news").glob("*.txt"))
    document = "\n\n".join(path.read_text("utf-8").strip() for path in files)
    assert len(document) > 60_000
    exact = "kantor perdana menteri dan departemen pertahanan"
    selector = anchor(document, exact)
    target = selector["hint"]
    changed = (
        document[:target].replace("Binatang ini", "Hewan itu", 1)
        + "kantor perdana menteri dan kementerian pertahanan"
        + document[target + len(exact) :]
    )
    start = target - len("Binatang ini") + len("Hewan itu")
    end = start + len(exact) - len("departemen") + len("kementerian")
    assert locate(changed, **selector) == (start, end)


# Short quotes (under 8 code points)


def test_locate_moves_a_short_quote_where_its_prefix_matches_exactly():
    text = "Harga naik. Lalu harga beras naik lagi."
    start = text.index("naik lagi")
    assert locate(text, "naik", prefix="beras ", suffix=" tajam", hint=6) == (start, start + 4)


def test_locate_moves_a_short_quote_where_its_suffix_matches_exactly():
    text = "Harga naik. Lalu harga beras naik lagi."
    assert locate(text, "naik", prefix="emas ", suffix=". Lalu", hint=30) == (6, 10)


def test_locate_returns_a_short_quote_occurring_once_whatever_its_context():
    text = "Harga emas turun. Lalu harga beras naik lagi."
    start = text.index("naik")
    assert locate(text, "naik", prefix="minyak ", suffix=" tajam", hint=0) == (start, start + 4)


def test_locate_picks_the_short_quote_whose_context_is_closest_when_neither_matches_exactly():
    text = "Harga naik. Lalu harga beras naik lagi."
    start = text.index("naik lagi")
    # "beras " is one edit from "berat "; "Harga " is further from it.
    assert locate(text, "naik", prefix="berat ", suffix=" lagu", hint=6) == (start, start + 4)


def test_locate_uses_the_hint_for_a_short_quote_without_context():
    text = "Ekonomi dan ekonomi. Berita Ekonomi"
    assert locate("Ekonomi", "Ekonomi", hint=0) == (0, 7)
    assert locate(text, "Ekonomi", prefix="", suffix="", hint=30) == (28, 35)
    assert locate(text, "Ekonomi") == (0, 7)


def test_locate_leaves_an_edited_short_quote_unanchored_when_neither_context_touches_it():
    text = "Harga naek. Lalu harga beras naek lagi."
    assert locate(text, "naik", prefix="emas ", suffix=" tajam", hint=6) is None
    assert locate(text, "naik", hint=6) is None


def test_locate_moves_an_edited_short_quote_where_its_context_matches_exactly():
    text = "Dia berkata harga turun. Harga beras naek tajam, kata menteri."
    start = text.index("naek")
    assert locate(text, "naik", prefix="Harga beras ", suffix=" tajam", hint=0) == (start, start + 4)


def test_locate_prefers_the_short_quote_with_both_contexts_matching():
    text = "beras naik lagi; emas naik tajam; beras naik tajam."
    start = text.rindex("naik")
    assert locate(text, "naik", prefix="beras ", suffix=" tajam", hint=0) == (start, start + 4)


def test_locate_treats_a_quote_of_eight_code_points_as_long():
    assert locate("Harga beras naik lagi.", "beras na") == (6, 14)


# The Hypothesis client's context cases (match-quote-test.js), on the same public-domain text. Its
# contexts do not touch the quote (no space between), so they choose among exact occurrences.

TWO_CITIES = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age "
    "of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season "
    "of Light, it was the season of Darkness, it was the spring of hope, it was the winter of "
    "despair, we had everything before us, we had nothing before us, we were all going direct to "
    "Heaven, we were all going direct the other way."
)


@pytest.mark.parametrize(
    "quote, prefix, suffix, expected",
    [
        ("before us", "we had everything", None, "before us, we had nothing"),
        ("before us", "we had nothing", None, "before us, we were all going"),
        ("before us", "we had every-thing", None, "before us, we had nothing"),
        ("before us", "we had nout", None, "before us, we were all going"),
        ("we had", None, "everything", "we had everything"),
        ("we had", None, "nothing", "we had nothing"),
        ("we had", None, "ever ting", "we had everything"),
        ("we had", None, "nutting", "we had nothing"),
    ],
)
def test_locate_returns_the_exact_occurrence_with_the_closest_context(quote, prefix, suffix, expected):
    start = TWO_CITIES.index(expected)
    assert locate(TWO_CITIES, quote, prefix, suffix) == (start, start + len(quote))


def test_locate_returns_an_exact_occurrence_exactly_even_with_a_context_that_does_not_touch():
    # Anchoring at the suffix used to give "we had " (one code point too long).
    start, end = locate(TWO_CITIES, "we had", suffix="everything")
    assert TWO_CITIES[start:end] == "we had"


def test_locate_chooses_between_equal_approximate_matches_by_the_hint():
    first = TWO_CITIES.index("everything before us") + len("everything ")
    second = TWO_CITIES.index("nothing before us") + len("nothing ")
    assert locate(TWO_CITIES, "befor us", hint=first)[0] == first
    assert locate(TWO_CITIES, "befor us", hint=second)[0] == second
    assert locate(TWO_CITIES, "befor us")[0] == first


def test_locate_approximate_ignores_exact_copies_away_from_the_context():
    text = "harga beras naik lagi. Kata menteri, harga beras naek lagi minggu ini."
    selector = {"prefix": "Kata menteri, ", "suffix": " minggu ini."}
    start = text.index("harga beras naek")
    assert locate(text, "harga beras naik lagi", **selector) == (0, 21)
    assert locate_approximate(text, "harga beras naik lagi", **selector) == (start, start + 21)
