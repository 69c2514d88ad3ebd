"""Argos Translate packages: find the installed ones, check and install `.argosmodel` files."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import BadPackage, NoTranslationModel, ReadOnlyPackage
from reader.core.platform.files import read_json_object
from reader.core.translate.package_file import (
    TOKENIZER_FILES,
    check_free_space,
    extract_package_file,
    inspect_package_file,
    write_failed,
)
from reader.core.translate.package_metadata import check_metadata, language_name, valid_version, version_key

log = logging.getLogger(__name__)


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
    except (OSError, ValueError, RecursionError) as error:
        raise BadPackage(f"{path}/metadata.json cannot be read: {error}") from None
    check_metadata(metadata, lambda reason: BadPackage(f"{path}/metadata.json: {reason}"))
    kind = next((k for f, k in TOKENIZER_FILES.items() if (path / f).is_file()), None)
    if kind is None:
        raise BadPackage(f"{path} has no tokenizer (sentencepiece.model or bpe.model)")
    if not (path / "model" / "model.bin").is_file():
        raise BadPackage(f"{path} has no model/model.bin")
    return InstalledPackage(
        path=path,
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        version=valid_version(metadata.get("package_version")) or "",
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
            try:
                where = child.resolve()
            except (OSError, RuntimeError) as error:  # RuntimeError: a link loop, before Python 3.13
                log.warning("Skipping a translation package folder that cannot be resolved: %s", error)
                continue
            # The same folder reached twice (ARGOS_PACKAGES_DIR pointing at ours): ours wins.
            found.setdefault(where, package)
    packages = sorted(found.values(), key=lambda p: str(p.path))
    packages.sort(key=lambda p: not p.writable)
    packages.sort(key=lambda p: version_key(p.version), reverse=True)
    packages.sort(key=lambda p: (p.from_code, p.to_code))
    return packages


def packages_for(data_dir: Path, from_code: str = "id", to_code: str = "en") -> list[InstalledPackage]:
    """The usable packages for a pair, best first: highest version, the app's folder first on ties."""
    return [p for p in installed_packages(data_dir) if (p.from_code, p.to_code) == (from_code, to_code)]


def find_package(data_dir: Path, from_code: str = "id", to_code: str = "en") -> InstalledPackage:
    """The package to translate with: the best of `packages_for`, or NoTranslationModel."""
    candidates = packages_for(data_dir, from_code, to_code)
    if candidates:
        return candidates[0]
    pair = f"{language_name(from_code)} → {language_name(to_code)}"
    raise NoTranslationModel(
        f"No translation package for {pair} is installed. Download one with "
        f"`reader-cli models download {from_code}_{to_code}`, or install a file you have with "
        f"`reader-cli models install FILE.argosmodel`; the package is "
        f"translate-{from_code}_{to_code} from the Argos Translate package index "
        f"(https://www.argosopentech.com/argospm/index/). Packages already installed for Argos "
        f"Translate are used too. Looked in {app_packages_dir(data_dir)} and "
        f"{user_argos_packages_dir()}."
    )


def install_package_file(
    path: Path, data_dir: Path, expect: tuple[str, str] | None = None, name: str | None = None
) -> InstalledPackage:
    """Check and install a package file; on any failure the installed packages are unchanged."""
    path = Path(path)
    name = name or path.name  # what messages call the file (a download's temporary file has a made-up name)
    try:
        checked = inspect_package_file(path, expect, name)
    except BadPackage as error:
        raise BadPackage(f"{error} Nothing was installed.") from None
    top = checked.top
    packages_dir = app_packages_dir(data_dir)
    try:
        packages_dir.mkdir(parents=True, exist_ok=True)
        _check_same_folder(packages_dir / top, checked.metadata, name)
        check_free_space(packages_dir, checked.unpacked_bytes, f"installing {name}")
        # Extract beside the final place (same file system, so the rename below is atomic), under
        # a dot name that installed_packages() ignores.
        work = Path(tempfile.mkdtemp(prefix=".install-", dir=packages_dir))
    except OSError as error:
        raise write_failed(error, f"Cannot install {name} into {packages_dir}", "Nothing was installed.") from None
    try:
        extract_package_file(path, work)
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
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise BadPackage(f"{name} is damaged and was not installed: {error}.") from None
    except OSError as error:
        raise write_failed(error, f"Cannot install {name} into {packages_dir}", "Nothing was installed.") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("Installed translation package %s into %s", name, destination)
    return read_package(destination, writable=True)


def _check_same_folder(destination: Path, metadata: dict, name: str) -> None:
    """Refuse to replace an installed package of another pair that has the same folder name.

    A reinstall, an upgrade or a downgrade of the same pair replaces the folder; a folder that is
    no usable package (damaged, half there) is replaced too, which repairs it.
    """
    try:
        installed = read_package(destination, writable=True)
    except BadPackage:
        return
    pair = (metadata["from_code"], metadata["to_code"])
    if (installed.from_code, installed.to_code) == pair:
        return
    raise BadPackage(
        f"{name} translates {language_name(pair[0])} → {language_name(pair[1])} and unpacks into the "
        f"folder {destination.name!r}, where {installed.label} is installed: installing it would "
        f"remove that package. Nothing was installed; remove {installed.label} first if you mean "
        "to replace it."
    )


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
