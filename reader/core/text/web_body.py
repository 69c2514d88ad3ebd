"""What a server sent: its content type, its compression and its character set."""

import codecs
import re
import zlib
from dataclasses import dataclass

from reader.core.errors import FetchFailed, PageTooLarge

HTML_TYPES = ("text/html", "application/xhtml+xml")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG: pages labelled Latin-1 or ASCII are decoded as windows-1252.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252"}


# Here rather than in `web`, which fetches it: the store keeps and reopens pages without importing
# the network code, and the window's start-up does not import it.
@dataclass(frozen=True)
class FetchedPage:
    address: str  # what the user asked for, normalised
    url: str  # where the page came from, after redirects
    fetched: str  # when, UTC ISO 8601 with Z
    content_type: str  # as the server sent it
    body: bytes

    def text(self) -> str:
        return decode_page(self.body, self.content_type)


def decompressed(url: str, encoding: str, body: bytes, max_bytes: int) -> bytes:
    """The body as sent, or decompressed when a server compressed it though asked not to."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchFailed(f"{url} sent the page compressed as {encoding!r}, which Baca cannot read.")
    # wbits 47 reads gzip and zlib headers alike; max_length bounds what a small bomb could become.
    inflater = zlib.decompressobj(47)
    try:
        plain = inflater.decompress(body, max_bytes + 1)
    except zlib.error as error:
        raise FetchFailed(f"{url} sent a compressed page that cannot be read ({error}).") from None
    if len(plain) > max_bytes or inflater.unconsumed_tail:
        raise PageTooLarge(f"{url} is larger than {max_bytes / (1024 * 1024):g} MB unpacked, the most Baca opens.")
    return plain


def mime_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def looks_like_html(body: bytes) -> bool:
    start = body[:1024].lstrip(codecs.BOM_UTF8).lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--"))


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def decode_page(body: bytes, content_type: str = "") -> str:
    """The page's text: by its BOM, else the header's charset, else its <meta>, else UTF-8."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    declared = _charset(content_type)
    if declared is None and (meta := META_CHARSET.search(body[:4096])):
        declared = meta.group(1).decode("ascii", errors="replace")
    encoding = "utf-8"
    if declared:
        declared = _CHARSET_ALIASES.get(declared.lower(), declared)
        try:
            encoding = codecs.lookup(declared).name
        except LookupError:
            encoding = "utf-8"  # an unknown label: UTF-8 is what nearly every page is
    # A browser shows a stray bad byte as a replacement character rather than no page at all.
    return body.decode(encoding, errors="replace")
