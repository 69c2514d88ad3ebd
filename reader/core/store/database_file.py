"""The database file on disk: checked read-only before use, moved aside only when truly corrupt,
and its failures (busy, read-only, full disk, not a file) turned into named errors."""

import contextlib
import datetime
import errno
import functools
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.core.errors import CorruptDatabase, StoreBusy, StoreError, StoreFull, StoreUnwritable

# sqlite-utils' Migrations.migrations_table, named here so that a read-only look needs no sqlite-utils.
MIGRATIONS_TABLE = "_sqlite_migrations"

# How long a write waits for another process's write lock before it is refused.
BUSY_TIMEOUT = 10.0

# What each kind of refusal tells the user was not done.
NOT_SAVED = "the change was not saved"
NOT_OPENED = "Baca did not open it"
NOT_READ = "Baca could not read from it"

# SQLite's primary result codes (the low byte of an extended code).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _AUTH, _NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 23, 26
)
_CORRUPTION = {_CORRUPT, _NOTADB}
# Ask about the effective user (the one that opens files), where the system can.
_EFFECTIVE = os.access in os.supports_effective_ids


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens `path` read-only, whatever characters its folders' names hold."""
    # as_uri() percent-encodes %, # and ? (which would otherwise end the path or start a query).
    return Path(path).absolute().as_uri() + "?mode=ro"


def inspect_database(path: Path, migration_set: str, busy_timeout: float = BUSY_TIMEOUT) -> list[str] | None:
    """The migrations applied to the database at `path`, reading only; None when there is none yet.

    Raises CorruptDatabase only for real corruption; a busy, unreadable or odd file raises the
    named StoreError that says so, and is never taken for a corrupt one.
    """
    path = Path(path)
    with database_errors(path, busy_timeout, NOT_OPENED):
        try:
            info = path.stat()
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise StoreError(
                f"'{path}' is where Baca keeps its database, but it is not a regular file "
                f"(it is {_kind(info.st_mode)}). Baca left it alone: move it away, or start Baca with "
                "another data folder (--data-dir or BACA_DATA_DIR)."
            )
        # SQLite makes its -wal and -shm files beside the database, so the folder must be writable too.
        for needed in (path.parent, path if info is not None else None):
            if needed is not None and not os.access(needed, os.W_OK, effective_ids=_EFFECTIVE):
                raise _unwritable(path, f"'{needed}' is read-only", NOT_OPENED)
        if info is None or info.st_size == 0:
            return None
        try:
            connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=busy_timeout)
        except sqlite3.Error as error:
            raise _corrupt_or(error)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
            quick = connection.execute("PRAGMA quick_check").fetchone()
            if quick is None or quick[0] != "ok":
                raise CorruptDatabase(quick[0] if quick else "quick_check failed")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if MIGRATIONS_TABLE not in tables:
                return []
            return [
                row[0]
                for row in connection.execute(
                    f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [migration_set]
                )
            ]
        except sqlite3.Error as error:
            raise _corrupt_or(error)
        finally:
            connection.close()


def _corrupt_or(error: sqlite3.Error) -> BaseException:
    if _primary(error) in _CORRUPTION:
        return CorruptDatabase(str(error))
    return error  # database_errors names it


def move_aside(path: Path, reason: str) -> Path:
    """Rename a corrupt database (and its -wal, -shm) to a new `.corrupt-<time>` name; the new name."""
    path = Path(path)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    try:
        path.rename(aside)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.rename(aside.with_name(aside.name + suffix))
    except OSError as error:
        raise StoreUnwritable(
            f"The database '{path}' cannot be read ({reason}) and could not be moved aside "
            f"({error.strerror or error}), so Baca left it as it is and did not start a new one. "
            f"Make the folder '{path.parent}' writable, or start Baca with another data folder "
            "(--data-dir or BACA_DATA_DIR)."
        ) from error
    return aside


@contextlib.contextmanager
def database_errors(
    path: Path | None, busy_timeout: float = BUSY_TIMEOUT, outcome: str = NOT_SAVED
) -> Iterator[None]:
    """Turn SQLite's and the system's errors about the database file into named StoreErrors.

    `outcome` says what did not happen, in the message ("the change was not saved").
    """
    try:
        yield
    except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as error:
        named = _named(error, path, busy_timeout, outcome)
        if named is None:
            raise
        raise named from error


def guarded(method: Callable) -> Callable:
    """A Store method that reads, whose database failures come out as named StoreErrors."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with database_errors(self.path, self.busy_timeout, NOT_READ):
            return method(self, *args, **kwargs)

    return wrapper


def _named(error: BaseException, path: Path | None, busy_timeout: float, outcome: str) -> StoreError | None:
    where = f"'{path}'" if path is not None else "in memory"
    if isinstance(error, sqlite3.Error):
        if isinstance(error, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
            return None  # a refused row or a bug, not the file
        code = _primary(error)
        reason = str(error)
        if code in (_BUSY, _LOCKED):
            return StoreBusy(
                f"The database {where} is busy: another program (perhaps another Baca) has held it for "
                f"more than {busy_timeout:g} seconds, so {outcome}. Nothing was lost; "
                "try again once the other program is done."
            )
        if code == _FULL:
            return _full(where, outcome)
        if code in (_READONLY, _CANTOPEN, _PERM, _AUTH):
            return _unwritable(path, reason, outcome)
        if code in _CORRUPTION:
            return StoreError(
                f"The database {where} is damaged ({reason}), so {outcome}. Quit Baca and start "
                "it again: a damaged database is moved aside and a new one started."
            )
        if code == _IOERR:
            return StoreError(
                f"The disk could not read or write the database {where} ({reason}), so {outcome}."
            )
        return None
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return _full(where, outcome)
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return _unwritable(path, reason, outcome)
        if error.errno == errno.ELOOP:
            return StoreError(f"The database {where} is a symbolic link that loops ({reason}); Baca left it alone.")
        return StoreError(f"The database {where} could not be used ({reason}); nothing was changed.")
    return None


def _unwritable(path: Path | None, reason: str, outcome: str) -> StoreUnwritable:
    where = f"'{path}'" if path is not None else "in memory"
    folder = f"'{path.parent}'" if path is not None else "the data folder"
    return StoreUnwritable(
        f"Baca cannot write to its database {where} ({reason}), so {outcome}. Make the folder "
        f"{folder} and the database in it writable, or start Baca with another data folder "
        "(--data-dir or BACA_DATA_DIR)."
    )


def _full(where: str, outcome: str) -> StoreFull:
    return StoreFull(
        f"The disk holding the database {where} is full, so {outcome}. Everything saved "
        "before is intact; free some space and try again."
    )


def _primary(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if code is not None else None


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a file"
