"""Small file helpers the core shares: regular files only, forgiving JSON reads, all-or-nothing writes."""

import errno
import json
import logging
import os
import stat
from pathlib import Path
from typing import BinaryIO

from reader.core.errors import NotAFile

log = logging.getLogger(__name__)

# Linux follows at most 40 symbolic links in one path; a chain longer than that is a loop.
_MAX_LINKS = 40


def describe_kind(mode: int) -> str:
    """What a file that is not a regular file is, for messages."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading in binary, refused (NotAFile) unless it is a regular file.

    A named pipe is opened without waiting for a writer, and /dev/zero is never read: the check is
    on the file opened (fstat), so nothing can be swapped in between the check and the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotAFile(path, "a loop of symbolic links") from None
        if error.errno == errno.EISDIR:
            raise NotAFile(path, "a folder") from None
        raise
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(path, describe_kind(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def write_target(path: Path) -> Path:
    """Where writing `path` should go: the regular file it is or links to, or a new path.

    Symbolic links are followed to their final target, so a link stays a link and its target gets
    the new content. A folder, pipe, device or socket there is refused (NotAFile), as is a loop.
    """
    current = Path(path)
    for _ in range(_MAX_LINKS):
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return current  # a new file (a dangling link's target is one too)
        if stat.S_ISLNK(mode):
            current = current.parent / os.readlink(current)
            continue
        if stat.S_ISREG(mode):
            return current
        raise NotAFile(path, describe_kind(mode))
    raise NotAFile(path, "a loop of symbolic links")


def read_json_object(path: Path, what: str) -> dict:
    """The JSON object in `path`; {} when it is missing, and {} with a warning when unreadable."""
    try:
        with open_regular(path) as file:
            value = json.loads(file.read().decode("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, NotAFile) as error:
        log.warning("Ignoring unreadable %s %s: %s", what, path, error)
        return {}
    return value if isinstance(value, dict) else {}


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    A crash leaves the old file or the new one, never half of one. The new file keeps the
    permissions of the one it replaces, else gets `mode`, else what the user's umask gives.
    A symbolic link is written through: its target is replaced, beside the target, and the link
    kept. Anything but a regular file or a new path is refused (NotAFile) and left as it is.
    """
    path = write_target(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{id(data):x}.tmp")
    # Mode 0o666 through os.open: the user's umask applies, as to any new file.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if path.is_file():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        elif mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_json(path: Path, value) -> None:
    """Write `value` as UTF-8 JSON, all or nothing, making its folder if needed."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8"))


# --- Kinds of file -------------------------------------------------------------------------------

# Argos Translate's package files; found here so that opening a post can refuse one (text/document)
# without reaching into translate/, whose package_file checks them for installing.
PACKAGE_SUFFIX = ".argosmodel"
ZIP_MAGIC = b"PK\x03\x04"
# A package's zip directory is read no further than this for the cheap look (package_file.MAX_ENTRIES).
_LISTED_ENTRIES = 10_000


def looks_like_package_file(path: Path) -> bool:
    """Whether a file is meant as a package: named `.argosmodel`, or a zip of one folder with metadata.json.

    A cheap look at the name and the zip directory, for telling a package from a post; the
    real checks are translate/package_file's `inspect_package_file`.
    """
    import zipfile

    path = Path(path)
    if path.suffix.lower() == PACKAGE_SUFFIX:
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()[:_LISTED_ENTRIES]
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    tops = {name.split("/", 1)[0] for name in names}
    return len(tops) == 1 and f"{next(iter(tops))}/metadata.json" in names
