"""The glossary: the user's terms for the translation (reader.core.translate.glossary)."""

from collections.abc import Iterable

from reader.core.errors import UnknownGlossaryEntry
from reader.core.platform.clock import utc_now
from reader.core.store.connection import Connection
from reader.core.store.database_file import guarded
from reader.core.translate.glossary import Glossary, GlossaryEntry


class GlossaryRecords(Connection):
    """The glossary table, made by schema's m007_glossary."""

    @guarded
    def glossary(self) -> Glossary:
        """The glossary as saved now."""
        rows = self.conn.execute("SELECT source, target FROM glossary ORDER BY source")
        return Glossary(GlossaryEntry(source, target) for source, target in rows)

    def save_glossary_entries(
        self, entries: Iterable[GlossaryEntry], replacing: str | None = None, only: bool = False
    ) -> int:
        """Add entries, or change those with the same term, in one transaction; how many were new or changed.

        `replacing` names an entry to take away in the same transaction (its term was edited);
        with `only`, every entry not among `entries` is taken away (an import that replaces).
        """
        entries = list(entries)
        now = utc_now()
        changed = 0
        with self._writing():
            if replacing is not None:
                self.conn.execute("DELETE FROM glossary WHERE source = ?", [replacing])
            if only:
                kept = {entry.source for entry in entries}
                gone = [source for (source,) in self.conn.execute("SELECT source FROM glossary") if source not in kept]
                self.conn.executemany("DELETE FROM glossary WHERE source = ?", [(source,) for source in gone])
                changed += len(gone)
            for entry in entries:
                changed += self.conn.execute(
                    "INSERT INTO glossary (source, target, created, modified) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (source) DO UPDATE SET target = excluded.target, modified = excluded.modified "
                    "WHERE target IS NOT excluded.target",
                    [entry.source, entry.target, now, now],
                ).rowcount
        return changed

    def remove_glossary_entry(self, source: str) -> GlossaryEntry:
        """Take an entry away by its term; the entry removed."""
        with self._writing():
            row = self.conn.execute("DELETE FROM glossary WHERE source = ? RETURNING source, target", [source]).fetchone()
        if row is None:
            raise UnknownGlossaryEntry(f"The glossary has no entry {source!r}; nothing was removed.")
        return GlossaryEntry(*row)
