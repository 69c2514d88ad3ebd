"""The glossary: its matching rules, its CSV, and the translator keeping terms from the model."""

import pytest

from reader.core.errors import BadGlossaryEntry, BadGlossaryFile, UnknownGlossaryEntry
from reader.core.store import Store
from reader.core.text.document import load_document
from reader.core.translate.glossary import Glossary, glossary_csv, glossary_entry, read_glossary_csv
from reader.core.translate.reading import block_sentences
from reader.core.translate.translation import Translator, protect, translate_blocks
from tests.core.translate.test_translation import models  # noqa: F401 (a fixture)


def found(glossary: Glossary, text: str) -> list[str]:
    return [text[start:end] for start, end, _entry in glossary.find(text)]


@pytest.fixture
def store():
    store = Store.memory()
    yield store
    store.close()


# --- Matching ----------------------------------------------------------------------------------


def test_a_term_with_capitals_matches_whole_words_as_written():
    glossary = Glossary([glossary_entry("KTT", "summit")])

    assert found(glossary, "KTT dimulai; kttx, KTTX, ktt dan Ktt tidak; (KTT).") == ["KTT", "KTT"]


def test_a_lower_case_term_matches_in_any_case():
    glossary = Glossary([glossary_entry("rapat", "meeting")])

    assert found(glossary, "Rapat itu, RAPAT ini dan rapat lain; rapatnya tidak.") == ["Rapat", "RAPAT", "rapat"]


def test_the_longest_term_wins_and_spaces_between_words_may_vary():
    glossary = Glossary([glossary_entry("Duta Besar", "Ambassador"), glossary_entry("Besar", "Big")])

    hits = glossary.find("Duta  Besar Rusia, Besar sekali.")

    assert [(entry.source, entry.target) for _s, _e, entry in hits] == [("Duta Besar", "Ambassador"), ("Besar", "Big")]


def test_a_joining_hyphen_continues_a_word():
    glossary = Glossary([glossary_entry("KTT", "summit"), glossary_entry("AS", "US"), glossary_entry("Rusia-AS")])

    assert found(glossary, "KTT-nya, pra-KTT, KTT Rusia-AS - AS.") == ["KTT", "Rusia-AS", "AS"]


@pytest.mark.parametrize(
    "source, target, message",
    [
        ("", "summit", "needs its Indonesian term"),
        ("   ", "", "needs its Indonesian term"),
        ("-KTT", "summit", "must begin and end with a letter or a digit"),
        ("KTT", "sum\x00mit", "control character"),
        ("K" * 101, "summit", "at most 100"),
    ],
)
def test_a_bad_entry_is_refused_with_its_reason(source, target, message):
    with pytest.raises(BadGlossaryEntry, match=message):
        glossary_entry(source, target)


def test_an_entry_without_a_target_keeps_the_term_as_written():
    entry = glossary_entry("  Jenewa ", "")

    assert (entry.source, entry.target, entry.keeps) == ("Jenewa", "Jenewa", True)


def test_the_key_names_the_entries_found_and_only_them():
    old = Glossary([glossary_entry("KTT", "summit"), glossary_entry("Jenewa", "Geneva")])
    new = Glossary([glossary_entry("KTT", "summit meeting"), glossary_entry("Jenewa", "Geneva")])

    assert old.key("Tidak ada.") == "" and old.key("KTT di Jenewa.") != old.key("Di Jenewa.")
    assert old.key("Di Jenewa.") == new.key("Di Jenewa.")
    assert old.key("KTT itu.") != new.key("KTT itu.")


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_goes_out_and_back_unchanged():
    entries = [glossary_entry("Dubes", "Ambassador"), glossary_entry("KTT", "summit, talks"), glossary_entry("Jokowi")]

    text = glossary_csv(entries)

    assert text.splitlines()[0] == "source,target"
    assert read_glossary_csv(text) == entries


def test_a_csv_with_bad_rows_is_refused_naming_each_line():
    text = 'source,target\nKTT,summit\n,orphan\n"-x",y\nKTT,talks\nA,b,c\n'

    with pytest.raises(BadGlossaryFile) as refused:
        read_glossary_csv(text, "terms.csv")

    message = str(refused.value)
    assert "terms.csv was not imported, nothing was changed" in message
    for line in ("line 3:", "line 4:", "line 5: 'KTT' is given twice", "line 6: more than two columns"):
        assert line in message


