"""The library: every post opened, when, and a snapshot of its text as last opened."""

import datetime
import json
from dataclasses import dataclass

from reader.core.platform.clock import utc_now
from reader.core.store.database_file import guarded
from reader.core.store.connection import Connection
from reader.core.text.document import Block, Document, document_fields
from reader.core.text.sentences import Sentence


@dataclass(frozen=True)
class LibraryEntry:
    id: str
    source: str
    url: str | None
    content_id: str
    title: str
    date: datetime.date | None
    author: str | None
    last_opened: str


class Library(Connection):
    def record_document(self, document: Document) -> None:
        """Remember that `document` was opened now."""
        # Microseconds: two documents opened in one millisecond still list in the order opened.
        now = utc_now(digits=6)
        with self._writing():
            existing = self.db.execute(
                "SELECT first_opened FROM documents WHERE id = ?", [document.id]
            ).fetchone()
            self.db["documents"].upsert(
                {
                    "id": document.id,
                    "source": document.source,
                    "url": getattr(document, "url", None),
                    "content_id": document.content_id,
                    "title": document.title,
                    "date": document.date.isoformat() if document.date else None,
                    "author": document.author,
                    "first_opened": existing[0] if existing else now,
                    "last_opened": now,
                    "snapshot": _snapshot(document),
                },
                pk="id",
            )

    @guarded
    def library(self) -> list[LibraryEntry]:
        """Every document recorded, the most recently opened first."""
        return [
            _library_entry(row)
            for row in self.db["documents"].rows_where(order_by="last_opened DESC, id")
        ]

    @guarded
    def library_entry(self, document_id: str) -> LibraryEntry | None:
        rows = list(self.db["documents"].rows_where("id = ?", [document_id]))
        return _library_entry(rows[0]) if rows else None

    @guarded
    def document_snapshot(self, document_id: str) -> Document | None:
        """The document as it was last opened, rebuilt from the database."""
        row = self.db.execute(
            "SELECT id, content_id, source, url, snapshot FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None or row[4] is None:
            return None
        return _from_snapshot(*row)


def _library_entry(row: dict) -> LibraryEntry:
    return LibraryEntry(
        id=row["id"],
        source=row["source"],
        url=row["url"],
        content_id=row["content_id"],
        title=row["title"],
        date=datetime.date.fromisoformat(row["date"]) if row["date"] else None,
        author=row["author"],
        last_opened=row["last_opened"],
    )


def _snapshot(document: Document) -> str:
    return json.dumps(document_fields(document), ensure_ascii=False)


def _from_snapshot(id: str, content_id: str, source: str, url: str | None, snapshot: str) -> Document:
    data = json.loads(snapshot)
    blocks = [
        Block(b["kind"], b["text"], [Sentence(s, e, b["text"][s:e]) for s, e in b["sentences"]])
        for b in data["blocks"]
    ]
    date = datetime.date.fromisoformat(data["date"]) if data["date"] else None
    return Document(id, content_id, source, data["title"], date, data["author"], blocks, url=url)
