"""load_document: the sample post, identity, plain text and every way a file can be refused."""

import codecs
import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.text.document import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_MB, Document, load_document
from reader.core.errors import ReaderError, UnreadableDocument
from reader.core.platform.resources import SAMPLE_SOURCE, sample_post_path

DATA = Path(__file__).parents[2] / "data"
ID_NEWS = DATA / "id-news"
MANIFEST = {entry["file"]: entry for entry in json.loads((ID_NEWS / "manifest.json").read_text("utf-8"))}

SAMPLE_TITLE = (
    "Dubes Rusia untuk AS - Rusia tidak memiliki ilusi tentang terobosan dalam hubungan dengan AS "
    "setelah KTT Jenewa"
)
SAMPLE_CAPTION = "Duta Besar Rusia untuk AS Anatoly Antonov ©Sergei Savostyanov/TASS"
SAMPLE_HEADINGS = [
    '"Untuk melakukan segala upaya untuk mencegah konflik bersenjata"',
    "Kerjasama keamanan siber",
    "Resolusi baru tentang Suriah",
]
SAMPLE_CHROME = ["Laman", "Tuesday, 13 July 2021", "No comments:", "Post a Comment"]


def words(text: str) -> str:
    return " ".join(text.split())


def texts(document: Document, kind: str) -> list[str]:
    return [block.text for block in document.blocks if block.kind == kind]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample(sample_path) -> Document:
    return load_document(sample_path)


# The sample post ---------------------------------------------------------------------------


def test_sample_title_is_the_post_title_once(sample):
    assert sample.title == SAMPLE_TITLE
    assert all(SAMPLE_TITLE not in block.text for block in sample.blocks)


def test_sample_date_comes_from_the_date_header(sample):
    assert sample.date == datetime.date(2021, 7, 13)
    assert sample.author is None
    assert sample.url is None


def test_sample_has_a_caption_then_24_paragraphs_and_3_headings(sample):
    kinds = [block.kind for block in sample.blocks]
    assert kinds[0] == "caption"
    assert kinds.count("caption") == 1
    assert kinds.count("heading") == 3
    assert kinds.count("paragraph") == 24
    assert len(kinds) == 28
    assert isinstance(sample.blocks, list)
    assert all(isinstance(block.sentences, list) for block in sample.blocks)


def test_sample_caption_holds_the_photo_caption_and_credit(sample):
    assert sample.blocks[0].text == SAMPLE_CAPTION


def test_sample_headings_are_the_three_section_titles_in_order(sample):
    assert texts(sample, "heading") == SAMPLE_HEADINGS
    # Each heading sits between paragraphs.
    kinds = [block.kind for block in sample.blocks]
    for index, kind in enumerate(kinds):
        if kind == "heading":
            assert kinds[index - 1] == "paragraph" and kinds[index + 1] == "paragraph"


def test_sample_paragraphs_are_every_paragraph_of_the_source_word_for_word(sample, sample_path):
    source = sample_path.read_text("utf-8")
    pieces = [words(piece) for piece in re.split(r"\n\s*\n", source) if piece.strip()]
    not_paragraphs = set(SAMPLE_CHROME + SAMPLE_HEADINGS + [SAMPLE_TITLE, words(SAMPLE_CAPTION)])
    expected = [piece for piece in pieces if piece not in not_paragraphs]
    assert texts(sample, "paragraph") == expected
    assert expected[0].startswith("“Selama beberapa tahun terakhir")
    assert expected[-1].endswith("sebuah teks yang dapat diterima untuk semua disepakati.")


def test_sample_keeps_nothing_of_the_page_chrome(sample):
    for block in sample.blocks:
        for chrome in ["Laman", "Tuesday", "No comments", "Post a Comment"]:
            assert chrome not in block.text


def test_sample_block_texts_have_whitespace_normalised(sample):
    for block in sample.blocks:
        assert block.text == words(block.text)


def test_sample_sentences_are_offsets_into_their_block(sample):
    for block in sample.blocks:
        assert block.sentences
        for sentence in block.sentences:
            assert sentence.text == block.text[sentence.start : sentence.end]
            assert sentence.text == sentence.text.strip()


def test_bundled_sample_is_the_seed_post(sample):
    bundled = load_document(sample_post_path(), source=SAMPLE_SOURCE)
    assert bundled.source == SAMPLE_SOURCE
    assert bundled.content_id == sample.content_id


# Identity ------------------------------------------------------------------------------------


def test_source_is_the_resolved_absolute_path(tmp_path, monkeypatch):
    path = write(tmp_path / "post.txt", "Satu paragraf saja di sini.")
    monkeypatch.chdir(tmp_path)
    document = load_document("post.txt")
    assert document.source == str(path.resolve())


