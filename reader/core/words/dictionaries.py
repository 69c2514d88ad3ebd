"""Installed StarDict dictionaries: Baca's own folder, the shared StarDict folders (read-only), installing and removing."""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from reader.core.errors import BadDictionary, NoSuchDictionary, ReadOnlyDictionary
from reader.core.words.stardict import StarDict, dictionary_files, read_ifo

log = logging.getLogger(__name__)

# os.pathsep-separated folders read besides Baca's own; empty for none. Tests set it.
SHARED_DIRS_ENV = "BACA_STARDICT_DIRS"
DEFAULT_SHARED_DIRS = ("~/.stardict/dic", "/usr/share/stardict/dic")
SUFFIXES = (".ifo", ".idx", ".idx.gz", ".dict", ".dict.dz", ".syn")
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar")
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_ENTRIES = 10_000
MAX_RATIO = 200
RATIO_CHECKED_ABOVE = 1024**2
SCAN_DEPTH = 3  # folders below a shared folder searched for .ifo files


@dataclass(frozen=True)
class InstalledDictionary:
    """A dictionary on disk: its name (the .ifo's bookname), its .ifo, its size in words."""

    name: str
    ifo: Path
    word_count: int
    writable: bool
    description: str = ""

    @property
    def key(self) -> str:
        """The name `dict remove` accepts besides the bookname: its folder (Baca's) or .ifo stem."""
        return self.ifo.parent.name if self.writable else self.ifo.name[: -len(".ifo")]


def app_dictionaries_dir(data_dir: Path) -> Path:
    """The folder Baca installs dictionaries into and may remove them from."""
    return Path(data_dir) / "dictionaries"


def shared_dictionary_dirs() -> list[Path]:
    """The StarDict folders other programs use, read but never changed: $BACA_STARDICT_DIRS, else the usual two."""
    configured = os.environ.get(SHARED_DIRS_ENV)
    folders = configured.split(os.pathsep) if configured is not None else DEFAULT_SHARED_DIRS
    return [Path(folder).expanduser() for folder in folders if folder.strip()]


def installed_dictionaries(data_dir: Path) -> list[InstalledDictionary]:
    """Baca's dictionaries, then the shared folders' ones (a copy Baca has is listed once)."""
    found: list[InstalledDictionary] = []
    seen: set[tuple] = set()
    folders = [(app_dictionaries_dir(data_dir), True)] + [(f, False) for f in shared_dictionary_dirs()]
    for folder, writable in folders:
        for ifo in _find_ifos(folder, 1 if writable else SCAN_DEPTH):
            try:
                settings = read_ifo(ifo)
            except BadDictionary as error:
                log.warning("Skipping a dictionary that cannot be read: %s", error)
                continue
            identity = (settings["bookname"], settings["wordcount"], settings["idxfilesize"])
            if identity in seen:
                continue
            seen.add(identity)
            found.append(
                InstalledDictionary(
                    settings["bookname"], ifo, int(settings["wordcount"]), writable, settings.get("description", "")
                )
            )
    return found


