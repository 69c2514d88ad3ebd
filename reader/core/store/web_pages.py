"""Pages fetched from a web address, the latest version of each, so they reopen offline."""

from reader.core.store.database_file import guarded
from reader.core.store.library import Library
from reader.core.text.document import Document
from reader.core.text.web import FetchedPage

_PAGE = "address, url, fetched, content_type, body"


class WebPages(Library):
    def keep_page(self, document: Document, page: FetchedPage) -> None:
        """Record the document as opened and keep its page, replacing an older version, in one transaction."""
        with self._writing():
            self.record_document(document)
            self.db["web_pages"].upsert(
                {
                    "document_id": document.id,
                    "address": page.address,
                    "url": page.url,
                    "fetched": page.fetched,
                    "content_type": page.content_type,
                    "body": page.body,
                },
                pk="document_id",
            )

    @guarded
    def kept_page(self, document_id: str) -> FetchedPage | None:
        """The page as last fetched for a document, or None if it was never fetched."""
        row = self.db.execute(f"SELECT {_PAGE} FROM web_pages WHERE document_id = ?", [document_id]).fetchone()
        return FetchedPage(*row) if row else None

    @guarded
    def kept_for_address(self, address: str) -> tuple[str, FetchedPage] | None:
        """The document id and page last kept from this address, if any."""
        row = self.db.execute(
            f"SELECT document_id, {_PAGE} FROM web_pages WHERE address = ? ORDER BY fetched DESC LIMIT 1",
            [address],
        ).fetchone()
        return (row[0], FetchedPage(*row[1:])) if row else None

    @guarded
    def kept_id_for_address(self, address: str) -> str | None:
        """The document id of the page last kept from this address, if any."""
        row = self.db.execute(
            "SELECT document_id FROM web_pages WHERE address = ? ORDER BY fetched DESC LIMIT 1", [address]
        ).fetchone()
        return row[0] if row else None

    @guarded
    def kept_document_ids(self) -> set[str]:
        """The documents that have a kept page (they open without the network)."""
        return {row[0] for row in self.db.execute("SELECT document_id FROM web_pages")}

    @guarded
    def kept_addresses(self) -> list[str]:
        """The addresses of kept pages, the most recently fetched first (to complete a typed address)."""
        return [row[0] for row in self.db.execute("SELECT address FROM web_pages ORDER BY fetched DESC")]
