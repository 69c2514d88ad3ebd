"""The Argos Translate package index: where it is, reading and checking it, choosing a package."""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.core.errors import BadIndex, NetworkUnavailable, NoSuchPackage, NotAFile, TransferStopped
from reader.core.platform.files import open_regular, read_json_object, write_json
from reader.core.platform.settings import read_setting, settings_path, write_setting
from reader.core.translate.package_metadata import valid_code, valid_name, valid_version, version_key
from reader.core.translate.packages import InstalledPackage
from reader.core.translate.transfer import LOCAL_SCHEME, NO_NETWORK_ADVICE, WEB_SCHEMES, Transfer

log = logging.getLogger(__name__)

DEFAULT_INDEX_BASE = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
INDEX_ENV = "ARGOS_PACKAGE_INDEX"  # the variable Argos Translate itself reads
SETTING = "models/package_index"  # in the data folder's settings.ini
# Where Baca kept the setting before settings.ini held it; read once, then renamed.
OLD_SETTINGS_FILE = "settings.json"
OLD_SETTINGS_KEY = "package_index"
CACHE_FILE = "package-index.json"

INDEX_TIMEOUT = 10
# The whole index (about 100 KB) must arrive within this, however the server trickles it.
INDEX_DEADLINE = 60
# The real index is about 100 KB; anything near this is not an index.
MAX_INDEX_BYTES = 16 * 1024**2


@dataclass(frozen=True)
class AvailablePackage:
    """A translation package listed in the index."""

    code: str
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    argos_version: str
    links: tuple[str, ...]

    @property
    def pair(self) -> tuple[str, str]:
        return self.from_code, self.to_code

    @property
    def label(self) -> str:
        """A name for people: `Indonesian → English 1.9`."""
        return f"{self.from_name} → {self.to_name} {self.version}"


@dataclass(frozen=True)
class PackageIndex:
    """The packages of an index, where it came from and when it was fetched."""

    url: str
    fetched: datetime
    packages: list[AvailablePackage]


# --- Where the index is -------------------------------------------------------------------------


def index_base(data_dir: Path) -> str:
    """The index's base URL: $ARGOS_PACKAGE_INDEX, else the data folder's setting, else Argos's."""
    base = os.environ.get(INDEX_ENV) or _setting(data_dir) or DEFAULT_INDEX_BASE
    return normalise_base(str(base))


def set_index_base(data_dir: Path, base: str | None) -> None:
    """Remember a base URL for the index in the data folder's settings (None goes back to Argos's)."""
    fold_old_settings(data_dir)
    write_setting(data_dir, SETTING, normalise_base(base) if base else None)


def fold_old_settings(data_dir: Path) -> None:
    """Move the index's address from an older Baca's settings.json into settings.ini, once.

    The old file is renamed (to settings.json.old) only after settings.ini is written; an
    unreadable one is left where it is, as before it was ignored with a warning.
    """
    old = Path(data_dir) / OLD_SETTINGS_FILE
    try:
        with open_regular(old) as file:
            settings = json.loads(file.read().decode("utf-8"))
    except FileNotFoundError:
        return
    except (OSError, ValueError, NotAFile) as error:
        log.warning("Ignoring unreadable settings %s: %s", old, error)
        return
    value = settings.get(OLD_SETTINGS_KEY) if isinstance(settings, dict) else None
    if isinstance(value, str) and value.strip() and read_setting(data_dir, SETTING) is None:
        write_setting(data_dir, SETTING, normalise_base(value))
    old.rename(old.with_name(old.name + ".old"))
    log.info("Moved the settings of %s into %s", old, settings_path(data_dir))


def normalise_base(base: str) -> str:
    """A base ends in `/`, as in Argos; a URL of an `.json` file is kept as it is."""
    base = base.strip()
    if base.endswith(".json") or base.endswith("/"):
        return base
    return base + "/"


def index_url(base: str) -> str:
    """`<base>index.json`; a base naming a `.json` file is the index itself."""
    base = normalise_base(base)
    return base if base.endswith(".json") else base + "index.json"


def _setting(data_dir: Path) -> str | None:
    try:
        fold_old_settings(data_dir)
    except (OSError, NotAFile) as error:
        # settings.ini cannot be written (a read-only folder): keep reading the old file for now.
        log.warning("Could not move the settings of %s into %s: %s", OLD_SETTINGS_FILE, SETTING, error)
        value = read_json_object(Path(data_dir) / OLD_SETTINGS_FILE, "settings").get(OLD_SETTINGS_KEY)
        return value if isinstance(value, str) else None
    return read_setting(data_dir, SETTING)