def test_ids_are_32_hex_digits(sample):
    assert re.fullmatch(r"[0-9a-f]{32}", sample.id)
    assert re.fullmatch(r"[0-9a-f]{32}", sample.content_id)
    assert sample.id != sample.content_id


def test_editing_a_post_keeps_its_id_and_changes_its_content_id(tmp_path):
    path = write(tmp_path / "post.txt", "Judul\n\nParagraf pertama.\n\nParagraf kedua.")
    before = load_document(path)
    write(path, "Judul\n\nParagraf pertama yang diubah.\n\nParagraf kedua.")
    after = load_document(path)
    assert after.id == before.id
    assert after.content_id != before.content_id


def test_changing_only_the_title_changes_the_content_id(tmp_path):
    first = load_document(write(tmp_path / "a.txt", "Judul satu\n\nParagraf yang sama."))
    second = load_document(write(tmp_path / "b.txt", "Judul dua\n\nParagraf yang sama."))
    assert first.content_id != second.content_id


def test_identical_text_at_two_paths_has_one_content_id_and_two_ids(tmp_path, sample_path):
    copy = tmp_path / "copy.txt"
    shutil.copyfile(sample_path, copy)
    original, copied = load_document(sample_path), load_document(copy)
    assert copied.content_id == original.content_id
    assert copied.id != original.id


def test_reflowed_whitespace_keeps_the_content_id(tmp_path):
    tidy = load_document(write(tmp_path / "a.txt", "Judul\n\nSatu dua tiga.\n\nEmpat lima."))
    messy = load_document(write(tmp_path / "b.txt", "Judul  \n\n\n Satu   dua\ntiga.\n\n\tEmpat lima.\n"))
    assert messy.content_id == tidy.content_id


def test_a_given_source_names_the_document_wherever_the_file_is(tmp_path, sample_path):
    moved = tmp_path / "elsewhere" / "sample-post.txt"
    moved.parent.mkdir()
    shutil.copyfile(sample_path, moved)
    here = load_document(sample_path, source=SAMPLE_SOURCE)
    there = load_document(moved, source=SAMPLE_SOURCE)
    assert here.id == there.id
    assert here.source == there.source == SAMPLE_SOURCE
    assert here.id != load_document(sample_path).id


# Plain text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(name for name in MANIFEST if name.startswith("csui_bbc_")))
def test_news_text_headline_becomes_the_title_and_subheadings_headings(name):
    document = load_document(ID_NEWS / name)
    entry = MANIFEST[name]
    assert document.title == entry["title"]
    expected = list(entry["subheadings"])
    if name == "csui_bbc_10.txt":
        # BBC's quoted crosshead; the manifest lists only unquoted lines as subheadings.
        expected.append("` Berkaki pendek '")
    assert sorted(texts(document, "heading")) == sorted(expected)
    assert texts(document, "caption") == []


@pytest.mark.parametrize("name", sorted(name for name in MANIFEST if name.startswith("csui_econ_")))
def test_news_text_without_headline_takes_its_file_name_as_title(name):
    path = ID_NEWS / name
    document = load_document(path)
    assert document.title == path.stem
    assert {block.kind for block in document.blocks} == {"paragraph"}
    assert " ".join(block.text for block in document.blocks) == words(path.read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(name for name in MANIFEST if MANIFEST[name]["sentences"]))
def test_news_text_keeps_every_sentence_of_the_source(name):
    document = load_document(ID_NEWS / name)
    body = " ".join(block.text for block in document.blocks)
    for sentence in MANIFEST[name]["sentences"]:
        assert words(sentence) in body or words(sentence) == document.title


def test_news_text_dateline_under_the_headline_becomes_the_date():
    document = load_document(ID_NEWS / "idnews2018_cnn_01.txt")
    assert document.title == MANIFEST["idnews2018_cnn_01.txt"]["title"]
    assert document.date == datetime.date(2018, 1, 21)
    assert len(document.blocks) == 1
    assert document.blocks[0].text.startswith("Jakarta, CNN Indonesia -- Penyelenggara MotoGP")


def test_plain_text_paragraphs_are_separated_by_blank_lines(tmp_path):
    path = write(tmp_path / "catatan.txt", "Baris satu\nmasih paragraf satu.\n\nParagraf dua.\n")
    document = load_document(path)
    assert document.title == "catatan"
    assert texts(document, "paragraph") == ["Baris satu masih paragraf satu.", "Paragraf dua."]


def test_plain_text_first_line_with_final_punctuation_is_not_a_title(tmp_path):
    document = load_document(write(tmp_path / "catatan.txt", "Ini kalimat.\n\nIni juga."))
    assert document.title == "catatan"
    assert len(document.blocks) == 2


