"""Fetching web pages: addresses, redirects, limits and a named error for each failure."""

import time

import pytest

from reader.core.errors import (
    BadAddress,
    FetchFailed,
    FetchTimedOut,
    HttpStatusError,
    NoNetwork,
    NotHtml,
    PageTooLarge,
)
from reader.core.text.web import decode_page, fetch_page, is_address, normalise_address
from tests.support.index_server import closed_port_base

PAGE = "<!DOCTYPE html><html><head><title>Berita</title></head><body><p>Halo dunia.</p></body></html>"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("https://example.com/a/b.html", "https://example.com/a/b.html"),
        ("  http://Example.com  ", "http://example.com/"),
        ("example.com/post?id=3#comments", "https://example.com/post?id=3"),
        ("localhost:8000/x", "https://localhost:8000/x"),
        ("//example.com/x", "https://example.com/x"),
        ("https://contoh.id/berita baru/ä", "https://contoh.id/berita%20baru/%C3%A4"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ],
)
def test_normalise_address_adds_https_and_quotes_the_path(typed, expected):
    assert normalise_address(typed) == expected


@pytest.mark.parametrize(
    "typed, words",
    [
        ("", "Type a web address"),
        ("   ", "Type a web address"),
        ("ftp://example.com/file", "ftp: address"),
        ("file:///etc/passwd", "file: address"),
        ("javascript:alert(1)", "javascript: address"),
        ("mailto:someone@example.com", "mailto: address"),
        ("https://", "names no server"),
        ("https://example.com:port/", "port is not a number"),
        ("https://example.com/a\nb", "control characters"),
    ],
)
def test_normalise_address_refuses_what_is_not_a_web_address(typed, words):
    with pytest.raises(BadAddress, match=words):
        normalise_address(typed)


def test_is_address_tells_urls_from_file_names():
    assert is_address("https://example.com/x")
    assert is_address("HTTP://example.com")
    assert not is_address("post.html")
    assert not is_address("example.com/post")  # on the command line a scheme is required


def test_fetch_page_returns_the_page_with_its_address_and_time(web_server):
    url = web_server.page("/berita.html", PAGE)
    page = fetch_page(url)
    assert page.address == url
    assert page.url == url
    assert page.body == PAGE.encode()
    assert page.content_type == "text/html; charset=utf-8"
    assert page.fetched.endswith("Z") and page.fetched[:2] == "20"
    assert page.text() == PAGE
    path, headers = web_server.requests[0]
    assert path == "/berita.html"
    assert headers["User-Agent"].startswith("Baca/")
    assert headers["Accept-Encoding"] == "identity"


def test_fetch_page_follows_redirects_and_records_where_it_ended(web_server):
    final = web_server.page("/final.html", PAGE)
    web_server.redirect("/moved", "/final.html#top", status=301)
    start = web_server.redirect("/short", web_server.url("/moved"), status=302)
    page = fetch_page(start)
    assert page.address == start
    assert page.url == final
    assert web_server.paths() == ["/short", "/moved", "/final.html"]


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)"])
def test_fetch_page_refuses_a_redirect_to_another_kind_of_address(web_server, location):
    start = web_server.redirect("/sly", location)
    with pytest.raises(BadAddress, match="redirected to .*http and https web addresses only"):
        fetch_page(start)


def test_fetch_page_stops_an_endless_redirect(web_server):
    start = web_server.redirect("/loop", "/loop")
    with pytest.raises(FetchFailed, match="redirected more than 10 times"):
        fetch_page(start)
    assert len(web_server.requests) == 11


@pytest.mark.parametrize("status, reason", [(404, "Not Found"), (500, "Internal Server Error"), (403, "Forbidden")])
def test_fetch_page_names_the_http_status(web_server, status, reason):
    url = web_server.page("/x", PAGE, status=status)
    with pytest.raises(HttpStatusError, match=f"answered {status} {reason}"):
        fetch_page(url)


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "image/png", "application/json; charset=utf-8", "text/plain"]
)
def test_fetch_page_refuses_what_is_not_html_before_reading_it(web_server, content_type):
    url = web_server.page("/file", b"%PDF-1.4 " * 1000, content_type=content_type)
    with pytest.raises(NotHtml, match=content_type.split(";")[0]):
        fetch_page(url)


def test_fetch_page_sniffs_a_page_sent_without_a_content_type(web_server):
    assert fetch_page(web_server.page("/bare", PAGE, content_type=None)).body == PAGE.encode()
    with pytest.raises(NotHtml, match="no content type"):
        fetch_page(web_server.page("/blob", b"\x89PNG\r\n\x1a\n", content_type=None))