# --- Reading the index --------------------------------------------------------------------------


def fetch_index(
    base: str,
    timeout: float = INDEX_TIMEOUT,
    deadline: float = INDEX_DEADLINE,
    min_rate: float | None = None,
    window: float | None = None,
) -> list[AvailablePackage]:
    """Download and check the index; translation packages only, best first for Indonesian."""
    url = index_url(base)
    local = urllib.parse.urlsplit(url).scheme.lower() == LOCAL_SCHEME
    transfer = Transfer(
        url, refused=BadIndex, timeout=timeout, deadline=deadline, min_rate=min_rate, window=window, local=local
    )
    body = bytearray()
    try:
        with transfer:
            for chunk in transfer.chunks():
                body += chunk
                if len(body) > MAX_INDEX_BYTES:
                    raise BadIndex(f"The package index at {url} is larger than any real index; it was not read.")
    except TransferStopped as error:
        host = urllib.parse.urlsplit(url).netloc or url
        raise NetworkUnavailable(
            f"The package index at {host} could not be read: {error}, so Baca stopped waiting. "
            f"{NO_NETWORK_ADVICE}"
        ) from None
    return parse_index(bytes(body), url)


def parse_index(body: bytes, url: str) -> list[AvailablePackage]:
    """The translation packages of an index's JSON; BadIndex if it is not an index."""
    try:
        entries = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise BadIndex(f"The package index at {url} is not valid JSON ({error}).") from None
    if not isinstance(entries, list):
        raise BadIndex(f"The package index at {url} is not a list of packages.")
    packages, skipped = [], 0
    for entry in entries:
        package = _entry(entry, url)
        if package is None:
            skipped += 1
        else:
            packages.append(package)
    if skipped:
        log.info("Skipped %d index entries that are not usable translation packages", skipped)
    if entries and not packages:
        raise BadIndex(f"The package index at {url} lists no translation packages Baca can use.")
    return sort_packages(packages)


def _entry(entry, url: str) -> AvailablePackage | None:
    """One index entry, or None when it is not a translation package we can download."""
    if not isinstance(entry, dict) or entry.get("type", "translate") != "translate":
        return None  # the index also lists sentence-boundary (sbd) packages
    from_code, to_code = entry.get("from_code"), entry.get("to_code")
    links = entry.get("links")
    if not isinstance(links, list):
        return None
    # Relative links are read against the index's own URL, as a browser would.
    links = [urllib.parse.urljoin(url, link.strip()) for link in links if isinstance(link, str) and link.strip()]
    code = entry.get("code")
    return checked_package(
        code=code if code is not None else f"translate-{from_code}_{to_code}",
        from_code=from_code,
        to_code=to_code,
        from_name=entry.get("from_name") or from_code,
        to_name=entry.get("to_name") or to_code,
        version=entry.get("package_version"),
        argos_version=entry.get("argos_version") or "",
        links=links,
        index=url,
    )


def checked_package(*, code, from_code, to_code, from_name, to_name, version, argos_version, links, index: str):
    """An AvailablePackage from untrusted values, or None when any is refused.

    Codes name files, so they hold no separators (`downloads/../../x` is refused); versions are
    short, so comparing them never fails; names are one short line. Links are http or https, or
    file: when the index itself is a file.
    """
    schemes = WEB_SCHEMES + ((LOCAL_SCHEME,) if urllib.parse.urlsplit(index).scheme.lower() == LOCAL_SCHEME else ())
    links = tuple(
        link for link in links if isinstance(link, str) and urllib.parse.urlsplit(link).scheme.lower() in schemes
    )
    checked = {
        "code": valid_code(code),
        "from_code": valid_code(from_code),
        "to_code": valid_code(to_code),
        "from_name": valid_name(from_name),
        "to_name": valid_name(to_name),
        "version": valid_version(version),
    }
    if None in checked.values() or not links:
        return None
    # argos_version is shown only; never a reason to skip.
    return AvailablePackage(**checked, argos_version=valid_version(argos_version) or "", links=links)