def test_plain_text_of_one_short_line_is_a_paragraph_not_a_title(tmp_path):
    document = load_document(write(tmp_path / "catatan.txt", "Halo dunia\n"))
    assert document.title == "catatan"
    assert texts(document, "paragraph") == ["Halo dunia"]


def test_plain_text_short_last_line_stays_a_paragraph(tmp_path):
    document = load_document(write(tmp_path / "a.txt", "Judul\n\nIsi berita.\n\nSalam hangat dari Bogor"))
    assert [block.kind for block in document.blocks] == ["paragraph", "paragraph"]


def test_plain_text_long_unpunctuated_line_stays_a_paragraph(tmp_path):
    line = "Sementara itu suku bunga penjaminan untuk simpanan dalam bentuk dolar AS tetap dipertahankan pada level 4,75 persen"
    document = load_document(write(tmp_path / "a.txt", f"Judul\n\n{line}\n\nParagraf berikutnya."))
    assert texts(document, "paragraph")[0] == line


def test_invisible_characters_and_odd_spaces_are_normalised(tmp_path):
    document = load_document(write(tmp_path / "a.txt", "Judul\n\nSatu\u00a0dua\u200b tiga\u2003empat.\r\n"))
    assert texts(document, "paragraph") == ["Satu dua tiga empat."]


# Encodings -----------------------------------------------------------------------------------


def test_utf8_with_bom_is_read_without_the_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Judul berita\n\nKalimat pertama.".encode("utf-8"))
    document = load_document(path)
    assert document.title == "Judul berita"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(tmp_path, encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "utf16.txt"
    path.write_bytes(bom + "Judul berita\n\nKalimat pertama dengan “kutipan”.".encode(encoding))
    document = load_document(path)
    assert document.title == "Judul berita"
    assert texts(document, "paragraph") == ["Kalimat pertama dengan “kutipan”."]


# Refused files -------------------------------------------------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        load_document(path)
    message = str(caught.value)
    assert repr(str(path.resolve())) in message
    return message


def test_unreadable_document_is_a_reader_error():
    assert issubclass(UnreadableDocument, ReaderError)


def test_load_document_refuses_missing_file(tmp_path):
    assert "does not exist" in refusal(tmp_path / "missing.txt")


def test_load_document_refuses_folder(tmp_path):
    assert "folder" in refusal(tmp_path)


def test_load_document_refuses_empty_file(tmp_path):
    assert "empty" in refusal(write(tmp_path / "empty.txt", ""))


@pytest.mark.parametrize("content", ["   \n\n\t\n", "\u200b\n \n"])
def test_load_document_refuses_file_without_paragraphs(tmp_path, content):
    assert "no paragraphs" in refusal(write(tmp_path / "blank.txt", content))


def test_load_document_refuses_binary_file(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in refusal(path)


def test_load_document_refuses_nul_bytes_after_the_first_kilobyte(tmp_path):
    path = tmp_path / "late.txt"
    path.write_bytes(("Kalimat biasa. " * 200).encode("utf-8") + b"\x00\x01\x02")
    assert "binary" in refusal(path)


def test_load_document_refuses_utf16_without_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Judul\n\nKalimat.".encode("utf-16-le"))
    assert "byte-order mark" in refusal(path)


def test_load_document_refuses_latin1_bytes_and_names_the_byte(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Judul\n\nKafe di Montréal.".encode("latin-1"))
    message = refusal(path)
    assert "not UTF-8" in message and "0xe9" in message


def test_load_document_refuses_utf32(tmp_path):
    path = tmp_path / "utf32.txt"
    path.write_bytes("Judul\n\nKalimat.".encode("utf-32"))
    assert "UTF-32" in refusal(path)


def test_load_document_refuses_broken_utf16(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Judul".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    assert "not valid UTF-16" in refusal(path)


def test_load_document_refuses_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing is written
    message = refusal(path)
    assert MAX_DOCUMENT_MB == 20
    assert "20 MB" in message


def test_file_of_exactly_the_size_limit_is_not_refused_for_its_size(tmp_path):
    path = tmp_path / "limit.txt"
    with path.open("wb") as file:
        file.truncate(MAX_DOCUMENT_BYTES)  # sparse zeros: read, then refused as binary
    message = refusal(path)
    assert "binary" in message and "MB" not in message


def test_importing_the_core_loads_neither_trafilatura_nor_qt():
    code = "import sys, reader.core.text.document; print(sorted({'trafilatura', 'PySide6'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).parents[3])
    assert result.stdout.strip() == "[]"
