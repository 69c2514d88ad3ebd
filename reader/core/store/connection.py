"""The store's SQLite connection: opening the file, migrating it, and the write lock every part shares."""

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import CorruptDatabase, StoreError
from reader.core.store.database_file import (
    BUSY_TIMEOUT,
    NOT_OPENED,
    database_errors,
    inspect_database,
    move_aside,
)
from reader.core.schema import migrations  # the schema and its migrations (add new ones there)

if TYPE_CHECKING:  # imported on first use of Connection.db (see there)
    import sqlite_utils

# SQLite's default limit on bound parameters is far above this; chunks keep statements small.
CHUNK = 500


class Connection:
    """One SQLite file in the data folder, bound to the thread that opened it."""

    def __init__(self, path: Path, busy_timeout: float = BUSY_TIMEOUT):
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        # Set when a corrupt file had to be moved aside; the UI tells the user once.
        self.notice: str | None = None
        self._db: "sqlite_utils.Database | None" = None
        applied = self._check_before_writing()
        with database_errors(self.path, busy_timeout, NOT_OPENED):
            # The connection sqlite-utils would open; sqlite-utils itself is imported when `db` is
            # first used, so a database that is up to date opens without it (a sixth of the start-up).
            self.conn = sqlite3.connect(str(self.path))
            try:
                self._configure()
                if applied is None or not set(migrations.names) <= set(applied):
                    # Under the write lock, so that two processes starting on a new data folder do not
                    # both migrate it. (A migration that cannot run in a transaction would need to go outside.)
                    with self._writing():
                        migrations.apply(self.db)
            except BaseException:
                self.conn.close()
                raise

    @classmethod
    def memory(cls):
        """A throwaway in-memory store (tests and one-off CLI runs)."""
        store = cls.__new__(cls)
        store.path = None
        store.busy_timeout = BUSY_TIMEOUT
        store.notice = None
        store._db = None
        store.conn = sqlite3.connect(":memory:")
        store.conn.execute("PRAGMA recursive_triggers = ON")
        store.conn.execute("PRAGMA foreign_keys = ON")
        migrations.apply(store.db)
        return store

    @property
    def db(self) -> "sqlite_utils.Database":
        """sqlite-utils over the store's connection, made on first use (migrations, table helpers).

        The parts query `conn` (plain sqlite3) and write inside `_writing()`.
        """
        if self._db is None:
            import sqlite_utils

            # No plugin scan (it reads every installed package's metadata): Baca uses no sqlite-utils plugins.
            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    def _configure(self) -> None:
        # What sqlite-utils sets on opening, then Baca's own. WAL with synchronous=NORMAL survives
        # a killed process; busy_timeout lets two processes share one data folder.
        self.conn.execute("PRAGMA recursive_triggers = ON")
        self.conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        self._enable_wal()  # retried: a second process switching too gets "locked" at once
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")

    def _enable_wal(self) -> None:
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.conn.execute("PRAGMA journal_mode = wal")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """db.atomic() that takes the write lock first, waiting up to busy_timeout for it."""
        # db.atomic() begins a deferred transaction. One that reads before it writes fails at once
        # with "database is locked" when another process wrote in between, whatever busy_timeout
        # says; BEGIN IMMEDIATE waits for the lock before reading anything.
        with database_errors(self.path, self.busy_timeout):
            if self.conn.in_transaction:  # within another write: a savepoint, as db.atomic() makes
                self.conn.execute("SAVEPOINT nested_write")
                try:
                    yield
                except BaseException:
                    if self.conn.in_transaction:  # an error may have ended the whole transaction
                        self.conn.execute("ROLLBACK TO SAVEPOINT nested_write")
                        self.conn.execute("RELEASE SAVEPOINT nested_write")
                    raise
                self.conn.execute("RELEASE SAVEPOINT nested_write")
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.rollback()
                raise

    def _check_before_writing(self) -> list[str] | None:
        """Refuse a database from a newer Baca and move a corrupt one aside, reading only.

        The migrations applied to it; None when there is no database (or it was moved aside).
        """
        try:
            applied = inspect_database(self.path, migrations.name, self.busy_timeout)
        except CorruptDatabase as error:
            aside = move_aside(self.path, str(error))
            self.notice = (
                f"The database '{self.path}' could not be read ({error}). "
                f"It was moved aside to '{aside}' and a new, empty one was started."
            )
            return None
        known = set(migrations.names)
        unknown = [name for name in applied or () if name not in known]
        if unknown:
            raise StoreError(
                f"The database '{self.path}' was written by a newer version of Baca "
                f"(it has the change {unknown[0]!r}, which this version does not know). "
                "It was left untouched: update Baca, or start it with another data folder."
            )
        return applied

    def close(self) -> None:
        self.conn.close()

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """One transaction around several writes (an import): all of them are saved, or none."""
        return self._writing()


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
