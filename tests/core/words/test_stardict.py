"""Reading StarDict dictionaries built on the spot: plain and dictzip data, synonyms, field types, damage."""

import gzip
import struct

import pytest

from reader.core.errors import BadDictionary
from reader.core.words.stardict import Definition, StarDict, markup_to_text, parse_fields
from tests.support.stardict_builder import build_dictionary, dictzip

WORDS = {
    "baik": "good; fine",
    "Baik": "a family name",
    "sepakat": "to agree",
    "perbaiki": ["to repair", "to fix"],
    "kesepakatan": "an agreement",
    "rumah": "house",
}


@pytest.mark.parametrize("compress", [False, True], ids=["dict", "dict.dz"])
def test_lookup_finds_the_word_ignoring_case_exact_spelling_first(tmp_path, compress):
    dictionary = StarDict(build_dictionary(tmp_path, WORDS, compress=compress, chunk_length=16))

    entries = dictionary.lookup("Baik")

    assert [(e.headword, e.text) for e in entries] == [("Baik", "a family name"), ("baik", "good; fine")]
    assert [e.text for e in dictionary.lookup("baik")] == ["good; fine", "a family name"]
    assert dictionary.lookup("BAIK")[0].dictionary == "Kamus Uji"


def test_lookup_returns_every_entry_of_a_word_and_nothing_for_an_unknown_one(tmp_path):
    dictionary = StarDict(build_dictionary(tmp_path, WORDS))

    assert [e.text for e in dictionary.lookup("perbaiki")] == ["to repair", "to fix"]
    assert dictionary.lookup("mobil") == []
    assert dictionary.lookup("") == []


def test_dictzip_reads_entries_spanning_chunks_and_matches_gzip(tmp_path):
    long = {f"kata{n:03d}": f"meaning number {n} " * 5 for n in range(200)}
    ifo = build_dictionary(tmp_path, long, compress=True, chunk_length=50)
    data = gzip.decompress((tmp_path / "kamus.dict.dz").read_bytes())  # a valid gzip file too
    dictionary = StarDict(ifo)
    dictionary.check()

    for word in ("kata000", "kata123", "kata199"):
        assert dictionary.lookup(word)[0].text == long[word]
    assert dictionary._data.size == len(data)


