"""Limits that bound the memory and time of loading a document (reader.core.text.limits)."""

import pytest

import reader.core.text.document as document_module
import reader.core.text.sentences as sentences_module
from reader.core.text.document import load_document
from reader.core.errors import UnreadableDocument
from reader.core.text.limits import (
    MAX_BLOCK_CHARS,
    MAX_BLOCKS,
    MAX_SENTENCE_CHARS,
    MAX_TEXT_CHARS,
    split_long,
    visible_chars,
)
from reader.core.text.sentences import split_sentences
from tests.support.argos_package import sample_lines

WORDS = "kontradiksi yang menumpuk tidak dapat diselesaikan dalam satu sentakan".split()


def words(count: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(count))


def pieces_of(text: str, limit: int) -> list[str]:
    return [text[start:end] for start, end in split_long(text, limit)]


# --- Cutting long text -------------------------------------------------------------------------


def test_split_long_cuts_after_the_last_sentence_end_that_fits():
    text = "Satu dua tiga. Empat lima enam, tujuh. Delapan sembilan sepuluh."

    assert pieces_of(text, 40) == ["Satu dua tiga. Empat lima enam, tujuh.", "Delapan sembilan sepuluh."]


def test_split_long_falls_back_to_a_clause_then_a_word_then_anywhere():
    assert pieces_of("satu dua tiga, empat lima enam tujuh", 25) == ["satu dua tiga,", "empat lima enam tujuh"]
    assert pieces_of("satu dua tiga empat lima enam", 20) == ["satu dua tiga empat", "lima enam"]
    assert pieces_of("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]


def test_split_long_keeps_every_character_but_the_spaces_at_its_cuts():
    text = " ".join(sample_lines())

    pieces = pieces_of(text, 300)

    assert all(len(piece) <= 300 for piece in pieces)
    assert " ".join(pieces) == text


def test_split_long_leaves_short_text_whole():
    assert split_long("Pendek.", 10) == [(0, 7)]
    assert split_long("", 10) == []


# --- Sentences -------------------------------------------------------------------------------


def test_a_sentence_without_stops_is_cut_into_pieces_the_model_can_take():
    text = words(2000) + "."

    sentences = split_sentences(text)

    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert " ".join(s.text for s in sentences) == text


def test_sentencex_never_sees_more_than_a_block_of_text_at_once(monkeypatch):
    seen = []
    real = sentences_module.segment

    def recording(language, text):
        seen.append(len(text))
        return real(language, text)

    monkeypatch.setattr(sentences_module, "segment", recording)
    text = " ".join(sample_lines()) * 10  # about 78,000 characters on one line

    sentences = split_sentences(text)

    assert max(seen) <= MAX_BLOCK_CHARS
    assert sum(len(s.text) for s in sentences) > 0.95 * len(text)


# --- Documents -------------------------------------------------------------------------------


def test_a_19_mb_one_line_text_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    path = tmp_path / "besar.txt"
    path.write_text(words(2_450_000), encoding="utf-8")  # 19.3 MB, one line
    assert path.stat().st_size > 19_000_000

    def never(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(document_module, "parse_plain_text", never)
    monkeypatch.setattr(document_module, "parse_blogger", never)
    with pytest.raises(UnreadableDocument) as refused:
        load_document(path)

    message = str(refused.value)
    assert str(path) in message and "characters long" in message and f"{MAX_TEXT_CHARS:,}" in message


def test_a_text_just_under_the_limit_opens(tmp_path):
    path = tmp_path / "panjang.txt"
    text = words(MAX_TEXT_CHARS // 7)
    path.write_text(text[: text.rindex(" ", 0, MAX_TEXT_CHARS)], encoding="utf-8")
    assert MAX_TEXT_CHARS * 0.9 < path.stat().st_size <= MAX_TEXT_CHARS

    document = load_document(path)

    assert all(len(block.text) <= MAX_BLOCK_CHARS for block in document.blocks)
    assert " ".join(block.text for block in document.blocks) == path.read_text(encoding="utf-8")


def test_a_long_paragraph_becomes_several_blocks_cut_after_sentences(tmp_path):
    sentences = [f"Kalimat nomor {i} tentang {words(8)}." for i in range(200)]
    path = tmp_path / "paragraf.txt"
    path.write_text("Judul yang pendek\n\n" + " ".join(sentences) + "\n\nAkhir.\n", encoding="utf-8")

    document = load_document(path)

    long_ones = [block for block in document.blocks if block.text.startswith("Kalimat")]
    assert len(long_ones) > 1
    assert all(len(block.text) <= MAX_BLOCK_CHARS and block.text.endswith(".") for block in long_ones)
    assert all(block.kind == "paragraph" for block in long_ones)
    assert " ".join(block.text for block in long_ones) == " ".join(sentences)
    assert document.blocks[-1].text == "Akhir."


def test_too_many_paragraphs_are_refused_with_the_limit_named(tmp_path, monkeypatch):
    path = tmp_path / "banyak.txt"
    path.write_text("\n\n".join(f"Paragraf {i}." for i in range(MAX_BLOCKS + 1)), encoding="utf-8")
    monkeypatch.setattr(document_module.Block, "of", lambda *args: pytest.fail("split sentences"))

    with pytest.raises(UnreadableDocument, match=f"{MAX_BLOCKS + 1:,} paragraphs.*{MAX_BLOCKS:,}"):
        load_document(path)


def test_a_saved_page_showing_too_much_text_is_refused_before_extraction(tmp_path, monkeypatch):
    paragraph = f"<p>{' '.join(sample_lines())}</p>\n"  # 7,800 characters
    page = "<!doctype html><html><body><article>" + paragraph * 320 + "</article></body></html>"
    path = tmp_path / "halaman.html"
    path.write_text(page, encoding="utf-8")
    monkeypatch.setattr(document_module, "parse_webpage", lambda *args, **kwargs: pytest.fail("extracted"))

    with pytest.raises(UnreadableDocument, match="the page shows about .* characters of text"):
        load_document(path)


def test_visible_text_leaves_out_tags_scripts_styles_and_comments():
    page = (
        "<html><head><style>p { color: red }</style><SCRIPT>var x = '<p>no</p>';</script >"
        "</head><body><!-- a comment --><p>Satu dua</p>\n<p>tiga</p><template>no</template>"
    )

    assert visible_chars(page) == len("Satudua") + len("tiga")
    assert visible_chars("<p>ya</p><script>" + "x" * 1000) == 2  # left open: hides the rest


def test_a_page_from_a_web_address_has_the_same_limits(web_server, monkeypatch):
    from reader.core.text import web_pages
    from reader.core.text.web_pages import fetch_document

    monkeypatch.setattr(web_pages, "parse_webpage", lambda *args, **kwargs: pytest.fail("extracted"))
    big = web_server.page("/besar.html", f"<html><body><p>{words(300_000)}</p></body></html>")
    with pytest.raises(UnreadableDocument, match="besar.html.*the page shows about"):
        fetch_document(big)

    monkeypatch.undo()
    long_paragraph = " ".join(f"Kalimat nomor {i} tentang {words(8)}." for i in range(100))
    url = web_server.page("/panjang.html", f"<html><body><article><p>{long_paragraph}</p></article></body></html>")
    document = fetch_document(url).document
    assert len(document.blocks) > 1 and all(len(b.text) <= MAX_BLOCK_CHARS for b in document.blocks)
