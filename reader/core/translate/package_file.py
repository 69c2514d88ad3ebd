"""An `.argosmodel` file: every check made before anything is extracted, and the extraction."""

from __future__ import annotations

import errno
import json
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reader.core.errors import BadPackage, NotEnoughSpace, PackageWriteFailed, ReaderError
from reader.core.translate.package_metadata import check_metadata, language_name

TOKENIZER_FILES = {"sentencepiece.model": "sentencepiece", "bpe.model": "bpe"}

# Limits for package files. The official id→en package is about 70 MB; the largest Argos
# packages a few hundred MB, of model weights that hardly compress (int8: about 1.1:1).
# Deflate reaches about 1000:1, so a bomb shows in its ratio: an entry over 1 MiB may not be
# compressed more than 200:1, and the whole archive (once over 1 MiB) not more than 20:1, which
# catches many small entries that each stay under the per-entry check.
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_ENTRIES = 10_000
MAX_METADATA_BYTES = 1024**2
MAX_RATIO = 200
MAX_TOTAL_RATIO = 20
RATIO_CHECKED_ABOVE = 1024**2
COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
# Free space kept on the disk beyond what a package unpacks to.
SPARE_BYTES = 50 * 1000**2


@dataclass(frozen=True)
class PackageFile:
    """What the checks found in a package file."""

    top: str  # the one folder it holds, which becomes the installed folder's name
    metadata: dict
    unpacked_bytes: int


def check_package_file(path: Path, expect: tuple[str, str] | None = None, name: str | None = None) -> dict:
    """Check an `.argosmodel` file without extracting it; return its metadata."""
    return inspect_package_file(Path(path), expect, name or Path(path).name).metadata


def inspect_package_file(path: Path, expect: tuple[str, str] | None, name: str) -> PackageFile:
    """Every check on a package file, made on its zip directory; BadPackage names the first failure."""

    def bad(reason: str) -> BadPackage:
        return BadPackage(f"{name} is not a usable translation package: {reason}.")

    if not path.is_file():
        if path.exists():
            raise bad("it is not a regular file (a folder, a pipe or a device)")
        raise bad("there is no such file")
    if not zipfile.is_zipfile(path):
        raise bad("it is not a zip archive (an .argosmodel file is one)")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise bad(f"it holds {len(entries)} entries, more than the {MAX_ENTRIES} allowed")
            places = _Places(bad)
            tops, names, total, compressed = set(), set(), 0, 0
            for entry in entries:
                parts = entry_parts(entry.filename)
                if parts is None:
                    raise bad(f"the entry {entry.filename!r} has an absolute or unsafe path")
                if entry.filename in names:
                    raise bad(f"the entry {entry.filename!r} appears twice")
                names.add(entry.filename)
                if _is_symlink(entry):
                    target = archive.read(entry).decode("utf-8", "replace")
                    where = (
                        "outside the package"
                        if _link_escapes(parts, target)
                        else "inside the package, but packages hold no links"
                    )
                    raise bad(f"the entry {entry.filename!r} is a link to {target!r}, {where}")
                if entry.flag_bits & 0x1:
                    raise bad(f"the entry {entry.filename!r} is encrypted")
                if entry.compress_type not in COMPRESSIONS:
                    raise bad(f"the entry {entry.filename!r} uses a compression method Baca cannot read")
                tops.add(parts[0])
                places.add(entry.filename, parts, entry.is_dir())
                if entry.is_dir():
                    continue
                if len(parts) == 1:
                    raise bad(f"the file {entry.filename!r} is not inside the package's folder")
                total += entry.file_size
                compressed += entry.compress_size
                if total > MAX_UNPACKED_BYTES:
                    raise bad(f"it unpacks to more than {MAX_UNPACKED_BYTES // 1024**3} GB")
                if (
                    entry.file_size > RATIO_CHECKED_ABOVE
                    and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
                ):
                    raise bad(
                        f"the entry {entry.filename!r} is compressed more than {MAX_RATIO}:1, "
                        "which no real model is (a zip bomb?)"
                    )
            if total > RATIO_CHECKED_ABOVE and total > MAX_TOTAL_RATIO * max(compressed, 1):
                raise bad(
                    f"it unpacks to {total:,} bytes from {compressed:,}, compressed more than "
                    f"{MAX_TOTAL_RATIO}:1 overall, which no real model is (a zip bomb?)"
                )
            if len(tops) != 1:
                listed = ", ".join(sorted(tops)[:5]) or "nothing"
                raise bad(f"it must hold exactly one top folder, and holds {listed}")
            top = tops.pop()
            if top.startswith("."):
                raise bad(f"its folder name {top!r} starts with a dot")
            metadata = _read_metadata(archive, top, names, bad)
            check_metadata(metadata, bad)
            if not {f"{top}/model/model.bin", f"{top}/model/config.json"} <= names:
                raise bad("it has no model (model/model.bin and model/config.json)")
            if not any(f"{top}/{file}" in names for file in TOKENIZER_FILES):
                raise bad("it has no tokenizer (sentencepiece.model or bpe.model)")
    except zipfile.BadZipFile as error:
        raise bad(f"the zip archive is damaged ({error})") from None
    if expect is not None and (metadata["from_code"], metadata["to_code"]) != tuple(expect):
        raise bad(
            f"it translates {language_name(metadata['from_code'])} → {language_name(metadata['to_code'])}"
            f", not {language_name(expect[0])} → {language_name(expect[1])}"
        )
    return PackageFile(top, metadata, total)