def test_fetch_page_refuses_a_page_announced_as_too_large_without_reading_it(web_server):
    url = web_server.page("/huge", PAGE, length=3 * 1024**3, stall=30)
    started = time.monotonic()
    with pytest.raises(PageTooLarge, match="3072.0 MB; Baca opens pages of up to 20 MB"):
        fetch_page(url)
    assert time.monotonic() - started < 5


def test_fetch_page_stops_reading_a_page_that_grows_past_the_limit(web_server):
    body = b"<html><body>" + b"<p>kata kata kata</p>" * 60000 + b"</body></html>"
    url = web_server.page("/long", body, length=-1)  # no Content-Length: only reading tells
    with pytest.raises(PageTooLarge, match="larger than 1 MB, the most Baca opens"):
        fetch_page(url, max_bytes=1024 * 1024)
    assert fetch_page(url).body == body


def test_fetch_page_says_no_network_when_nothing_listens():
    with pytest.raises(NoNetwork, match="No network: 127.0.0.1 refused the connection"):
        fetch_page(closed_port_base() + "post.html")


def test_fetch_page_gives_up_connecting_after_the_connect_timeout(silent_port):
    started = time.monotonic()
    with pytest.raises(FetchTimedOut, match="127.0.0.1 did not answer within 0.5 s"):
        fetch_page(silent_port.base + "/post.html", connect_timeout=0.5)
    assert time.monotonic() - started < 3


def test_fetch_page_gives_up_on_a_page_that_does_not_finish_in_time(web_server):
    # Each piece arrives well within any per-read timeout; only the whole-page deadline stops it.
    url = web_server.page("/drip", PAGE * 100, drip=0.05)
    started = time.monotonic()
    with pytest.raises(FetchTimedOut, match="did not arrive within 0.6 s"):
        fetch_page(url, timeout=0.6)
    assert time.monotonic() - started < 2.5


def test_fetch_page_gives_up_on_a_server_that_goes_silent(web_server):
    url = web_server.page("/stall", PAGE, stall=30)
    with pytest.raises(FetchTimedOut, match="did not arrive within 0.5 s"):
        fetch_page(url, timeout=0.5)


def test_fetch_page_reports_a_connection_broken_off_mid_page(web_server):
    url = web_server.page("/cut", PAGE * 50, drop=True)
    with pytest.raises(FetchFailed, match="broke off"):
        fetch_page(url)


def test_decode_page_follows_bom_then_header_then_meta_then_utf8():
    text = "Kabar dari Café Ñusa"
    assert decode_page(text.encode("utf-8")) == text
    assert decode_page(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html; charset=latin-1") == text
    assert decode_page(text.encode("cp1252"), "text/html; charset=ISO-8859-1") == text
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>{text}</p>'
    assert decode_page(meta.encode("cp1252"), "text/html") == meta
    assert decode_page(text.encode("utf-16"), "text/html") == text
    assert decode_page(text.encode("utf-8"), "text/html; charset=x-unknown-thing") == text
    assert decode_page(b"caf\xe9 ok", "text/html; charset=utf-8") == "caf\ufffd ok"


def _stopped_after(delay: float, fetch) -> float:
    """Start `fetch(stopper)` on a thread, stop it after `delay`; seconds from the stop to FetchStopped."""
    import threading

    from reader.core.errors import FetchStopped
    from reader.core.text.web import FetchStopper

    stopper, outcome = FetchStopper(), []

    def run():
        try:
            fetch(stopper)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(delay)
    stopped = time.monotonic()
    stopper.stop()
    worker.join(5)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], FetchStopped), outcome
    assert str(outcome[0]) == "Stopped fetching the page; nothing was changed."
    return time.monotonic() - stopped


def test_a_stop_ends_a_fetch_waiting_to_connect(silent_port):
    assert _stopped_after(0.3, lambda stopper: fetch_page(silent_port.base + "/x", stopper=stopper)) < 0.5


def test_a_stop_ends_a_fetch_waiting_for_a_silent_server(web_server):
    url = web_server.page("/stall", PAGE, stall=30)
    assert _stopped_after(0.3, lambda stopper: fetch_page(url, stopper=stopper)) < 0.5


def test_a_stop_ends_a_page_arriving_slowly(web_server):
    url = web_server.page("/drip", PAGE * 100, drip=0.05)
    assert _stopped_after(0.3, lambda stopper: fetch_page(url, stopper=stopper)) < 0.5


def test_a_fetch_stopped_before_it_starts_does_not_connect(web_server):
    from reader.core.errors import FetchStopped
    from reader.core.text.web import FetchStopper

    stopper = FetchStopper()
    stopper.stop()
    with pytest.raises(FetchStopped):
        fetch_page(web_server.page("/x", PAGE), stopper=stopper)
    assert web_server.requests == []
