"""Pages from a web address: their documents, the copy kept in the data folder, and reloading."""

import pytest
import sqlite_utils

from reader.core.notes.annotations import DETACHED, MOVED, Quote, new_annotation
from reader.core.notes.columns import ORIGINAL
from reader.core.text.document import document_id, load_document
from reader.core.errors import HttpStatusError, UnreadableDocument
from reader.core.notes.reanchor import reanchor
from reader.core.store import Store, open_store
from reader.core.text.web_pages import (
    fallback_title,
    fetch_document,
    open_kept,
)
from tests.support.web_server import article

TITLE = "Rusia tidak memiliki ilusi tentang terobosan dalam hubungan dengan AS"
PARAGRAPHS = [
    "Moskow tidak percaya bahwa KTT Rusia-AS di Jenewa memungkinkan untuk meningkatkan hubungan bilateral "
    "secara signifikan, kata Duta Besar Rusia untuk Amerika Serikat Anatoly Antonov.",
    "Berbicara tentang hasil KTT Jenewa, Antonov mencatat bahwa pembicaraan di tingkat tertinggi diadakan "
    "dengan tenang. Para pemimpin kedua negara sepakat bahwa ada kebutuhan untuk mengurangi konfrontasi.",
    "Kami tidak menghargai ilusi tentang terobosan penting, kata Antonov, menurut sebuah pernyataan yang "
    "diterbitkan di halaman Facebook Kedutaan Besar Rusia di AS.",
]
QUOTE = "Kami tidak menghargai ilusi tentang terobosan penting"


def highlight(document, block: int, text: str):
    start = document.blocks[block].text.index(text)
    quote = Quote(document, ORIGINAL, block, start, start + len(text))
    return new_annotation(quote, color="pink", now="2026-01-01T00:00:00.000Z")


def test_fetch_document_finds_the_article_and_names_it_by_its_address(web_server):
    url = web_server.page("/2021/07/rusia.html", article(TITLE, PARAGRAPHS))
    fetched = fetch_document(url)
    document = fetched.document
    assert document.title == TITLE
    assert [block.text for block in document.blocks] == PARAGRAPHS
    assert document.source == url
    assert document.url == url
    assert document.id == document_id(url, url)
    assert fetched.page.body == article(TITLE, PARAGRAPHS).encode()


def test_a_fetched_page_shares_its_notes_with_the_same_page_saved_from_a_browser(web_server, tmp_path):
    canonical = "https://contoh.blogspot.com/2021/07/rusia.html"
    html = article(TITLE, PARAGRAPHS, canonical=canonical)
    fetched = fetch_document(web_server.page("/rusia.html?m=1", html)).document
    saved = tmp_path / "Rusia.html"
    saved.write_text(html, encoding="utf-8")
    assert fetched.url == canonical
    assert fetched.id == load_document(saved).id


def test_fetch_document_refuses_a_page_without_an_article(web_server):
    url = web_server.page("/kosong", "<html><head><title>Kosong</title></head><body><nav>Menu</nav></body></html>")
    with pytest.raises(UnreadableDocument, match="no article text found in this web page"):
        fetch_document(url)


def test_fallback_title_is_the_last_path_segment_else_the_server():
    assert fallback_title("https://contoh.id/2021/07/ilusi-terobosan_baru.html") == "ilusi terobosan baru"
    assert fallback_title("https://contoh.id/berita%20hari%20ini/") == "berita hari ini"
    assert fallback_title("https://contoh.id/") == "contoh.id"


def test_a_kept_page_reopens_without_the_network_with_its_notes(web_server, data_dir):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    fetched = fetch_document(url)
    store = open_store(data_dir)
    store.keep_page(fetched.document, fetched.page)
    store.add_annotation(highlight(fetched.document, 2, QUOTE))
    store.close()
    web_server.stop()

    store = open_store(data_dir)
    assert store.kept_document_ids() == {fetched.document.id}
    page = store.kept_page(fetched.document.id)
    assert page == fetched.page
    reopened = open_kept(store, fetched.document.id)
    assert reopened == fetched.document
    assert [a.exact for a in store.annotations_for(reopened.id)] == [QUOTE]
    entry = store.library_entry(reopened.id)
    assert (entry.source, entry.url, entry.title) == (url, url, TITLE)
    store.close()


def test_open_kept_refuses_a_document_that_was_never_fetched(sample_path):
    store = Store.memory()
    document = load_document(sample_path)
    store.record_document(document)
    with pytest.raises(UnreadableDocument, match="not fetched from a web address"):
        open_kept(store, document.id)


