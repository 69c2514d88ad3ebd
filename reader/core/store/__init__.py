"""The local database: the library of posts read, the translation cache, annotations, kept pages, vocabulary,
corrections, glossary.

Every query Baca runs is here; nothing else touches SQL. One part per kind of record, each a
class sharing the connection and its write lock (`connection.Connection`); `Store` is all of them.
The schema and its migrations are `reader.core.schema`.
"""

from pathlib import Path

from reader.core.notes.notes_search import MATCH_END, MATCH_START, SearchHit, fts_query  # noqa: F401 (the store's search)
from reader.core.store.annotations import Annotations
from reader.core.store.corrections import Corrections
from reader.core.store.glossary import GlossaryRecords
from reader.core.store.library import Library, LibraryEntry
from reader.core.store.translations import Translations
from reader.core.store.vocabulary import Vocabulary
from reader.core.store.web_pages import WebPages

__all__ = ["LibraryEntry", "SearchHit", "Store", "open_store"]


class Store(WebPages, Library, Translations, Annotations, Vocabulary, Corrections, GlossaryRecords):
    """One SQLite file in the data folder, bound to the thread that opened it."""


def open_store(data_dir: Path) -> Store:
    """The store in `data_dir`, migrated to this version's schema."""
    from reader.core.platform.paths import database_path

    return Store(database_path(data_dir))
