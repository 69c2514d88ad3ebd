"""Pages opened from a web address: made into documents, kept in the data folder, reopened offline."""

import dataclasses
import urllib.parse
from dataclasses import dataclass

from reader.core.text.document import Document, bounded_blocks, check_page_size, content_id, document_id
from reader.core.errors import FetchTimedOut, NoNetwork, UnreadableDocument
from reader.core.store import Store
from reader.core.text.web import FetchedPage, fetch_page
from reader.core.text.webpage import parse_webpage


@dataclass(frozen=True)
class WebDocument:
    document: Document
    page: FetchedPage


@dataclass(frozen=True)
class KeptCopy:
    document: Document
    reason: str  # why the copy kept earlier is shown rather than a new fetch


def fallback_title(url: str) -> str:
    """A title for a page that declares none: its last path segment, else its server's name."""
    parts = urllib.parse.urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments:
        name = urllib.parse.unquote(segments[-1]).rsplit(".", 1)[0].replace("-", " ").replace("_", " ").strip()
        if name:
            return name
    return parts.hostname or url


def page_document(page: FetchedPage, keep_id: str | None = None) -> Document:
    """The article in a fetched page; `keep_id` keeps the id of the version it replaces."""
    html = page.text()
    check_page_size(page.url, html)  # the limits of decision 0018, as for a saved page
    draft = parse_webpage(html, fallback_title=fallback_title(page.url), url=page.url)
    if not draft.blocks:
        raise UnreadableDocument(f"Cannot open {page.url}: no article text found in this web page.")
    blocks = bounded_blocks(page.url, draft)
    # The page's own URL (canonical link, og:url) when it declares one, as for a saved page, so a
    # saved copy and the fetched page share their notes; else where the redirects ended.
    url = draft.url or page.url
    return Document(
        id=keep_id or document_id(page.address, url),
        content_id=content_id(draft.title, blocks),
        source=page.address,
        title=draft.title,
        date=draft.date,
        author=draft.author,
        blocks=blocks,
        url=url,
    )


def fetch_document(address: str, keep_id: str | None = None, **limits) -> WebDocument:
    """Fetch a page and find its article (network and parsing: run it off the GUI thread)."""
    page = fetch_page(address, **limits)
    return WebDocument(page_document(page, keep_id), page)


def kept_for_address(store: Store, address: str) -> tuple[str, FetchedPage] | None:
    """The document id and page last kept from this address, if any."""
    row = store.conn.execute(
        "SELECT document_id, address, url, fetched, content_type, body FROM web_pages WHERE address = ? "
        "ORDER BY fetched DESC LIMIT 1",
        [address],
    ).fetchone()
    return (row[0], FetchedPage(*row[1:])) if row else None


def with_earlier_id(store: Store, fetched: WebDocument) -> WebDocument:
    """The fetched document under the id of an earlier fetch of the same address, so its notes follow."""
    # A page may change its canonical link between fetches; the address the user gave stays.
    row = store.conn.execute(
        "SELECT document_id FROM web_pages WHERE address = ? ORDER BY fetched DESC LIMIT 1", [fetched.page.address]
    ).fetchone()
    if row is None or row[0] == fetched.document.id:
        return fetched
    return WebDocument(dataclasses.replace(fetched.document, id=row[0]), fetched.page)


def fetch_or_kept(address: str, kept: tuple[str, FetchedPage] | None, **limits) -> "WebDocument | KeptCopy":
    """The page fetched anew; without a network, the copy kept from the address when there is one."""
    try:
        return fetch_document(address, **limits)
    except (NoNetwork, FetchTimedOut) as error:
        if kept is None:
            raise
        document_id, page = kept
        when = page.fetched[:16].replace("T", " ")
        reason = f"{error} Using the copy fetched on {when} UTC instead."
        return KeptCopy(page_document(page, keep_id=document_id), reason)


def keep_page(store: Store, fetched: WebDocument) -> None:
    """Record the document as opened and keep its page, replacing an older version, in one transaction."""
    page = fetched.page
    with store.writing():
        store.record_document(fetched.document)
        store.db["web_pages"].upsert(
            {
                "document_id": fetched.document.id,
                "address": page.address,
                "url": page.url,
                "fetched": page.fetched,
                "content_type": page.content_type,
                "body": page.body,
            },
            pk="document_id",
        )


def kept_page(store: Store, document_id: str) -> FetchedPage | None:
    """The page as last fetched for a document, or None if it was never fetched."""
    row = store.conn.execute(
        "SELECT address, url, fetched, content_type, body FROM web_pages WHERE document_id = ?", [document_id]
    ).fetchone()
    return FetchedPage(*row) if row else None


def kept_document_ids(store: Store) -> set[str]:
    """The documents that have a kept page (they open without the network)."""
    return {row[0] for row in store.conn.execute("SELECT document_id FROM web_pages")}


def kept_addresses(store: Store) -> list[str]:
    """The addresses of kept pages, the most recently fetched first (to complete a typed address)."""
    return [row[0] for row in store.conn.execute("SELECT address FROM web_pages ORDER BY fetched DESC")]


def open_kept(store: Store, document_id: str) -> Document:
    """A kept page as a document again, parsed afresh (without the network)."""
    page = kept_page(store, document_id)
    if page is None:
        raise UnreadableDocument("This post was not fetched from a web address, so there is no copy of it to open.")
    return page_document(page, keep_id=document_id)
