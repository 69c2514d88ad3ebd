"""Annotations: their rows, reading order, tags, and the full-text search of notes."""

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Sequence

from reader.core.errors import MissingAnnotation, UnknownDocument
from reader.core.notes.annotations import Annotation, check_annotation, normalize_tags
from reader.core.notes.notes_search import MATCH_END, MATCH_START, SearchHit, fts_query, search_hit
from reader.core.store.database_file import guarded
from reader.core.store.connection import Connection

# The table's columns are the dataclass's fields, in order: rows become annotations positionally.
_FIELDS = tuple(field.name for field in dataclasses.fields(Annotation))
_TAGS = _FIELDS.index("tags")
_QUOTED = [f'"{name}"' for name in _FIELDS]
_SELECT = ", ".join(f"a.{name}" for name in _QUOTED)
# ON CONFLICT (id) DO NOTHING skips an id already present (importing twice adds nothing);
# unlike INSERT OR IGNORE it still refuses a row that breaks any other constraint.
_INSERT = (
    f"INSERT INTO annotations ({', '.join(_QUOTED)}) "
    f"VALUES ({', '.join('?' * len(_FIELDS))}) ON CONFLICT (id) DO NOTHING"
)
# Reading order, whichever column a quote is in. A detached annotation's offsets belong to an
# older text, so it comes after the anchored ones of the block it was last seen in.
_READING_ORDER = "a.block, a.status = 'detached', a.\"start\", a.\"end\", a.created, a.id"

# Search: bm25 column weights, the quote and tags count most, then the note, then the counterpart.
_BM25 = "bm25(annotations_fts, 4.0, 3.0, 1.0, 4.0)"
_SNIPPET_WORDS = 16
_SNIPPETS = ", ".join(
    f"snippet(annotations_fts, {column}, :start, :end, '…', {_SNIPPET_WORDS})" for column in range(3)
)
# The annotation's columns, the title, three snippets (quote, note, counterpart).
_SEARCH = (
    f"SELECT {_SELECT}, d.title, {_SNIPPETS} "
    "FROM annotations_fts JOIN annotations a ON a.seq = annotations_fts.rowid "
    "LEFT JOIN documents d ON d.id = a.document_id "
    f"WHERE annotations_fts MATCH :match ORDER BY {_BM25}, a.modified DESC, a.id LIMIT :limit"
)