def test_a_plain_gzip_dict_dz_is_read_whole(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    plain = tmp_path / "kamus.dict"
    (tmp_path / "kamus.dict.dz").write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()

    assert StarDict(ifo).lookup("rumah")[0].text == "house"


def test_64_bit_offsets_are_read(tmp_path):
    dictionary = StarDict(build_dictionary(tmp_path, WORDS, offset_bits=64, synonyms={"bagus": "baik"}))
    dictionary.check()

    assert [e.text for e in dictionary.lookup("perbaiki")] == ["to repair", "to fix"]
    assert dictionary.lookup("bagus")[0].text == "good; fine"


def test_a_gzipped_index_is_read(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    idx = tmp_path / "kamus.idx"
    (tmp_path / "kamus.idx.gz").write_bytes(gzip.compress(idx.read_bytes()))
    idx.unlink()

    assert StarDict(ifo).lookup("rumah")[0].text == "house"


def test_synonyms_lead_to_their_headword(tmp_path):
    dictionary = StarDict(build_dictionary(tmp_path, WORDS, synonyms={"bagus": "baik", "Wisma": "rumah"}))

    assert [(e.headword, e.text) for e in dictionary.lookup("bagus")] == [("baik", "good; fine")]
    assert dictionary.lookup("wisma")[0].headword == "rumah"


def test_entries_without_sametypesequence_carry_their_types(tmp_path):
    dictionary = StarDict(build_dictionary(tmp_path, WORDS, types=None))

    assert dictionary.lookup("rumah")[0].definitions == (Definition("m", "house"),)


def test_html_entries_read_as_text_and_keep_their_markup_for_html(tmp_path):
    entry = "<b>baik</b><br>good &amp; fine<script>alert(1)</script>"
    definition = StarDict(build_dictionary(tmp_path, {"baik": entry}, types="h")).lookup("baik")[0].definitions[0]

    assert definition.text == "baik\ngood & fine"
    assert definition.html == "<b>baik</b><br>good &amp; fine"


def test_parse_fields_reads_several_types_and_skips_binary_ones():
    data = b"ba-ik\x00" + struct.pack(">I", 3) + b"\x01\x02\x03" + b"good"

    assert parse_fields(data, "tWm") == [Definition("t", "ba-ik"), Definition("m", "good")]
    assert Definition("t", "ba-ik").text == "/ba-ik/"
    assert markup_to_text("<k>baik</k>\n<def>good</def>") == "baik\ngood"


def test_entries_sorted_otherwise_are_all_found(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    idx = tmp_path / "kamus.idx"
    raw = idx.read_bytes()
    # Move the first entry to the end: "baik" and "Baik" are no longer side by side.
    end = raw.index(b"\x00") + 9
    idx.write_bytes(raw[end:] + raw[:end])

    assert sorted(e.text for e in StarDict(ifo).lookup("baik")) == ["a family name", "good; fine"]


# --- damaged dictionaries are refused, naming the file and the fault ----------------------------


def _refused(ifo, *words) -> str:
    with pytest.raises(BadDictionary) as caught:
        StarDict(ifo).check()
    message = str(caught.value)
    for word in words:
        assert word in message
    return message


def test_refuses_an_ifo_without_its_header(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    ifo.write_text("version=3.0.0\nbookname=x\n", encoding="utf-8")

    _refused(ifo, "kamus.ifo", "does not start with")


def test_refuses_an_unknown_version_and_missing_counts(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    text = ifo.read_text(encoding="utf-8")
    ifo.write_text(text.replace("version=3.0.0", "version=9"), encoding="utf-8")
    _refused(ifo, "version is '9'")
    ifo.write_text("\n".join(l for l in text.splitlines() if not l.startswith("wordcount")), encoding="utf-8")
    _refused(ifo, "gives no wordcount")


def test_refuses_a_missing_idx_or_dict(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    (tmp_path / "kamus.dict").unlink()
    _refused(ifo, "kamus.dict (or .dict.dz) is missing")
    (tmp_path / "kamus.idx").unlink()
    _refused(ifo, "kamus.idx (or .idx.gz) is missing")


def test_refuses_a_word_count_or_index_size_that_does_not_match(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    text = ifo.read_text(encoding="utf-8")
    ifo.write_text(text.replace("wordcount=7", "wordcount=8"), encoding="utf-8")
    _refused(ifo, "kamus.idx holds 7 words where the .ifo says 8")
    ifo.write_text(text, encoding="utf-8")
    idx = tmp_path / "kamus.idx"
    idx.write_bytes(idx.read_bytes()[:-3])
    _refused(ifo, "kamus.idx holds", "bytes where the .ifo says")


def test_refuses_a_truncated_index(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    idx = tmp_path / "kamus.idx"
    idx.write_bytes(idx.read_bytes()[:-3])
    text = ifo.read_text(encoding="utf-8")
    size = len(idx.read_bytes())
    ifo.write_text(
        "\n".join(f"idxfilesize={size}" if l.startswith("idxfilesize") else l for l in text.splitlines()),
        encoding="utf-8",
    )
    _refused(ifo, "kamus.idx is damaged")


def test_refuses_an_entry_pointing_past_the_dict(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    data = tmp_path / "kamus.dict"
    data.write_bytes(data.read_bytes()[:-5])

    _refused(ifo, "points past the end of kamus.dict")


def test_refuses_a_damaged_dictzip(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS, compress=True, chunk_length=16)
    path = tmp_path / "kamus.dict.dz"
    raw = bytearray(path.read_bytes())
    raw[40:48] = b"\xff" * 8
    path.write_bytes(bytes(raw))

    _refused(ifo, "kamus.dict.dz")


def test_refuses_a_dict_dz_that_is_not_gzip(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS)
    (tmp_path / "kamus.dict").rename(tmp_path / "kamus.dict.dz")

    _refused(ifo, "kamus.dict.dz is not a gzip file")


def test_refuses_a_synonym_pointing_past_the_words(tmp_path):
    ifo = build_dictionary(tmp_path, WORDS, synonyms={"bagus": "baik"})
    (tmp_path / "kamus.syn").write_bytes(b"bagus\x00" + struct.pack(">I", 99))

    _refused(ifo, "kamus.syn points past the last")


def test_refuses_words_that_are_not_utf8(tmp_path):
    ifo = build_dictionary(tmp_path, {"baik": "good"})
    idx = tmp_path / "kamus.idx"
    idx.write_bytes(idx.read_bytes().replace(b"baik", b"ba\xffk"))

    _refused(ifo, "kamus.idx has a word that is not UTF-8")


def test_dictzip_helper_round_trips():
    data = bytes(range(256)) * 10
    assert gzip.decompress(dictzip(data, 100)) == data
