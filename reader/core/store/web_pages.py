"""Pages fetched from a web address, the latest version of each, so they reopen offline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.store.database_file import guarded
from reader.core.store.library import Library
from reader.core.text.document import Document

if TYPE_CHECKING:  # imported when a page is read: the window's start-up reads none
    from reader.core.text.web_body import FetchedPage

_PAGE = "address, url, fetched, content_type, body"


class WebPages(Library):
    def keep_page(self, document: Document, page: FetchedPage) -> None:
        """Record the document as opened and keep its page, replacing an older version, in one transaction."""
        with self._writing():
            self.record_document(document)
            self.conn.execute(
                f"INSERT INTO web_pages (document_id, {_PAGE}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id) "
                f"DO UPDATE SET {', '.join(f'{name} = excluded.{name}' for name in _PAGE.split(', '))}",
                [document.id, page.address, page.url, page.fetched, page.content_type, page.body],
            )

    @guarded
    def kept_page(self, document_id: str) -> FetchedPage | None:
        """The page as last fetched for a document, or None if it was never fetched."""
        row = self.conn.execute(f"SELECT {_PAGE} FROM web_pages WHERE document_id = ?", [document_id]).fetchone()
        if row is None:
            return None
        from reader.core.text.web_body import FetchedPage  # for a kept page only: not at start-up

        return FetchedPage(*row)

    @guarded
    def kept_for_address(self, address: str) -> tuple[str, FetchedPage] | None:
        """The document id and page last kept from this address, if any."""
        from reader.core.text.web_body import FetchedPage

        row = self.conn.execute(
            f"SELECT document_id, {_PAGE} FROM web_pages WHERE address = ? ORDER BY fetched DESC LIMIT 1",
            [address],
        ).fetchone()
        return (row[0], FetchedPage(*row[1:])) if row else None

    @guarded
    def kept_id_for_address(self, address: str) -> str | None:
        """The document id of the page last kept from this address, if any."""
        row = self.conn.execute(
            "SELECT document_id FROM web_pages WHERE address = ? ORDER BY fetched DESC LIMIT 1", [address]
        ).fetchone()
        return row[0] if row else None

    @guarded
    def kept_document_ids(self) -> set[str]:
        """The documents that have a kept page (they open without the network)."""
        return {row[0] for row in self.conn.execute("SELECT document_id FROM web_pages")}

    @guarded
    def kept_addresses(self) -> list[str]:
        """The addresses of kept pages, the most recently fetched first (to complete a typed address)."""
        return [row[0] for row in self.conn.execute("SELECT address FROM web_pages ORDER BY fetched DESC")]
