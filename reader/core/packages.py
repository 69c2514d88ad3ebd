"""Argos Translate packages: find the installed ones, check and install `.argosmodel` files."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reader.core.errors import BadPackage, NoTranslationModel, ReadOnlyPackage
from reader.core.files import read_json_object

log = logging.getLogger(__name__)

TOKENIZER_FILES = {"sentencepiece.model": "sentencepiece", "bpe.model": "bpe"}
LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}

# Limits for package files. The official id→en package is about 70 MB; the largest Argos
# packages a few hundred MB. Deflate cannot exceed about 1000:1, so a ratio limit of 200 on large
# entries stops zip bombs without refusing real, mostly incompressible model weights.
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_ENTRIES = 10_000
MAX_METADATA_BYTES = 1024**2
MAX_RATIO = 200
RATIO_CHECKED_ABOVE = 1024**2


@dataclass(frozen=True)
class InstalledPackage:
    """An installed Argos Translate package folder."""

    path: Path
    from_code: str
    to_code: str
    version: str
    from_name: str
    to_name: str
    code: str | None
    tokenizer: str
    writable: bool

    @property
    def label(self) -> str:
        """A name for people: `Indonesian → English 1.9`."""
        source, target = self.from_name or self.from_code, self.to_name or self.to_code
        return f"{source} → {target} {self.version}"


def app_packages_dir(data_dir: Path) -> Path:
    """The packages folder Baca installs into and may remove from."""
    return Path(data_dir) / "packages"


def user_argos_packages_dir() -> Path:
    """The user's Argos Translate packages folder, found as Argos finds it, without importing it."""
    # Same order as argostranslate.settings: environment, then its settings.json, then default.
    configured = os.environ.get("ARGOS_PACKAGES_DIR")
    if not configured:
        configured = _argos_settings().get("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(configured).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "argos-translate" / "packages"


def _argos_settings() -> dict:
    """Argos Translate's own settings file, or {} when there is none or it is unreadable."""
    config_home = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return read_json_object(Path(config_home) / "argos-translate" / "settings.json", "Argos Translate settings")


def read_package(path: Path, writable: bool) -> InstalledPackage:
    """Describe an installed package folder; raises BadPackage if it is not a usable package."""
    path = Path(path)
    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadPackage(f"{path} has no metadata.json") from None
    except (OSError, ValueError) as error:
        raise BadPackage(f"{path}/metadata.json cannot be read: {error}") from None
    _check_metadata(metadata, str(path / "metadata.json"))
    kind = next((k for f, k in TOKENIZER_FILES.items() if (path / f).is_file()), None)
    if kind is None:
        raise BadPackage(f"{path} has no tokenizer (sentencepiece.model or bpe.model)")
    if not (path / "model" / "model.bin").is_file():
        raise BadPackage(f"{path} has no model/model.bin")
    return InstalledPackage(
        path=path,
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        version=str(metadata.get("package_version", "")),
        from_name=str(metadata.get("from_name", "")),
        to_name=str(metadata.get("to_name", "")),
        code=metadata.get("code") if isinstance(metadata.get("code"), str) else None,
        tokenizer=kind,
        writable=writable,
    )


def installed_packages(data_dir: Path) -> list[InstalledPackage]:
    """Translation packages in the app's folder and the user's Argos folder (read-only)."""
    found: dict[Path, InstalledPackage] = {}
    folders = ((app_packages_dir(data_dir), True), (user_argos_packages_dir(), False))
    for folder, writable in folders:
        try:
            children = sorted(folder.iterdir())
        except FileNotFoundError:
            continue
        except OSError as error:
            log.warning("Cannot list translation packages in %s: %s", folder, error)
            continue
        for child in children:
            # Dot folders are our installs and removals in progress.
            if child.name.startswith(".") or not child.is_dir():
                continue
            try:
                package = read_package(child, writable)
            except BadPackage as error:
                log.warning("Skipping a folder that is not a usable translation package: %s", error)
                continue
            # The same folder reached twice (ARGOS_PACKAGES_DIR pointing at ours): ours wins.
            found.setdefault(child.resolve(), package)
    packages = sorted(found.values(), key=lambda p: str(p.path))
    packages.sort(key=lambda p: not p.writable)
    packages.sort(key=lambda p: version_key(p.version), reverse=True)
    packages.sort(key=lambda p: (p.from_code, p.to_code))
    return packages


def version_key(version: str) -> tuple:
    """Compare versions by their numbers (1.10 after 1.9), then as text."""
    return tuple(int(n) for n in re.findall(r"\d+", version)), version


def find_package(data_dir: Path, from_code: str = "id", to_code: str = "en") -> InstalledPackage:
    """The package to translate with: highest version first, the app's folder first on ties."""
    for package in installed_packages(data_dir):
        if (package.from_code, package.to_code) == (from_code, to_code):
            return package
    pair = f"{_language(from_code)} → {_language(to_code)}"
    raise NoTranslationModel(
        f"No translation package for {pair} is installed. Download one with "
        f"`reader-cli models download {from_code}_{to_code}`, or install a file you have with "
        f"`reader-cli models install FILE.argosmodel`; the package is "
        f"translate-{from_code}_{to_code} from the Argos Translate package index "
        f"(https://www.argosopentech.com/argospm/index/). Packages already installed for Argos "
        f"Translate are used too. Looked in {app_packages_dir(data_dir)} and "
        f"{user_argos_packages_dir()}."
    )


def _language(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def check_package_file(path: Path, expect: tuple[str, str] | None = None, name: str | None = None) -> dict:
    """Check an `.argosmodel` file without extracting it; return its metadata."""
    return _inspect(Path(path), expect, name or Path(path).name)[1]


def _inspect(path: Path, expect: tuple[str, str] | None, name: str) -> tuple[str, dict]:
    """Every check on a package file; returns its top folder name and its metadata."""

    def bad(reason: str) -> BadPackage:
        return BadPackage(f"{name} is not a usable translation package: {reason}.")

    if not path.is_file():
        raise bad("there is no such file")
    if not zipfile.is_zipfile(path):
        raise bad("it is not a zip archive (an .argosmodel file is one)")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise bad(f"it holds {len(entries)} entries, more than the {MAX_ENTRIES} allowed")
            tops, names, total = set(), set(), 0
            for entry in entries:
                parts = _entry_parts(entry.filename)
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
                tops.add(parts[0])
                if entry.is_dir():
                    continue
                if len(parts) == 1:
                    raise bad(f"the file {entry.filename!r} is not inside the package's folder")
                total += entry.file_size
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
            if len(tops) != 1:
                listed = ", ".join(sorted(tops)[:5]) or "nothing"
                raise bad(f"it must hold exactly one top folder, and holds {listed}")
            top = tops.pop()
            if top.startswith("."):
                raise bad(f"its folder name {top!r} starts with a dot")
            metadata = _read_metadata(archive, top, names, bad)
            _check_metadata(metadata, f"{name}: metadata.json", bad)
            if not {f"{top}/model/model.bin", f"{top}/model/config.json"} <= names:
                raise bad("it has no model (model/model.bin and model/config.json)")
            if not any(f"{top}/{name}" in names for name in TOKENIZER_FILES):
                raise bad("it has no tokenizer (sentencepiece.model or bpe.model)")
    except zipfile.BadZipFile as error:
        raise bad(f"the zip archive is damaged ({error})") from None
    if expect is not None and (metadata["from_code"], metadata["to_code"]) != tuple(expect):
        raise bad(
            f"it translates {_language(metadata['from_code'])} → {_language(metadata['to_code'])}"
            f", not {_language(expect[0])} → {_language(expect[1])}"
        )
    return top, metadata


def _entry_parts(name: str) -> tuple[str, ...] | None:
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
    except ValueError as error:
        raise bad(f"its metadata.json is not valid JSON ({error})") from None
    if not isinstance(metadata, dict):
        raise bad("its metadata.json is not a JSON object")
    return metadata


def _check_metadata(metadata, where: str, bad=None) -> None:
    """Metadata must name both languages, and describe a translation package."""
    bad = bad or (lambda reason: BadPackage(f"{where}: {reason}"))
    if not isinstance(metadata, dict):
        raise bad("metadata.json is not a JSON object")
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not isinstance(value, str) or not value.strip():
            raise bad(f"metadata.json does not name `{key}`")
    if metadata.get("type", "translate") != "translate":
        raise bad(f"it is a {metadata['type']!r} package, not a translation package")


def install_package_file(
    path: Path, data_dir: Path, expect: tuple[str, str] | None = None, name: str | None = None
) -> InstalledPackage:
    """Check and install a package file; on any failure the installed packages are unchanged."""
    path = Path(path)
    name = name or path.name  # what messages call the file (a download's temporary file has a made-up name)
    try:
        top, _metadata = _inspect(path, expect, name)
    except BadPackage as error:
        raise BadPackage(f"{error} Nothing was installed.") from None
    packages_dir = app_packages_dir(data_dir)
    packages_dir.mkdir(parents=True, exist_ok=True)
    # Extract beside the final place (same file system, so the rename below is atomic), under a
    # dot name that installed_packages() ignores.
    work = Path(tempfile.mkdtemp(prefix=".install-", dir=packages_dir))
    try:
        _extract(path, work)
        extracted = work / top
        read_package(extracted, writable=True)  # what installed_packages() will require
        destination = packages_dir / top
        if destination.exists():
            # Reinstalling (or upgrading a package whose folder name is unchanged): swap folders,
            # putting the old one back if the new one cannot be moved in.
            old = work / ".replaced"
            destination.rename(old)
            try:
                extracted.rename(destination)
            except OSError:
                old.rename(destination)
                raise
        else:
            extracted.rename(destination)
    except zipfile.BadZipFile as error:
        raise BadPackage(f"{name} is damaged and was not installed: {error}.") from None
    finally:
        shutil.rmtree(work, ignore_errors=False)
    log.info("Installed translation package %s into %s", name, destination)
    return read_package(destination, writable=True)


def _extract(path: Path, dest: Path) -> None:
    """Extract a checked archive: regular files and folders only, sizes as declared."""
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            target = dest.joinpath(*_entry_parts(entry.filename))
            if entry.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            # ZipExtFile stops at the declared size and checks the CRC at the end.
            with archive.open(entry) as source, open(target, "xb") as out:
                shutil.copyfileobj(source, out, 1024 * 1024)


def package_size(path: Path) -> int:
    """Bytes of the files under a package folder (links not followed); 0 if it is gone."""
    total = 0
    for root, _folders, files in os.walk(path):
        for file in files:
            try:
                total += os.lstat(os.path.join(root, file)).st_size
            except FileNotFoundError:
                continue  # removed while we counted
    return total


def remove_package(package: InstalledPackage) -> None:
    """Delete a package from the app's folder; packages in the user's Argos folder are refused."""
    if not package.writable:
        raise ReadOnlyPackage(
            f"{package.label} is installed in Argos Translate's own folder ({package.path}), which "
            "Baca only reads. Remove it with Argos Translate, or delete that folder yourself."
        )
    if not (package.path / "metadata.json").is_file():
        raise BadPackage(f"{package.path} is not an installed package; nothing was removed.")
    # Rename first so a half-deleted folder never shows up as an installed package.
    doomed = package.path.with_name(f".removing-{package.path.name}")
    if doomed.exists():
        shutil.rmtree(doomed)
    package.path.rename(doomed)
    shutil.rmtree(doomed)
    log.info("Removed translation package %s", package.path)
