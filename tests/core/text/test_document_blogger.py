"""Blogger page dumps other than the sample: Indonesian chrome, comments, no caption."""

import datetime
from pathlib import Path

import pytest

from reader.core.text.document import Document, load_document

PAGES = Path(__file__).parents[2] / "data" / "pages"


def texts(document: Document, kind: str) -> list[str]:
    return [block.text for block in document.blocks if block.kind == kind]


def body(document: Document) -> str:
    return "\n".join(block.text for block in document.blocks)


def assert_no_chrome(document: Document, chrome: list[str]) -> None:
    for block in document.blocks:
        for line in chrome:
            assert line not in block.text, (line, block.text)


@pytest.fixture(scope="module")
def indonesian() -> Document:
    return load_document(PAGES / "blogger_id_chrome.txt")


@pytest.fixture(scope="module")
def with_comments() -> Document:
    return load_document(PAGES / "blogger_comments.txt")


@pytest.fixture(scope="module")
def without_caption() -> Document:
    return load_document(PAGES / "blogger_no_caption.txt")


def test_indonesian_chrome_gives_title_date_and_author(indonesian):
    assert indonesian.title == "Festival perahu hias kembali meriahkan pantai Tegal setelah dua tahun absen"
    assert indonesian.date == datetime.date(2021, 7, 13)
    assert indonesian.author == "Sari Wulandari"


def test_indonesian_chrome_post_has_caption_heading_and_paragraphs_in_order(indonesian):
    assert [block.kind for block in indonesian.blocks] == [
        "caption", "paragraph", "paragraph", "heading", "paragraph", "paragraph", "paragraph", "paragraph",
    ]
    assert texts(indonesian, "caption") == [
        "Perahu nelayan berhias janur dan bendera berjajar di Pantai Alam Indah. Foto: Dok. Catatan Pesisir Utara"
    ]
    assert texts(indonesian, "heading") == ["Tradisi syukur nelayan"]
    assert texts(indonesian, "paragraph")[-1].startswith("Panitia juga menggelar lomba masak ikan")


def test_indonesian_chrome_is_left_out(indonesian):
    assert_no_chrome(indonesian, [
        "Laman", "Beranda", "Tentang Kami", "Selasa, 13 Juli 2021",
        "Diposting oleh", "Kirimkan Ini lewat Email", "BlogThis!", "Berbagi ke", "Label:",
        "Tidak ada komentar:", "Posting Komentar", "Posting Lebih Baru", "Posting Lama", "Langganan:",
        indonesian.title,
    ])
    assert "Catatan Pesisir Utara" not in [block.text for block in indonesian.blocks]  # the blog's name


def test_a_paragraph_that_starts_like_chrome_is_kept(indonesian):
    assert "Tidak ada komentar resmi dari dinas perikanan soal jumlah peserta tahun depan." in texts(
        indonesian, "paragraph"
    )


def test_comments_and_their_chrome_are_left_out_of_the_body(with_comments):
    assert_no_chrome(with_comments, [
        "2 comments", "Budi Santoso", "14 July 2021", "Alhamdulillah", "Semoga stabil", "Anonymous",
        "Di pasar dekat rumah saya", "Reply", "Balas", "Post a Comment", "Newer Post", "Older Post",
        "Home", "Subscribe to", "Posted by", "Email This", "Share to", "Labels:",
    ])


def test_post_with_comments_keeps_its_own_text(with_comments):
    assert with_comments.title == "Harga cabai rawit turun setelah panen raya di Jawa Tengah"
    assert with_comments.date == datetime.date(2021, 7, 13)
    assert with_comments.author == "Dimas Prasetyo"
    assert texts(with_comments, "caption") == ["Pedagang menata cabai rawit di Pasar Johar, Semarang. ©Antonius Wibowo"]
    assert texts(with_comments, "heading") == ["Pasokan melimpah"]
    paragraphs = texts(with_comments, "paragraph")
    assert len(paragraphs) == 4
    assert paragraphs[-1].endswith("kata Suparmi, pedagang yang sudah dua puluh tahun berjualan di Pasar Johar.")


def test_post_without_caption_starts_with_a_paragraph(without_caption):
    assert texts(without_caption, "caption") == []
    assert without_caption.blocks[0].kind == "paragraph"
    assert without_caption.blocks[0].text.startswith("Sebuah mobil bak terbuka")


def test_post_without_caption_reads_a_us_style_date_header(without_caption):
    assert without_caption.title == "Perpustakaan keliling menjangkau desa-desa di lereng Merapi"
    assert without_caption.date == datetime.date(2021, 7, 13)
    assert texts(without_caption, "heading") == ["Buku cerita paling laris"]
    assert len(texts(without_caption, "paragraph")) == 4
    assert_no_chrome(without_caption, ["Pages", "Tuesday", "Newer Post", "Older Post", "Home"])


def test_date_printed_under_the_title_is_read(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text(
        "Judul pos yang cukup panjang\n\nJudul pos yang cukup panjang\n\n13 Juli 2021\n\n"
        "Paragraf pertama pos ini.\n\nBagikan\n\nPosting Komentar\n",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.title == "Judul pos yang cukup panjang"
    assert document.date == datetime.date(2021, 7, 13)
    assert [block.text for block in document.blocks] == ["Paragraf pertama pos ini."]


def test_share_menu_between_title_and_body_is_skipped(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text(
        "Skip to main content\n\nSelasa, 13 Juli 2021\n\nJudul pos\n\nGet link\nFacebook\nX\nPinterest\n"
        "Email\nOther Apps\n\nParagraf pertama pos ini.\n\nParagraf kedua.\n\nLabels: Berita\n\n"
        "Get link\nFacebook\n\nComments\n\nPost a Comment\n\nPopular posts from this blog\n\nPos lain\n",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.title == "Judul pos"
    assert document.date == datetime.date(2021, 7, 13)
    assert [block.text for block in document.blocks] == ["Paragraf pertama pos ini.", "Paragraf kedua."]


def test_text_with_one_kind_of_chrome_line_is_plain_text(tmp_path):
    path = tmp_path / "catatan.txt"
    path.write_text("Catatan rapat\n\nKami sepakat bertemu lagi.\n\nShare\n", encoding="utf-8")
    document = load_document(path)
    assert document.title == "Catatan rapat"
    assert [block.text for block in document.blocks] == ["Kami sepakat bertemu lagi.", "Share"]


@pytest.mark.parametrize("name", ["blogger_id_chrome.txt", "blogger_comments.txt", "blogger_no_caption.txt"])
def test_blogger_variant_sentences_are_offsets_into_their_block(name):
    for block in load_document(PAGES / name).blocks:
        for sentence in block.sentences:
            assert sentence.text == block.text[sentence.start : sentence.end]
