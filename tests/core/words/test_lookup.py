"""Looking words up: as written, in lower case, and by their Sastrawi root."""

import pytest

from reader.core.words.lookup import Lookup, Stemmer, clean_word
from reader.core.words.stardict import StarDict
from tests.support.stardict_builder import build_dictionary


@pytest.fixture(scope="module")
def stemmer() -> Stemmer:
    return Stemmer()


@pytest.fixture
def lookup(tmp_path, stemmer) -> Lookup:
    kamus = build_dictionary(
        tmp_path / "kamus",
        {"baik": "good", "Baik": "a name", "sepakat": "to agree", "kesepakatan": "agreement", "KTT": "summit"},
        compress=True,
    )
    kecil = build_dictionary(tmp_path / "kecil", {"baik": "fine"}, stem="kecil", name="Kecil")
    return Lookup([StarDict(kamus), StarDict(kecil)], stemmer)


@pytest.mark.parametrize(
    "word,root",
    [("memperbaiki", "baik"), ("kesepakatan", "sepakat"), ("diterbitkan", "terbit"), ("rumah-rumah", "rumah")],
)
def test_stemmer_finds_indonesian_roots(stemmer, word, root):
    assert stemmer.root(word) == root


def test_lookup_finds_the_root_of_an_inflected_word(lookup):
    result = lookup.lookup("memperbaiki")

    assert result.root == "baik"
    assert [(m.form, m.entry.dictionary, m.entry.headword, m.entry.text) for m in result.matches] == [
        ("root", "Kamus Uji", "baik", "good"),
        ("root", "Kamus Uji", "Baik", "a name"),
        ("root", "Kecil", "baik", "fine"),
    ]


def test_lookup_gives_the_word_before_its_root(lookup):
    result = lookup.lookup("Kesepakatan,")

    assert result.word == "Kesepakatan" and result.root == "sepakat"
    assert [(m.form, m.entry.text) for m in result.matches] == [("word", "agreement"), ("root", "to agree")]


def test_lookup_of_a_capitalised_word_puts_the_exact_spelling_first(lookup):
    result = lookup.lookup("Baik")

    assert result.root is None
    assert [m.entry.text for m in result.matches] == ["a name", "good", "fine"]


def test_lookup_of_an_abbreviation_and_of_nothing(lookup):
    assert [m.entry.text for m in lookup.lookup("«KTT»").matches] == ["summit"]
    assert not lookup.lookup("mobil").found
    assert lookup.lookup("...").matches == () and lookup.lookup("...").root is None


def test_lookup_without_dictionaries_still_finds_the_root(stemmer):
    result = Lookup([], stemmer).lookup("memperbaiki")

    assert (result.root, result.found) == ("baik", False)


def test_clean_word_trims_punctuation_only_around():
    assert clean_word(' "rumah-rumah," ') == "rumah-rumah"
    assert clean_word("(AS)") == "AS"


@pytest.mark.parametrize("compress", [False, True])
def test_a_dictionary_damaged_since_it_was_opened_is_left_out_of_the_lookup_and_named(tmp_path, stemmer, compress):
    # A shared StarDict folder is read as it is found: its files may be damaged behind the index.
    words = {"baik": "good " * 40}
    good = build_dictionary(tmp_path / "good", {"baik": "fine"}, stem="good", name="Baik Saja")
    bad = build_dictionary(tmp_path / "bad", words, stem="rusak", name="Rusak", compress=compress, chunk_length=64)
    data = bad.with_name("rusak.dict.dz" if compress else "rusak.dict")
    damaged = bytearray(data.read_bytes())
    if compress:
        damaged[60:70] = b"\xff" * 10  # inside the first chunk
    else:
        del damaged[10:]
    data.write_bytes(bytes(damaged))
    lookup = Lookup([StarDict(bad), StarDict(good)], stemmer)

    result = lookup.lookup("baik")

    assert [(m.entry.dictionary, m.entry.text) for m in result.matches] == [("Baik Saja", "fine")]
    [problem] = result.problems
    assert problem.startswith("rusak.ifo is not a usable StarDict dictionary: ")