class Annotations(Connection):
    """Each write is one transaction (_writing), committed before the method returns."""

    def add_annotation(self, annotation: Annotation) -> None:
        """Save a new annotation; an annotation with the same id already saved is left as it is."""
        self.add_annotations([annotation])

    def add_annotations(self, annotations: Iterable[Annotation]) -> list[str]:
        """Save annotations in one transaction, skipping ids already present; the ids added."""
        rows = []
        for annotation in annotations:
            check_annotation(annotation)
            rows.append(_row(annotation))
        added = []
        try:
            with self._writing():
                for row in rows:
                    if self.conn.execute(_INSERT, row).rowcount:
                        added.append(row[0])
        except sqlite3.IntegrityError as error:
            if "FOREIGN KEY" not in str(error):
                raise
            known = {row[0] for row in self.conn.execute("SELECT id FROM documents")}
            unknown = sorted({row[1] for row in rows} - known)
            raise UnknownDocument(
                f"Annotations for a document that is not in the library ({', '.join(unknown)}) "
                "were not saved; open the document first."
            ) from error
        return added

    def update_annotation(self, annotation: Annotation) -> None:
        """Save the user's edit (colour, note, tags, modified) and the anchors, by id."""
        check_annotation(annotation)
        row = _row(annotation)
        assignments = ", ".join(f'"{name}" = ?' for name in _FIELDS[2:] if name != "created")
        values = [value for name, value in zip(_FIELDS[2:], row[2:]) if name != "created"]
        with self._writing():
            cursor = self.conn.execute(
                f"UPDATE annotations SET {assignments} WHERE id = ?", [*values, annotation.id]
            )
            if not cursor.rowcount:
                raise MissingAnnotation(
                    "This annotation is no longer in the database (it was deleted, perhaps in another "
                    "Baca window), so the change was not saved."
                )

    def delete_annotation(self, annotation_id: str) -> Annotation | None:
        """Delete an annotation; what was deleted (to undo by adding it again), or None."""
        with self._writing():
            rows = self.conn.execute(
                f"DELETE FROM annotations WHERE id = ? RETURNING {', '.join(_QUOTED)}", [annotation_id]
            ).fetchall()
        return _annotation(rows[0]) if rows else None

    @guarded
    def annotation(self, annotation_id: str) -> Annotation | None:
        query = f"SELECT {_SELECT} FROM annotations a WHERE a.id = ?"
        row = self.conn.execute(query, [annotation_id]).fetchone()
        return _annotation(row) if row else None

    @guarded
    def annotations_for(self, document_id: str) -> list[Annotation]:
        """A document's annotations in reading order (detached ones last in their block)."""
        return [
            _annotation(row)
            for row in self.conn.execute(
                f"SELECT {_SELECT} FROM annotations a WHERE a.document_id = ? ORDER BY {_READING_ORDER}",
                [document_id],
            )
        ]

    @guarded
    def all_annotations(self) -> list[Annotation]:
        """Every annotation, by document in library order, then in reading order."""
        return [
            _annotation(row)
            for row in self.conn.execute(
                f"SELECT {_SELECT} FROM annotations a LEFT JOIN documents d ON d.id = a.document_id "
                f"ORDER BY d.last_opened IS NULL, d.last_opened DESC, a.document_id, {_READING_ORDER}"
            )
        ]

    @guarded
    def annotation_counts(self) -> dict[str, int]:
        """The number of annotations of each document that has any, by document id."""
        return dict(self.conn.execute("SELECT document_id, count(*) FROM annotations GROUP BY document_id"))

    @guarded
    def annotation_tags(self) -> list[str]:
        """Tags in use, sorted ignoring case; of spellings differing only in case, the commonest."""
        counts: dict[str, dict[str, int]] = {}
        for tag, count in self.conn.execute(
            "SELECT tag.value, count(*) FROM annotations, json_each(annotations.tags) AS tag "
            "GROUP BY tag.value"
        ):
            counts.setdefault(tag.casefold(), {})[tag] = count
        spellings = [min(options, key=lambda tag: (-options[tag], tag)) for options in counts.values()]
        return sorted(spellings, key=lambda tag: (tag.casefold(), tag))

    @guarded
    def search_annotations(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Annotations whose quote, note, counterpart or tags hold every word typed, best first."""
        match = fts_query(query)
        if match is None:
            return []
        parameters = {"start": MATCH_START, "end": MATCH_END, "match": match, "limit": limit}
        rows = self.conn.execute(_SEARCH, parameters)
        count = len(_FIELDS)
        return [search_hit(_annotation(row[:count]), row[count], row[count + 1 :], query) for row in rows]

    def save_anchors(self, annotations: Iterable[Annotation]) -> None:
        """Save what re-anchoring changed (selectors, block, content_id, model, status) in one transaction."""
        # `modified` too: re-anchoring sets it when the quote's text itself changed. An id no longer
        # present (deleted meanwhile) is skipped: there is nothing left to anchor.
        fields = (
            "block", "start", "end", "exact", "prefix", "suffix", "content_id", "model", "status", "modified"
        )
        rows = []
        for annotation in annotations:
            check_annotation(annotation)
            rows.append([getattr(annotation, name) for name in fields] + [annotation.id])
        if not rows:
            return
        assignments = ", ".join(f'"{name}" = ?' for name in fields)
        with self._writing():
            self.conn.executemany(f"UPDATE annotations SET {assignments} WHERE id = ?", rows)


def _row(annotation: Annotation) -> list:
    """An annotation as the values of _FIELDS."""
    values = {name: getattr(annotation, name) for name in _FIELDS}
    values["tags"] = json.dumps(list(normalize_tags(annotation.tags)), ensure_ascii=False)
    return [values[name] for name in _FIELDS]


def _annotation(row: Sequence) -> Annotation:
    """An annotation from the values of _FIELDS."""
    tags = row[_TAGS]
    return Annotation(*row[:_TAGS], tuple(json.loads(tags)) if tags != "[]" else (), *row[_TAGS + 1 :])
