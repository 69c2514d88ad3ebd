"""Saved web pages: article text, headings, captions and metadata, and nothing of the page around it."""

import datetime
import re
import shutil
from pathlib import Path

import pytest

from reader.core.text.document import Document, load_document
from reader.core.errors import UnreadableDocument

PAGES = Path(__file__).parents[2] / "data" / "pages"
NEWS = PAGES / "news_article.html"
BLOGGER = PAGES / "blogger_post.html"


def texts(document: Document, kind: str) -> list[str]:
    return [block.text for block in document.blocks if block.kind == kind]


def assert_left_out(document: Document, phrases: list[str]) -> None:
    for block in document.blocks:
        for phrase in phrases:
            assert phrase not in block.text, (phrase, block.text)


@pytest.fixture(scope="module")
def news() -> Document:
    return load_document(NEWS)


@pytest.fixture(scope="module")
def blogger() -> Document:
    return load_document(BLOGGER)


def test_news_page_metadata_is_read(news):
    assert news.title == "Banjir rendam ratusan rumah di Bandung Selatan"
    assert news.date == datetime.date(2023, 3, 2)
    assert news.author == "Rina Kartika"
    assert news.url == "https://kabarpriangan.example/daerah/2023/03/02/banjir-rendam-ratusan-rumah"


def test_news_page_blocks_are_caption_paragraphs_and_headings_in_order(news):
    assert [block.kind for block in news.blocks] == [
        "caption", "paragraph", "paragraph", "heading", "paragraph", "paragraph", "heading", "paragraph", "paragraph",
    ]
    assert texts(news, "caption") == ["Warga mengungsi dengan perahu karet. Foto: Dok. BPBD"]
    assert texts(news, "heading") == ["Ribuan warga mengungsi", "Jalan provinsi ditutup"]
    assert texts(news, "paragraph")[0].startswith("Hujan deras yang turun sejak Rabu sore")
    assert texts(news, "paragraph")[-1] == (
        "Polisi mengalihkan arus lalu lintas melalui jalan tol dan jalur alternatif di sebelah timur."
    )


def test_news_page_title_heading_is_not_repeated_as_a_block(news):
    assert news.title not in [block.text for block in news.blocks]


def test_news_page_leaves_out_navigation_sidebar_comments_and_footer(news):
    assert_left_out(news, [
        "Beranda", "Politik", "Olahraga", "Cari berita",  # menu and search
        "Oleh", "08:15 WIB",  # byline
        "Bagikan", "WhatsApp", "Tag:",  # share and tag bars
        "Komentar", "Semoga cepat surut", "membenahi drainase", "Tinggalkan Balasan", "Alamat email",
        "Kirim Komentar",  # comments and the reply form
        "Berita Terkait", "Longsor tutup jalan", "BMKG", "Terpopuler", "Harga cabai",  # sidebar
        "Seluruh hak cipta", "Tentang Kami", "Kontak",  # footer
    ])


def test_blogger_page_metadata_is_read(blogger):
    assert blogger.title == "Dubes Rusia untuk AS - Rusia tidak memiliki ilusi"
    assert blogger.date == datetime.date(2021, 7, 13)
    assert blogger.author == "Sari Wulandari"
    assert blogger.url == "https://kabarduniaku.blogspot.com/2021/07/dubes-rusia-untuk-as.html"


def test_blogger_page_caption_table_becomes_a_caption(blogger):
    assert blogger.blocks[0].kind == "caption"
    assert blogger.blocks[0].text == "Duta Besar Rusia untuk AS Anatoly Antonov ©Sergei Savostyanov/TASS"
    assert texts(blogger, "heading") == ["Kerjasama keamanan siber"]
    assert len(texts(blogger, "paragraph")) == 3


def test_blogger_page_leaves_out_its_chrome_comments_and_widgets(blogger):
    assert_left_out(blogger, [
        "Kabar Duniaku", "Berita dunia dalam bahasa Indonesia", "Laman", "Beranda", "Tentang Kami",
        "Selasa, 13 Juli 2021", "Diposting oleh", "09.30", "Kirimkan Ini lewat Email", "BlogThis!",
        "Berbagi ke Twitter", "Label:", "2 komentar", "Budi Santoso", "Analisis yang menarik",
        "Terima kasih atas terjemahannya", "Balas", "Posting Komentar", "Posting Lebih Baru",
        "Posting Lama", "Langganan", "Mengenai Saya", "Penerjemah lepas", "Arsip Blog",
        "Postingan Populer", "Pertemuan puncak pertama", "Diberdayakan oleh",
    ])


