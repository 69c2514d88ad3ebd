"""reader-cli translate URL: the page is fetched, kept for offline reading, and translated."""

from reader.cli import EXIT_NO_MODEL, EXIT_OK, EXIT_REFUSED, main
from reader.core.store import open_store
from tests.core.text.test_web_pages import PARAGRAPHS, TITLE
from tests.support.index_server import closed_port_base
from tests.support.web_server import article


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_translate_url_fetches_keeps_and_translates_the_page(capsys, data_dir, installed_package, web_server):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    status, out, err = _run(capsys, "--data-dir", data_dir, "translate", url)
    assert status == EXIT_OK, err
    title, *chunks = out.split("\n\n")[:-1]
    assert title.split("\n")[0] == TITLE
    assert [chunk.split("\n")[0] for chunk in chunks] == PARAGRAPHS
    assert all(chunk.split("\n")[1] for chunk in chunks)
    assert f"Fetched {url}" in err and "Translated 3 paragraphs" in err
    store = open_store(data_dir)
    [entry] = store.library()
    assert (entry.title, entry.source, entry.url) == (TITLE, url, url)
    assert store.kept_page(entry.id).body == article(TITLE, PARAGRAPHS).encode()
    store.close()


def test_translate_url_again_keeps_the_same_document_when_the_canonical_link_changes(
    capsys, data_dir, installed_package, web_server
):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS, canonical="https://a.example/rusia"))
    assert _run(capsys, "--data-dir", data_dir, "translate", url, "--format", "json")[0] == EXIT_OK
    web_server.page("/rusia.html", article(TITLE, PARAGRAPHS[:2], canonical="https://b.example/rusia"))
    status, out, _err = _run(capsys, "--data-dir", data_dir, "translate", url, "--format", "json")
    assert status == EXIT_OK
    store = open_store(data_dir)
    [entry] = store.library()
    assert f'"id": "{entry.id}"' in out
    assert len(store.kept_page(entry.id).body) < len(article(TITLE, PARAGRAPHS))
    store.close()


def test_translate_url_without_a_model_still_keeps_the_page(capsys, data_dir, web_server):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    status, _out, err = _run(capsys, "--data-dir", data_dir, "translate", url)
    assert status == EXIT_NO_MODEL
    store = open_store(data_dir)
    assert [entry.source for entry in store.library()] == [url]
    store.close()


def test_translate_url_failures_are_one_line_and_exit_1(capsys, data_dir, web_server):
    missing = web_server.url("/missing.html")
    pdf = web_server.page("/report.pdf", b"%PDF-1.4", content_type="application/pdf")
    for address, words in [
        (missing, f"reader-cli: {missing} answered 404 Not Found"),
        (pdf, "is not a web page but application/pdf"),
        (closed_port_base() + "x.html", "No network: 127.0.0.1 refused the connection"),
    ]:
        status, out, err = _run(capsys, "--data-dir", data_dir, "translate", address)
        assert status == EXIT_REFUSED
        assert out == ""
        assert words in err and "Traceback" not in err
        assert err.count("\n") == 2  # "Fetching ..." and the reason


def test_translate_url_offline_translates_the_copy_kept_and_says_so(capsys, data_dir, installed_package, web_server):
    url = web_server.page("/rusia.html", article(TITLE, PARAGRAPHS))
    first = _run(capsys, "--data-dir", data_dir, "translate", url)
    web_server.stop()
    status, out, err = _run(capsys, "--data-dir", data_dir, "translate", url)
    assert status == EXIT_OK
    assert out == first[1]
    assert "reader-cli: No network: 127.0.0.1 refused the connection. Using the copy fetched on 20" in err
