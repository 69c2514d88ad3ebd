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
    """A post fetched anew, with the page it came from (kept for reading offline)."""

    document: Document
    page: FetchedPage


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


def with_earlier_id(store: Store, fetched: WebDocument) -> WebDocument:
    """The fetched document under the id of an earlier fetch of the same address, so its notes follow."""
    # A page may change its canonical link between fetches; the address the user gave stays.
    earlier = store.kept_id_for_address(fetched.page.address)
    if earlier is None or earlier == fetched.document.id:
        return fetched
    return WebDocument(dataclasses.replace(fetched.document, id=earlier), fetched.page)


@dataclass(frozen=True)
class KeptCopy:
    """The post in the copy kept from an address, opened when a new fetch could not be made."""

    document: Document
    reason: str  # why the copy kept earlier is shown rather than a new fetch


def fetch_or_kept(address: str, kept: tuple[str, FetchedPage] | None, **limits) -> WebDocument | KeptCopy:
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


def open_kept(store: Store, document_id: str) -> Document:
    """A kept page as a document again, parsed afresh (without the network)."""
    page = store.kept_page(document_id)
    if page is None:
        raise UnreadableDocument("This post was not fetched from a web address, so there is no copy of it to open.")
    return page_document(page, keep_id=document_id)
