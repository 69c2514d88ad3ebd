"""The library: every post opened, when, and a snapshot of its text as last opened."""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.platform.clock import utc_now
from reader.core.store.database_file import guarded
from reader.core.store.connection import Connection
from reader.core.text.document import Block, Document, document_fields
from reader.core.text.sentences import Sentence

# The library's columns, in LibraryEntry's order; recording a document keeps its first_opened.
_ENTRY = "id, source, url, content_id, title, date, author, last_opened"
_DOCUMENT = ("id", "source", "url", "content_id", "title", "date", "author", "first_opened", "last_opened", "snapshot")
_RECORD = (
    f"INSERT INTO documents ({', '.join(_DOCUMENT)}) VALUES ({', '.join('?' * len(_DOCUMENT))}) "
    f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{name} = excluded.{name}' for name in _DOCUMENT[1:])}"
)


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
            existing = self.conn.execute(
                "SELECT first_opened FROM documents WHERE id = ?", [document.id]
            ).fetchone()
            date = document.date.isoformat() if document.date else None
            described = (document.source, getattr(document, "url", None), document.content_id, document.title, date)
            self.conn.execute(
                _RECORD,
                [document.id, *described, document.author, existing[0] if existing else now, now, _snapshot(document)],
            )

    @guarded
    def library(self) -> list[LibraryEntry]:
        """Every document recorded, the most recently opened first."""
        query = f"SELECT {_ENTRY} FROM documents ORDER BY last_opened DESC, id"
        return [_library_entry(row) for row in self.conn.execute(query)]

    @guarded
    def library_entry(self, document_id: str) -> LibraryEntry | None:
        row = self.conn.execute(f"SELECT {_ENTRY} FROM documents WHERE id = ?", [document_id]).fetchone()
        return _library_entry(row) if row else None

    @guarded
    def document_snapshot(self, document_id: str) -> Document | None:
        """The document as it was last opened, rebuilt from the database."""
        row = self.conn.execute(
            "SELECT id, content_id, source, url, snapshot FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None or row[4] is None:
            return None
        return _from_snapshot(*row)


def _library_entry(row: Sequence) -> LibraryEntry:
    """A LibraryEntry from the values of _ENTRY."""
    date = row[5]
    return LibraryEntry(*row[:5], datetime.date.fromisoformat(date) if date else None, *row[6:])


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