class _Places:
    """Where entries land once their paths are cleaned up: two entries may never share one.

    `model//model.bin` and `model/model.bin` are the same file, a file `model` cannot sit beside
    a folder `model/`, and `Model.bin` is `model.bin` on the file systems of macOS and Windows.
    """

    def __init__(self, bad):
        self._bad = bad
        self._files: dict[tuple, str] = {}
        self._folders: dict[tuple, str] = {}

    def add(self, name: str, parts: tuple[str, ...], is_folder: bool) -> None:
        key = tuple(part.casefold() for part in parts)
        for depth in range(1, len(key)):  # the folders the entry sits in
            self._folder(key[:depth], name)
        if is_folder:
            self._folder(key, name)
            return
        other = self._files.get(key) or self._folders.get(key)
        if other is not None:
            raise self._collision(other, name)
        self._files[key] = name

    def _folder(self, key: tuple, name: str) -> None:
        if key in self._files:
            raise self._collision(self._files[key], name)
        self._folders.setdefault(key, name)

    def _collision(self, first: str, second: str) -> BadPackage:
        return self._bad(f"the entries {first!r} and {second!r} would be written to the same place")


def entry_parts(name: str) -> tuple[str, ...] | None:
    """The path components of a zip entry name, or None if it is absolute or climbs out."""
    if not name or "\\" in name or "\0" in name or name.startswith("/"):
        return None
    if re.match(r"[A-Za-z]:", name):  # a Windows drive
        return None
    parts = PurePosixPath(name).parts
    if any(part in ("", ".", "..") for part in parts):
        return None
    return parts


def _is_symlink(entry: zipfile.ZipInfo) -> bool:
    return entry.create_system == 3 and stat.S_ISLNK(entry.external_attr >> 16)


def _link_escapes(parts: tuple[str, ...], target: str) -> bool:
    """Whether a link stored at `parts` pointing to `target` leaves its top folder."""
    if target.startswith("/"):
        return True
    depth = len(parts) - 1  # folders the link sits in, counting the top folder
    for part in PurePosixPath(target).parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 1:
            return True
    return False


def _read_metadata(archive: zipfile.ZipFile, top: str, names: set, bad) -> dict:
    name = f"{top}/metadata.json"
    if name not in names:
        raise bad("it has no metadata.json in its folder")
    if archive.getinfo(name).file_size > MAX_METADATA_BYTES:
        raise bad("its metadata.json is implausibly large")
    try:
        metadata = json.loads(archive.read(name).decode("utf-8"))
    except (ValueError, RecursionError) as error:  # not UTF-8, not JSON, too deep, or a number of 4,300+ digits
        raise bad(f"its metadata.json is not valid JSON ({error})") from None
    if not isinstance(metadata, dict):
        raise bad("its metadata.json is not a JSON object")
    return metadata


def check_free_space(folder: Path, need: int, what: str) -> None:
    """Refuse before writing when `need` bytes and the spare would not fit in `folder`'s disk."""
    free = shutil.disk_usage(folder).free
    if free < need + SPARE_BYTES:
        raise NotEnoughSpace(
            f"Not enough free disk space: {what} needs {_megabytes(need + SPARE_BYTES)} free in "
            f"{folder} (its size and {_megabytes(SPARE_BYTES)} to spare), and {_megabytes(free)} is "
            "free. Nothing was kept."
        )


def write_failed(error: OSError, what: str, outcome: str) -> ReaderError:
    """A named error for a failed write: NotEnoughSpace when the disk (or a quota) is full."""
    why = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return NotEnoughSpace(f"{what}: {why}. {outcome}")
    return PackageWriteFailed(f"{what}: {why}. {outcome}")


def _megabytes(count: int) -> str:
    return f"{count / 1000**2:,.1f} MB"


def extract_package_file(path: Path, dest: Path) -> None:
    """Extract a checked archive: regular files and folders only, sizes as declared."""
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            target = dest.joinpath(*entry_parts(entry.filename))
            if entry.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            # ZipExtFile stops at the declared size and checks the CRC at the end.
            with archive.open(entry) as source, open(target, "xb") as out:
                shutil.copyfileobj(source, out, 1024 * 1024)