def test_a_refused_csv_row_reads_as_one_sentence():
    with pytest.raises(BadGlossaryFile) as refused:
        read_glossary_csv("source,target\n,orphan\n", "terms.csv")

    assert str(refused.value) == (
        "terms.csv was not imported, nothing was changed: line 2: A glossary entry needs its Indonesian term."
    )
    assert ".." not in str(refused.value)


def test_a_csv_without_the_header_is_refused():
    with pytest.raises(BadGlossaryFile, match="header line `source,target`"):
        read_glossary_csv("KTT,summit\n", "terms.csv")


def test_a_spreadsheet_s_byte_order_mark_and_blank_lines_are_accepted():
    assert read_glossary_csv("\ufeffSource,Target\n\nKTT,summit\n,\n") == [glossary_entry("KTT", "summit")]


# --- The translator ----------------------------------------------------------------------------


def test_protect_puts_the_user_s_term_back_and_leaves_a_term_inside_a_url():
    glossary = Glossary([glossary_entry("KTT", "summit")])

    text, pairs = protect("KTT di https://example.com/KTT selesai.", glossary)

    assert "KTT" not in text.replace("https://example.com/KTT", "")
    assert [original for _placeholder, original in pairs] == ["summit", "https://example.com/KTT"]


def test_the_model_never_sees_a_term_and_the_english_has_the_user_s(sentencepiece_package, models):
    glossary = Glossary([glossary_entry("Rusia", "the Russian Federation"), glossary_entry("Jenewa")])
    translator = Translator(sentencepiece_package)

    [english] = translator.translate(["Kami percaya Rusia dan Jenewa."], glossary=glossary)

    assert english == "We believe the Russian Federation and Jenewa."
    pieces = "".join(token for batch in models.batches for tokens in batch for token in tokens)
    assert "Rus" not in pieces and "Jen" not in pieces


def test_a_lower_case_translation_opening_a_sentence_gets_a_capital(sentencepiece_package):
    glossary = Glossary([glossary_entry("Rusia", "the Russian Federation"), glossary_entry("KTT", "summit")])

    english = Translator(sentencepiece_package).translate(["Rusia percaya.", "KTT."], glossary=glossary)

    assert english == ["The Russian Federation believe.", "Summit."]


def test_with_ktt_to_summit_the_sample_s_english_says_summit_wherever_the_original_has_ktt(
    tiny_package, sample_path
):
    blocks = block_sentences(load_document(sample_path))
    glossary = Glossary([glossary_entry("KTT", "summit")])

    chunks = list(translate_blocks(Translator(tiny_package), blocks, glossary=glossary))

    translations = {index: english for chunk, sentences in chunks for index, english in zip(chunk, sentences)}
    pairs = [(s, e) for i, block in enumerate(blocks) for s, e in zip(block, translations[i])]
    with_ktt = [(s, e) for s, e in pairs if "KTT" in s]
    assert len(with_ktt) >= 5
    for source, english in with_ktt:
        assert english.lower().count("summit") == source.count("KTT"), (source, english)
        assert "KTT" not in english
    assert all("summit" not in english.lower() for source, english in pairs if "KTT" not in source)


def test_changing_the_glossary_translates_again_exactly_the_sentences_it_touches(
    sentencepiece_package, sample_path, store, models
):
    blocks = block_sentences(load_document(sample_path))
    sentences = list(dict.fromkeys(s for block in blocks for s in block))
    with_ktt = [s for s in sentences if "KTT" in s]
    with_jenewa = [s for s in sentences if "Jenewa" in s]
    assert with_ktt and with_jenewa and set(with_ktt) != set(with_jenewa)
    translator = Translator(sentencepiece_package)

    def read(glossary: Glossary) -> list[str]:
        before = len(models.batches)
        list(translate_blocks(translator, blocks, cache=store, glossary=glossary))
        return [" ".join(tokens) for batch in models.batches[before:] for tokens in batch]

    assert len(read(Glossary())) == len(sentences)
    assert read(Glossary()) == []
    ktt = glossary_entry("KTT", "summit")
    assert len(read(Glossary([ktt]))) == len(with_ktt)
    assert read(Glossary([ktt])) == []
    # Adding Jenewa touches its sentences only; changing KTT's translation, KTT's only.
    assert len(read(Glossary([ktt, glossary_entry("Jenewa")]))) == len(with_jenewa)
    touched = set(with_jenewa) | set(with_ktt)
    assert len(read(Glossary([glossary_entry("KTT", "summit talks"), glossary_entry("Jenewa")]))) == len(with_ktt)
    # Emptying the glossary brings back the model's own translation of every touched sentence.
    assert len(read(Glossary())) == len(touched)
    assert read(Glossary()) == []