def test_old_blogger_post_with_line_breaks_gives_one_paragraph_per_break_run(tmp_path):
    html = BLOGGER.read_text("utf-8")
    start, end = html.index("<p>Moskow tidak percaya"), html.index("<div style='clear: both;'></div>")
    # Older Blogger posts hold their text directly in the post body, paragraphs split by <br /><br />
    # and a heading written as a bold line.
    post = re.sub(r"</?p>", "", html[start:end]).replace("\n", "<br /><br />\n")
    post = post.replace("<h3>", "<b>").replace("</h3>", "</b>")
    path = tmp_path / "lama.html"
    path.write_text(html[:start] + post + html[end:], encoding="utf-8")
    document = load_document(path)
    assert document.blocks[0].kind == "caption"
    assert [(block.kind, block.text[:30]) for block in document.blocks[1:]] == [
        ("paragraph", "Moskow tidak percaya bahwa KTT"),
        ("paragraph", '"Kami tidak menghargai ilusi t'),
        ("heading", "Kerjasama keamanan siber"),
        ("paragraph", "Moskow percaya kerja sama deng"),
    ]


def test_saved_page_keeps_its_id_when_moved(tmp_path, news):
    moved = tmp_path / "unduhan" / "banjir.htm"
    moved.parent.mkdir()
    shutil.copyfile(NEWS, moved)
    document = load_document(moved)
    assert document.id == news.id
    assert document.source != news.source
    assert document.content_id == news.content_id


def test_page_without_url_takes_its_id_from_the_path(tmp_path, news):
    html = re.sub(r"<(?:link|meta)[^>]*(?:canonical|og:url)[^>]*>", "", NEWS.read_text("utf-8"))
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    first.write_text(html, encoding="utf-8")
    second.write_text(html, encoding="utf-8")
    assert load_document(first).url is None
    assert load_document(first).id != load_document(second).id
    assert load_document(first).id != news.id


def test_page_without_a_stated_date_has_no_date(tmp_path):
    html = NEWS.read_text("utf-8")
    html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
    html = re.sub(r"<time[^>]*>.*?</time>", "", html).replace("/2023/03/02", "")
    path = tmp_path / "undated.html"
    path.write_text(html, encoding="utf-8")
    # The footer's "© 2023" is not a publication date.
    assert load_document(path).date is None


def test_html_saved_with_a_txt_name_is_read_as_a_web_page(tmp_path, news):
    path = tmp_path / "halaman.txt"
    shutil.copyfile(NEWS, path)
    document = load_document(path)
    assert document.title == news.title
    assert [block.text for block in document.blocks] == [block.text for block in news.blocks]


def test_page_with_no_article_is_refused(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Menu</title></head><body>"
        "<nav><a href='/'>Beranda</a> <a href='/a'>Tentang</a></nav></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(UnreadableDocument, match="no article text") as caught:
        load_document(path)
    assert repr(str(path)) in str(caught.value)


def test_long_page_keeps_every_paragraph_and_heading(tmp_path):
    sections = []
    for section in range(1, 11):
        sections.append(f"<h2>Bagian {section} dari laporan</h2>")
        sections += [
            f"<p>Paragraf {section}.{number} memuat kalimat pertama. Lalu kalimat kedua menutupnya.</p>"
            for number in range(1, 21)
        ]
    path = tmp_path / "panjang.html"
    path.write_text(
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>Laporan panjang</title></head>"
        f"<body><nav><a href='/'>Beranda</a></nav><article><h1>Laporan panjang</h1>{''.join(sections)}"
        "</article><footer>Hak cipta</footer></body></html>",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.title == "Laporan panjang"
    assert len(texts(document, "heading")) == 10
    assert len(texts(document, "paragraph")) == 200
    assert all(len(block.sentences) == 2 for block in document.blocks if block.kind == "paragraph")


@pytest.mark.parametrize("path", [NEWS, BLOGGER])
def test_web_page_sentences_are_offsets_into_their_block(path):
    for block in load_document(path).blocks:
        assert block.sentences
        for sentence in block.sentences:
            assert sentence.text == block.text[sentence.start : sentence.end]
