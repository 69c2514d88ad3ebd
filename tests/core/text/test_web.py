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


def test_an_https_page_from_a_server_nobody_vouches_for_is_refused(tls_web_server):
    from reader.core.errors import InsecureConnection

    url = tls_web_server.page("/berita.html", PAGE)
    assert url.startswith("https://127.0.0.1:")
    with pytest.raises(InsecureConnection, match="The secure connection to 127.0.0.1 failed: .*self.signed"):
        fetch_page(url)
    assert tls_web_server.requests == []


def test_an_https_page_from_a_trusted_server_is_fetched(tls_web_server, monkeypatch):
    from tests.support.web_server import CERTIFICATE

    monkeypatch.setenv("SSL_CERT_FILE", str(CERTIFICATE))  # trust the test certificate, as a CA would be
    url = tls_web_server.page("/berita.html", PAGE)
    page = fetch_page(url)
    assert (page.url, page.body) == (url, PAGE.encode())


def test_a_chunked_page_is_read_whole_and_the_connection_kept_alive_does_not_hold_it_up(web_server):
    body = (PAGE * 40).encode()
    url = web_server.page("/chunked", body, chunked=True)
    started = time.monotonic()
    assert fetch_page(url).body == body
    assert time.monotonic() - started < 2


def test_a_page_compressed_though_not_asked_for_is_unpacked_within_the_limit(web_server):
    import gzip
    import zlib

    body = (PAGE * 40).encode()
    gzipped = web_server.page("/gz", gzip.compress(body), headers={"Content-Encoding": "gzip"})
    assert fetch_page(gzipped).body == body
    deflated = web_server.page("/zz", zlib.compress(body), headers={"Content-Encoding": "deflate"})
    assert fetch_page(deflated).body == body
    bomb = web_server.page("/bomb", gzip.compress(b" " * (3 * 1024 * 1024)), headers={"Content-Encoding": "gzip"})
    with pytest.raises(PageTooLarge, match="larger than 1 MB unpacked"):
        fetch_page(bomb, max_bytes=1024 * 1024)
    brotli = web_server.page("/br", b"\x0b\x02\x80", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchFailed, match="compressed as 'br', which Baca cannot read"):
        fetch_page(brotli)
    broken = web_server.page("/broken", b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchFailed, match="compressed page that cannot be read"):
        fetch_page(broken)


def test_an_http_page_goes_through_the_proxy_the_environment_names(web_server, proxy_server):
    url = web_server.page("/berita.html", PAGE)
    assert fetch_page(url).body == PAGE.encode()
    [(method, target, headers)] = proxy_server.requests
    assert (method, target) == ("GET", url)
    assert "Proxy-Authorization" not in headers
    assert web_server.paths() == ["/berita.html"]


def test_an_https_page_goes_through_a_tunnel_of_the_proxy(tls_web_server, proxy_server, monkeypatch):
    from tests.support.web_server import CERTIFICATE

    monkeypatch.setenv("SSL_CERT_FILE", str(CERTIFICATE))
    url = tls_web_server.page("/berita.html", PAGE)
    assert fetch_page(url).body == PAGE.encode()
    assert [(method, target) for method, target, _ in proxy_server.requests] == [("CONNECT", url[8:].split("/")[0])]


def test_no_proxy_bypasses_the_proxy_and_credentials_are_sent_to_it(web_server, proxy_server, monkeypatch):
    url = web_server.page("/berita.html", PAGE)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    fetch_page(url)
    assert proxy_server.requests == []
    monkeypatch.delenv("no_proxy")
    monkeypatch.setenv("http_proxy", proxy_server.base.replace("http://", "http://baca:rahasia%21@"))
    fetch_page(url)
    [(_, _, headers)] = proxy_server.requests
    assert headers["Proxy-Authorization"] == "Basic YmFjYTpyYWhhc2lhIQ=="  # baca:rahasia!


def test_a_proxy_that_cannot_be_reached_or_used_is_named(web_server, proxy_server, monkeypatch):
    url = web_server.page("/berita.html", PAGE)
    monkeypatch.setenv("http_proxy", closed_port_base())
    with pytest.raises(NoNetwork, match=r"127.0.0.1 through the proxy 127.0.0.1:\d+ refused the connection"):
        fetch_page(url)
    monkeypatch.setenv("http_proxy", "socks5://127.0.0.1:1080")
    with pytest.raises(FetchFailed, match="is not an http proxy"):
        fetch_page(url)
    assert web_server.requests == []