# --- The store ---------------------------------------------------------------------------------


def test_the_store_keeps_adds_changes_and_removes_entries(store):
    assert not store.glossary()
    assert store.save_glossary_entries([glossary_entry("KTT", "summit"), glossary_entry("Jokowi")]) == 2
    assert store.save_glossary_entries([glossary_entry("KTT", "summit")]) == 0  # unchanged
    assert store.save_glossary_entries([glossary_entry("KTT", "summit talks")]) == 1
    assert store.save_glossary_entries([glossary_entry("Dubes", "Ambassador")], replacing="Jokowi") == 1

    assert [(e.source, e.target) for e in store.glossary().entries] == [("Dubes", "Ambassador"), ("KTT", "summit talks")]
    assert store.remove_glossary_entry("Dubes").target == "Ambassador"
    with pytest.raises(UnknownGlossaryEntry, match="no entry 'Dubes'"):
        store.remove_glossary_entry("Dubes")


def test_a_cached_translation_counts_only_for_the_glossary_entries_it_was_made_with(store):
    store.save_translations("m", {"KTT itu.": "summit that."}, glossary_keys={"KTT itu.": "glossary:1"})
    store.save_translations("m", {"Itu.": "That."})

    assert store.cached_translations("m", ["KTT itu.", "Itu."], glossary_keys={}) == {"Itu.": "That."}
    assert store.cached_translations("m", ["KTT itu.", "Itu."], glossary_keys={"KTT itu.": "glossary:1"}) == {
        "KTT itu.": "summit that.", "Itu.": "That."
    }
    # Readers of what was shown (exports) take what is cached.
    assert store.cached_translations("m", ["KTT itu."]) == {"KTT itu.": "summit that."}


def test_terms_with_dots_digits_and_hyphens_match_as_written():
    glossary = Glossary([glossary_entry("U.S", "US"), glossary_entry("Covid-19"), glossary_entry("G20", "G-20")])

    assert found(glossary, "U.S dan U S, Covid-19 (bukan Covid 19), G20 dan G200.") == ["U.S", "Covid-19", "G20"]


def test_finding_by_words_agrees_with_one_pattern_of_every_term(sample_path):
    """The rules above, checked against the plainest statement of them: a regular expression."""
    import random
    import re

    sentences = [s.text for b in load_document(sample_path).blocks for s in b.sentences]
    words = sorted({w for s in sentences for w in re.findall(r"\w+(?:-\w+)*", s)})
    rng = random.Random(7)
    picked = rng.sample(words, 60) + [" ".join(rng.sample(words, 2)) for _ in range(20)]
    picked += ["Duta Besar", "Amerika Serikat", "duta besar", "rusia", "KTT"]
    entries = {glossary_entry(w, "x") for w in picked if w[0].isalnum() and w[-1].isalnum()}
    glossary = Glossary(entries)
    ordered = sorted(entries, key=lambda e: (-len(e.source), e.any_case))
    body = "|".join(
        (f"(?i:{p})" if e.any_case else p) for e in ordered for p in [r"\s+".join(map(re.escape, e.source.split(" ")))]
    )
    pattern = re.compile(rf"(?<!\w)(?<!\w-)(?:{body})(?!\w)(?!-\w)")

    hits = 0
    for sentence in sentences:
        expected = [(m.start(), m.end()) for m in pattern.finditer(sentence)]
        assert [(start, end) for start, end, _e in glossary.find(sentence)] == expected, sentence
        hits += len(expected)
    assert hits > 50