def test_reloading_keeps_one_copy_the_newest_and_the_notes_re_anchor(web_server):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    store = Store.memory()
    first = fetch_document(url)
    store.keep_page(first.document, first.page)
    kept = highlight(first.document, 2, QUOTE)
    gone = highlight(first.document, 1, "pembicaraan di tingkat tertinggi diadakan dengan tenang")
    store.add_annotations([kept, gone])

    edited = ["Paragraf baru di awal tulisan ini ditambahkan oleh redaksi setelah terbit.", PARAGRAPHS[0],
              "Berbicara tentang hasil KTT Jenewa, Antonov tidak berkata apa-apa lagi.", PARAGRAPHS[2]]
    web_server.page("/rusia.html", article(TITLE, edited))
    second = fetch_document(url, keep_id=first.document.id)
    assert second.document.id == first.document.id
    assert second.document.content_id != first.document.content_id
    store.keep_page(second.document, second.page)
    assert store.db["web_pages"].count == 1
    assert store.kept_page(first.document.id).body == second.page.body
    assert store.kept_page(first.document.id).fetched >= first.page.fetched

    changed = {a.id: a for a in reanchor(store.annotations_for(second.document.id), second.document)}
    assert changed[kept.id].status == MOVED and changed[kept.id].block == 3
    assert changed[gone.id].status == DETACHED


def test_reloading_a_page_that_is_gone_changes_nothing(web_server):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    store = Store.memory()
    first = fetch_document(url)
    store.keep_page(first.document, first.page)
    del web_server.routes["/rusia.html"]
    with pytest.raises(HttpStatusError, match="answered 404"):
        fetch_document(url, keep_id=first.document.id)
    assert store.kept_page(first.document.id) == first.page


def test_migration_adds_the_kept_pages_to_a_database_made_by_the_previous_version(data_dir, sample_path, web_server):
    from reader.core import schema

    previous = sqlite_utils.Migrations("baca")
    known = schema.migrations._migrations
    ours = next(index for index, migration in enumerate(known) if migration.name.endswith("_web_pages"))
    for migration in known[:ours]:
        previous(name=migration.name)(migration.fn)
    db = sqlite_utils.Database(data_dir / "baca.db")
    previous.apply(db)
    db.close()
    store = open_store(data_dir)
    document = load_document(sample_path)
    store.record_document(document)
    store.add_annotation(highlight(document, 3, "Antonov"))
    store.close()

    store = open_store(data_dir)
    assert "web_pages" in store.db.table_names()
    fetched = fetch_document(web_server.page("/rusia.html", article(TITLE, PARAGRAPHS)))
    store.keep_page(fetched.document, fetched.page)
    assert [e.id for e in store.library()] == [fetched.document.id, document.id]
    assert len(store.annotations_for(document.id)) == 1
    store.close()


def test_without_a_network_the_copy_kept_from_the_address_is_opened_instead(web_server, silent_port):
    from reader.core.errors import FetchTimedOut, NoNetwork
    from reader.core.text.web_pages import KeptCopy, WebDocument, fetch_or_kept

    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    store = Store.memory()
    first = fetch_document(url)
    store.keep_page(first.document, first.page)
    kept = store.kept_for_address(url)
    assert kept == (first.document.id, first.page)
    assert isinstance(fetch_or_kept(url, kept), WebDocument)  # online: fetched anew
    web_server.stop()
    found = fetch_or_kept(url, kept)
    assert isinstance(found, KeptCopy)
    assert found.document == first.document
    assert found.reason.startswith("No network: 127.0.0.1 refused the connection.")
    when = f"{first.page.fetched[:10]} {first.page.fetched[11:16]}"
    assert found.reason.endswith(f"Using the copy fetched on {when} UTC instead.")
    assert store.kept_for_address(silent_port.base + "/x") is None
    with pytest.raises(FetchTimedOut):
        fetch_or_kept(silent_port.base + "/x", None, connect_timeout=0.3)
    with pytest.raises(NoNetwork):
        fetch_or_kept(url, None)


def test_a_fetched_page_meets_the_limits_of_a_saved_one(web_server):
    import time

    from reader.core.text.limits import MAX_BLOCK_CHARS, MAX_PAGE_TEXT_CHARS

    huge = "<html><body>" + "<p>kata kata kata kata.</p>" * (MAX_PAGE_TEXT_CHARS // 16) + "</body></html>"
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match="the page shows about .* characters of text; Baca opens posts"):
        fetch_document(web_server.page("/huge.html", huge))
    assert time.monotonic() - started < 10  # refused before trafilatura would spend minutes
    long = article(TITLE, ["Satu kalimat yang panjang sekali. " * (MAX_BLOCK_CHARS // 20)])
    document = fetch_document(web_server.page("/long.html", long)).document
    assert len(document.blocks) > 1 and all(len(block.text) <= MAX_BLOCK_CHARS for block in document.blocks)