def _find_ifos(folder: Path, depth: int) -> list[Path]:
    """The .ifo files in `folder` and up to `depth` folders down, skipping dot folders."""
    found = []
    try:
        children = sorted(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        log.warning("Cannot list dictionaries in %s: %s", folder, error)
        return []
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_file() and child.name.endswith(".ifo"):
            found.append(child)
        elif child.is_dir() and depth > 0:
            found.extend(_find_ifos(child, depth - 1))
    return found


def open_dictionaries(data_dir: Path) -> list[StarDict]:
    """Every installed dictionary, opened; one that fails its checks is logged and left out."""
    opened = []
    for dictionary in installed_dictionaries(data_dir):
        try:
            opened.append(StarDict(dictionary.ifo))
        except BadDictionary as error:
            log.warning("Skipping a dictionary: %s", error)
    return opened


def select_installed(installed: Sequence[InstalledDictionary], name: str) -> InstalledDictionary:
    """The dictionary called `name` (its bookname or key, ignoring case); refuses to guess between several."""
    wanted = name.strip().casefold()
    matches = [d for d in installed if wanted in (d.name.casefold(), d.key.casefold())]
    if not matches:
        known = ", ".join(repr(d.key) for d in installed) or "none is installed"
        raise NoSuchDictionary(f"No dictionary is called {name!r} ({known}).")
    if len(matches) > 1:
        where = "; ".join(str(d.ifo) for d in matches)
        raise NoSuchDictionary(f"Several dictionaries are called {name!r} ({where}); give the folder name.")
    return matches[0]


def install_dictionaries(sources: Sequence[Path], data_dir: Path) -> list[InstalledDictionary]:
    """Check and install the dictionaries in `sources` (files, a folder, archives); all or nothing."""
    if not sources:
        raise BadDictionary("No dictionary files were given.")
    target = app_dictionaries_dir(data_dir)
    try:
        return _install(sources, data_dir, target)
    except OSError as error:
        # A full disk, a damaged data folder: the dot folder is gone, nothing half-installed is listed.
        raise BadDictionary(
            f"The dictionaries could not be installed in {target}: {error.strerror or error}. Nothing was installed."
        ) from None


def _install(sources: Sequence[Path], data_dir: Path, target: Path) -> list[InstalledDictionary]:
    target.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the final place (one file system, so the renames are atomic), under a dot
    # name that installed_dictionaries() skips; removed whatever happens.
    work = Path(tempfile.mkdtemp(prefix=".install-", dir=target))
    try:
        for number, source in enumerate(sources):
            _gather(Path(source), work / str(number))
        groups = _groups(work, ", ".join(Path(source).name for source in sources))
        checked = []
        for files in groups:
            dictionary = StarDict(files.ifo)
            try:
                dictionary.check()
            finally:
                dictionary.close()
            checked.append((files, dictionary.name))
        installed = installed_dictionaries(data_dir)
        plans = _plan(checked, installed, target)
        for files, folder in plans:
            staged = work / f".ready-{folder.name}"
            staged.mkdir()
            for path in files.paths():
                path.rename(staged / path.name)
        for files, folder in plans:
            (work / f".ready-{folder.name}").rename(folder)
    except BadDictionary as error:
        raise BadDictionary(f"{error} Nothing was installed.") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = []
    for _files, folder in plans:
        ifo = next(folder.glob("*.ifo"))
        settings = read_ifo(ifo)
        result.append(
            InstalledDictionary(settings["bookname"], ifo, int(settings["wordcount"]), True, settings.get("description", ""))
        )
        log.info("Installed the dictionary %s into %s", settings["bookname"], folder)
    return result


def _plan(checked, installed: Sequence[InstalledDictionary], target: Path) -> list:
    """A new folder for each dictionary; one already installed, or given twice, is refused."""
    plans, taken = [], set()
    names = {d.name.casefold(): d for d in installed if d.writable}
    for files, name in checked:
        if name.casefold() in names:
            raise BadDictionary(
                f"The dictionary {name!r} is already installed ({names[name.casefold()].ifo.parent}); "
                "remove it first to install it again."
            )
        if name.casefold() in taken:
            raise BadDictionary(f"The dictionary {name!r} was given twice.")
        taken.add(name.casefold())
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", files.stem).strip(".-") or "dictionary"
        folder, counter = target / base, 1
        while folder.exists() or folder in [f for _, f in plans]:
            counter += 1
            folder = target / f"{base}-{counter}"
        plans.append((files, folder))
    return plans


def _gather(source: Path, into: Path) -> None:
    """Copy or unpack `source` into `into`: a folder's dictionary files, an archive's, or one dictionary's files."""
    if not source.exists():
        raise BadDictionary(f"{source} does not exist.")
    into.mkdir()
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.name.endswith(SUFFIXES) and not _hidden(path.relative_to(source)):
                destination = into / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
    elif source.name.lower().endswith(".zip"):
        _unzip(source, into)
    elif source.name.lower().endswith(ARCHIVE_SUFFIXES):
        _untar(source, into)
    elif source.name.endswith(SUFFIXES):
        # One file of a dictionary stands for all of them: its .ifo and companions beside it.
        stem = next(source.name[: -len(s)] for s in sorted(SUFFIXES, key=len, reverse=True) if source.name.endswith(s))
        ifo = source.with_name(stem + ".ifo")
        if not ifo.is_file():
            raise BadDictionary(f"{source.name} has no {stem}.ifo beside it.")
        for path in dictionary_files(ifo).paths():
            shutil.copyfile(path, into / path.name)
    else:
        raise BadDictionary(
            f"{source.name} is not a StarDict dictionary: give its .ifo file (with .idx and .dict or "
            ".dict.dz beside it), its folder, or a .zip or .tar.gz holding them."
        )


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _groups(work: Path, names: str) -> list:
    """The dictionaries gathered: each .ifo with its companions; a companion without an .ifo is refused."""
    ifos = sorted(work.rglob("*.ifo"))
    if not ifos:
        raise BadDictionary(f"No StarDict dictionary was found in {names}: there is no .ifo file.")
    groups = [dictionary_files(ifo) for ifo in ifos]
    belonging = {path for files in groups for path in files.paths()}
    for path in sorted(work.rglob("*")):
        if path.is_file() and path not in belonging and path.name.endswith(SUFFIXES):
            raise BadDictionary(f"{path.name} belongs to no dictionary: there is no .ifo file with its name.")
    return groups


def _member_path(name: str) -> PurePosixPath | None:
    """An archive member's path if it is relative and stays inside, else None."""
    if not name or "\\" in name or "\0" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return None
    path = PurePosixPath(name)
    if any(part in ("..", "") for part in path.parts):
        return None
    return path


def _wanted(path: PurePosixPath) -> bool:
    return path.name.endswith(SUFFIXES) and not any(part.startswith(".") for part in path.parts)


class _Budget:
    """Limits on what an archive may unpack to (zip bombs, millions of entries)."""

    def __init__(self, archive: str):
        self.archive, self.entries, self.total = archive, 0, 0

    def take(self, name: str, size: int, compressed: int | None = None) -> None:
        self.entries += 1
        self.total += size
        if self.entries > MAX_ENTRIES:
            raise BadDictionary(f"{self.archive} holds more than {MAX_ENTRIES} entries.")
        if self.total > MAX_UNPACKED_BYTES:
            raise BadDictionary(f"{self.archive} unpacks to more than {MAX_UNPACKED_BYTES // 1024**3} GB.")
        if compressed is not None and size > RATIO_CHECKED_ABOVE and size > MAX_RATIO * max(compressed, 1):
            raise BadDictionary(f"{self.archive}: {name} is compressed more than {MAX_RATIO}:1 (a zip bomb?).")


@dataclass(frozen=True)
class _Member:
    """An archive entry, whichever the kind of archive."""

    name: str
    is_dir: bool
    refusal: str | None  # why a dictionary cannot hold it (a link, a device), or None
    size: int
    compressed: int | None  # None where the archive does not say (tar)
    open: Callable[[], IO[bytes]]


def _unpack(source: Path, into: Path, members: Iterable[_Member]) -> None:
    """Write an archive's dictionary files under `into`, refusing unsafe paths, links and bombs."""
    budget = _Budget(source.name)
    for member in members:
        path = _member_path(member.name.rstrip("/") if member.is_dir else member.name)
        if path is None:
            raise BadDictionary(f"{source.name}: the entry {member.name!r} has an absolute or unsafe path.")
        if member.is_dir:
            continue
        if member.refusal is not None:
            raise BadDictionary(f"{source.name}: the entry {member.name!r} {member.refusal}; dictionaries hold none.")
        budget.take(member.name, member.size, member.compressed)
        if not _wanted(path):
            continue
        destination = into.joinpath(*path.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with member.open() as data, open(destination, "xb") as out:
            shutil.copyfileobj(data, out, 1024 * 1024)


def _unzip(source: Path, into: Path) -> None:
    def member(entry: zipfile.ZipInfo) -> _Member:
        link = entry.create_system == 3 and stat.S_ISLNK(entry.external_attr >> 16)
        refusal = "is a link" if link else None
        return _Member(entry.filename, entry.is_dir(), refusal, entry.file_size, entry.compress_size, lambda: archive.open(entry))

    try:
        with zipfile.ZipFile(source) as archive:
            _unpack(source, into, map(member, archive.infolist()))
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise BadDictionary(f"{source.name} is not a readable zip archive ({error}).") from None


def _untar(source: Path, into: Path) -> None:
    def member(entry: tarfile.TarInfo) -> _Member:
        refusal = None if entry.isdir() or entry.isfile() else "is a link or a device"
        return _Member(entry.name, entry.isdir(), refusal, entry.size, None, lambda: archive.extractfile(entry))

    try:
        with tarfile.open(source, "r:*") as archive:
            _unpack(source, into, map(member, archive))
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BadDictionary(f"{source.name} is not a readable tar archive ({error}).") from None


def remove_dictionary(dictionary: InstalledDictionary) -> None:
    """Delete a dictionary from Baca's folder; those in shared folders are refused."""
    if not dictionary.writable:
        raise ReadOnlyDictionary(
            f"{dictionary.name} is in a shared StarDict folder ({dictionary.ifo.parent}), which Baca only "
            "reads. Remove it with the program that installed it, or delete its files yourself."
        )
    folder = dictionary.ifo.parent
    # Renamed first, so a half-deleted folder is never listed.
    doomed = folder.with_name(f".removing-{folder.name}")
    if doomed.exists():
        shutil.rmtree(doomed)
    folder.rename(doomed)
    shutil.rmtree(doomed)
    log.info("Removed the dictionary %s", dictionary.name)