def sort_packages(
    packages: list[AvailablePackage], first: tuple[str, str] = ("id", "en")
) -> list[AvailablePackage]:
    """`first`'s pair at the top, then Indonesian's other pairs, then by language; newest first."""
    ordered = sorted(packages, key=lambda p: version_key(p.version), reverse=True)
    return sorted(
        ordered,
        key=lambda p: (
            p.pair != tuple(first),
            first[0] not in p.pair,
            p.from_name.casefold(),
            p.to_name.casefold(),
        ),
    )


def refresh_index(data_dir: Path, base: str | None = None, timeout: float = INDEX_TIMEOUT) -> PackageIndex:
    """Fetch the index and remember it in the data folder for when there is no network."""
    base = normalise_base(base) if base else index_base(data_dir)
    url = index_url(base)
    packages = fetch_index(base, timeout)
    fetched = datetime.now(UTC)
    try:
        write_json(
            Path(data_dir) / CACHE_FILE,
            {"url": url, "fetched": fetched.isoformat(), "packages": [_as_json(p) for p in packages]},
        )
    except OSError as error:
        # The fresh list is still shown; only the offline copy is missing.
        log.warning("Cannot remember the package index in %s: %s", data_dir, error)
    return PackageIndex(url, fetched, packages)


def cached_index(data_dir: Path, base: str | None = None) -> PackageIndex | None:
    """The index as last fetched from this base, or None if it never was (or the copy is unreadable)."""
    url = index_url(base or index_base(data_dir))
    path = Path(data_dir) / CACHE_FILE
    try:
        cache = json.loads(path.read_text(encoding="utf-8"))
        if cache["url"] != url:
            return None  # a list from another index would mislead
        fetched = datetime.fromisoformat(cache["fetched"])
        # The copy is checked as the index was: a file in the data folder is no more trusted.
        packages = [checked_package(**item, index=url) for item in cache["packages"]]
        if None in packages:
            raise ValueError("it lists a package Baca refuses")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        log.warning("Ignoring the unreadable copy of the package index %s: %s", path, error)
        return None
    return PackageIndex(url, fetched, sort_packages(packages))


def _as_json(package: AvailablePackage) -> dict:
    return {**package.__dict__, "links": list(package.links)}


# --- Choosing -----------------------------------------------------------------------------------


def parse_pair(text: str) -> tuple[str, str] | None:
    """`id_en` or `translate-id_en` as ("id", "en"); None for anything else."""
    match = re.fullmatch(r"(?:translate-)?([A-Za-z]{2,3})_([A-Za-z]{2,3})", text.strip())
    return (match[1], match[2]) if match else None


def choose(available: list[AvailablePackage], code_or_pair: str) -> AvailablePackage:
    """The index entry with this `code`, else the highest version for a `FROM_TO` pair."""
    wanted = code_or_pair.strip()
    matches = [p for p in available if p.code == wanted]
    if not matches and (pair := parse_pair(wanted)):
        matches = [p for p in available if p.pair == pair]
    if not matches:
        raise NoSuchPackage(
            f"The package index has no package {wanted!r}. `reader-cli models available` lists "
            "what it has; name one by its code (translate-id_en) or its languages (id_en)."
        )
    return max(matches, key=lambda p: version_key(p.version))


def install_state(package: AvailablePackage, installed: list[InstalledPackage]) -> str | None:
    """"installed" if this version (or a newer one) is installed, "update" if only older ones, else None."""
    versions = [version_key(p.version) for p in installed if (p.from_code, p.to_code) == package.pair]
    if not versions:
        return None
    return "installed" if max(versions) >= version_key(package.version) else "update"


def select_installed(packages: list[InstalledPackage], spec: str) -> InstalledPackage:
    """The installed package a user names by folder, code or `FROM_TO` pair."""
    spec = spec.strip()
    folder = Path(spec).expanduser()
    if folder.is_dir():
        for package in packages:
            if package.path.resolve() == folder.resolve():
                return package
    if os.sep in spec:
        raise NoSuchPackage(f"{spec} is not an installed translation package. `reader-cli models list` shows them.")
    pair = parse_pair(spec)
    matches = [p for p in packages if p.code == spec or (pair and (p.from_code, p.to_code) == pair)]
    if not matches:
        raise NoSuchPackage(f"No installed package matches {spec!r}. `reader-cli models list` shows them.")
    if len(matches) > 1:
        # Refuse to guess which of several to delete.
        listed = "; ".join(f"{p.label} in {p.path}" for p in matches)
        raise NoSuchPackage(f"Several installed packages match {spec!r}: {listed}. Name one by its folder.")
    return matches[0]
