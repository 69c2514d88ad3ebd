"""The vocabulary list's rows: words kept from lookups, with the title and source of their post."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reader.core.platform.clock import utc_now
from reader.core.store.database_file import guarded
from reader.core.store.connection import Connection

if TYPE_CHECKING:  # imported when a row is read: the window's start-up reads none
    from reader.core.words.vocabulary import VocabularyItem

_COLUMNS = "id, word, root, meaning, dictionary, note, sentence, translation, document_id, tags, created, modified"
_SELECT = (
    ", ".join(f"v.{column}" for column in _COLUMNS.split(", "))
    + ", ifnull(d.title, ''), ifnull(ifnull(d.url, d.source), '') "
    "FROM vocabulary v LEFT JOIN documents d ON d.id = v.document_id"
)
_TAGS = _COLUMNS.split(", ").index("tags")


class Vocabulary(Connection):
    def save_word(self, word: str, sentence: str, document_id: str | None, values: Mapping[str, str]) -> VocabularyItem:
        """Keep a word with `values` (its other columns); the same word, sentence and post is updated."""
        now = utc_now()
        with self._writing():
            existing = self.conn.execute(
                "SELECT id FROM vocabulary WHERE word = ? AND sentence = ? AND document_id IS ?",
                [word, sentence, document_id],
            ).fetchone()
            if existing:
                number = existing[0]
                assignments = ", ".join(f"{column} = ?" for column in values)
                self.conn.execute(
                    f"UPDATE vocabulary SET {assignments}, modified = ? WHERE id = ?", [*values.values(), now, number]
                )
            else:
                cursor = self.conn.execute(
                    "INSERT INTO vocabulary (word, sentence, document_id, created, modified, "
                    f"{', '.join(values)}) VALUES (?, ?, ?, ?, ?, {', '.join('?' * len(values))})",
                    [word, sentence, document_id, now, now, *values.values()],
                )
                number = cursor.lastrowid
        return self.vocabulary_item(number)

    @guarded
    def vocabulary_item(self, number: int) -> VocabularyItem | None:
        row = self.conn.execute(f"SELECT {_SELECT} WHERE v.id = ?", [number]).fetchone()
        return _item(row) if row else None

    @guarded
    def vocabulary(self, document_id: str | None = None) -> list[VocabularyItem]:
        """The words kept (or those from one post), the most recently added first."""
        where, parameters = ("WHERE v.document_id = ?", [document_id]) if document_id else ("", [])
        rows = self.conn.execute(f"SELECT {_SELECT} {where} ORDER BY v.created DESC, v.id DESC", parameters)
        return [_item(row) for row in rows]

    def update_word(self, number: int, changes: Mapping[str, str]) -> None:
        """Change some of a kept word's columns (meaning, note), marking it modified now."""
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self._writing():
            self.conn.execute(
                f"UPDATE vocabulary SET {assignments}, modified = ? WHERE id = ?", [*changes.values(), utc_now(), number]
            )

    def delete_word(self, number: int) -> None:
        with self._writing():
            self.conn.execute("DELETE FROM vocabulary WHERE id = ?", [number])


def _item(row: Sequence) -> VocabularyItem:
    from reader.core.words.vocabulary import VocabularyItem

    values = list(row)
    values[_TAGS] = tuple(values[_TAGS].split())
    return VocabularyItem(*values)
