"""The reader's corrections: edits and checks of translated sentences, beside the untouched translation cache."""

# The machine translations stay in `translations`, untouched; a correction sits beside them, keyed by
# the post and the sentence's place in it, with the sentence's own text to follow it into another
# version of the post (reader.core.translate.corrections.place).

from collections.abc import Iterable

from reader.core.store.connection import Connection
from reader.core.store.database_file import guarded
from reader.core.translate.corrections import Correction, Key

_COLUMNS = "document_id, block, sentence, source, machine, edited, state, model, created, modified"


def _row(correction: Correction) -> tuple:
    return tuple(getattr(correction, name) for name in _COLUMNS.split(", "))


class Corrections(Connection):
    @guarded
    def corrections_for(self, document_id: str) -> list[Correction]:
        """A post's corrections in reading order."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM corrections WHERE document_id = ? ORDER BY block, sentence", [document_id]
        )
        return [Correction(*row) for row in rows]

    def save_correction(self, key: Key, document_id: str, correction: Correction | None) -> None:
        """Put `correction` at a sentence (block, sentence) of a post, or take the one there away (None)."""
        with self._writing():
            self.conn.execute(
                "DELETE FROM corrections WHERE document_id = ? AND block = ? AND sentence = ?", [document_id, *key]
            )
            if correction is not None:
                self.conn.execute(f"INSERT INTO corrections ({_COLUMNS}) VALUES ({', '.join('?' * 10)})", _row(correction))

    def save_corrections(self, corrections: Iterable[Correction], keep_existing: bool = False) -> int:
        """Save several in one transaction (states to review, a restored backup); how many were written.

        With keep_existing (restoring a backup) a sentence that already has a correction keeps it.
        """
        verb = "INSERT OR IGNORE" if keep_existing else "INSERT OR REPLACE"
        rows = [_row(c) for c in corrections]
        if not rows:
            return 0
        with self._writing():
            before = self.conn.total_changes
            self.conn.executemany(f"{verb} INTO corrections ({_COLUMNS}) VALUES ({', '.join('?' * 10)})", rows)
            return self.conn.total_changes - before

    def move_corrections(self, moves: Iterable[tuple[Key, Correction]]) -> None:
        """Move corrections to their sentence's new place in a new version of a post."""
        moves = list(moves)
        if not moves:
            return
        with self._writing():
            for (block, sentence), correction in moves:
                self.conn.execute(
                    "DELETE FROM corrections WHERE document_id = ? AND block = ? AND sentence = ?",
                    [correction.document_id, block, sentence],
                )
            self.conn.executemany(
                f"INSERT OR REPLACE INTO corrections ({_COLUMNS}) VALUES ({', '.join('?' * 10)})",
                [_row(c) for _key, c in moves],
            )
