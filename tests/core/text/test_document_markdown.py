"""Markdown posts: headings as blocks, words without their markup."""

import datetime
from pathlib import Path

from reader.core.text.document import Document, document_id, load_document
from reader.core.text.markdown_text import strip_inline

PAGES = Path(__file__).parents[2] / "data" / "pages"


def texts(document: Document, kind: str) -> list[str]:
    return [block.text for block in document.blocks if block.kind == kind]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_post_takes_title_date_author_and_url_from_front_matter():
    document = load_document(PAGES / "post.md")
    assert document.title == "Belajar membatik di Kampung Laweyan"
    assert document.date == datetime.date(2021, 7, 13)
    assert document.author == "Sari Wulandari"
    assert document.url == "https://catatanpesisir.example/2021/07/belajar-membatik.html"
    assert document.id == document_id("ignored", document.url)


def test_markdown_post_blocks_are_plain_words_in_order():
    document = load_document(PAGES / "post.md")
    assert [(block.kind, block.text) for block in document.blocks] == [
        ("paragraph", "Kampung Laweyan di Solo membuka kelas membatik untuk wisatawan setiap akhir pekan. "
                      "Pesertanya belajar dari perajin yang sudah bekerja puluhan tahun."),
        ("caption", "Peserta kelas membatik di Laweyan. Foto: Dok. Catatan Pesisir"),
        ("heading", "Apa yang dipelajari"),
        ("paragraph", "Dalam tiga jam, peserta diajari:"),
        ("paragraph", "menggambar pola di atas kain mori;"),
        ("paragraph", "mencanting dengan malam panas;"),
        ("paragraph", "mewarnai dan melorot kain."),
        ("paragraph", '"Yang paling sulit itu menjaga tangan tetap tenang," kata Ratna, peserta dari Jakarta.'),
        ("paragraph", "Informasi pendaftaran ada di laman resmi kampung dan di akun media sosial pengelola. "
                      "Biayanya Rp150.000 per orang."),
    ]


def test_markdown_first_level_one_heading_is_the_title(tmp_path):
    document = load_document(write(tmp_path / "catatan.md", (
        "Pengantar singkat.\n\n# Judul utama\n\nIsi pertama.\n\n## Bagian dua\n\nIsi kedua.\n\n# Judul lain\n\nIsi ketiga.\n"
    )))
    assert document.title == "Judul utama"
    assert [(block.kind, block.text) for block in document.blocks] == [
        ("paragraph", "Pengantar singkat."),
        ("paragraph", "Isi pertama."),
        ("heading", "Bagian dua"),
        ("paragraph", "Isi kedua."),
        ("heading", "Judul lain"),
        ("paragraph", "Isi ketiga."),
    ]


def test_markdown_without_a_title_heading_takes_the_file_name(tmp_path):
    document = load_document(write(tmp_path / "catatan-harian.md", "## Pagi\n\nHujan turun sejak subuh.\n"))
    assert document.title == "catatan-harian"
    assert texts(document, "heading") == ["Pagi"]


def test_markdown_setext_headings_and_closing_hashes_are_read(tmp_path):
    document = load_document(write(tmp_path / "a.md", (
        "Judul besar\n===========\n\nIsi.\n\nBagian\n------\n\nLagi.\n\n### Penutup ###\n\nSelesai.\n"
    )))
    assert document.title == "Judul besar"
    assert texts(document, "heading") == ["Bagian", "Penutup"]


def test_markdown_breaks_references_and_comments_leave_no_text(tmp_path):
    document = load_document(write(tmp_path / "a.md", (
        "# Judul\n\nSatu.\n\n---\n\n* * *\n\nDua [tautan][1].\n\n[1]: https://contoh.example/\n\n<!-- catatan -->\n"
    )))
    assert [block.text for block in document.blocks] == ["Satu.", "Dua tautan."]


def test_markdown_fenced_code_is_kept_as_written(tmp_path):
    document = load_document(write(tmp_path / "a.md", "# Judul\n\n```\nprint(*args, **kwargs)\n```\n"))
    assert texts(document, "paragraph") == ["print(*args, **kwargs)"]


def test_inline_markup_is_removed_and_words_kept():
    assert strip_inline("**Tebal** dan *miring* dan __tebal__ dan _miring_") == "Tebal dan miring dan tebal dan miring"
    assert strip_inline("Lihat [laman ini](https://contoh.example/a_b) atau <https://contoh.example>") == (
        "Lihat laman ini atau https://contoh.example"
    )
    assert strip_inline("Perintah `ls -la` dan ~~coret~~ ![gambar](x.png)") == "Perintah ls -la dan coret"


def test_inline_markup_leaves_ordinary_stars_and_underscores_alone():
    assert strip_inline("nama_file_baru dan 5 * 3 * 2") == "nama_file_baru dan 5 * 3 * 2"
    assert strip_inline(r"Harga \*khusus\* berlaku") == "Harga *khusus* berlaku"
    assert strip_inline("Catatan kaki*) berlaku") == "Catatan kaki*) berlaku"
