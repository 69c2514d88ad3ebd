"""The Argos Translate package index: read it, choose a package, download and install one."""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader import __version__
from reader.core.errors import BadPackage, ReaderError
from reader.core.files import read_json_object, write_json
from reader.core.packages import (
    MAX_UNPACKED_BYTES,
    InstalledPackage,
    install_package_file,
    version_key,
)

log = logging.getLogger(__name__)

DEFAULT_INDEX_BASE = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
INDEX_ENV = "ARGOS_PACKAGE_INDEX"  # the variable Argos Translate itself reads
SETTINGS_FILE = "settings.json"
SETTINGS_KEY = "package_index"
CACHE_FILE = "package-index.json"
DOWNLOADS_FOLDER = "downloads"

INDEX_TIMEOUT = 10
DOWNLOAD_TIMEOUT = 30
CHUNK_BYTES = 64 * 1024
# The real index is about 100 KB; anything near this is not an index.
MAX_INDEX_BYTES = 16 * 1024**2
# An active download writes its file at least once per read timeout, so a `.part` file this old
# belongs to a download that was killed, never to one in progress.
STALE_PART_SECONDS = 10 * 60
SCHEMES = ("http", "https", "file")  # file: lets a folder on a USB stick serve as the index

NO_NETWORK_ADVICE = (
    "You can install a model file you got elsewhere with Install from File… in the Translation "
    "Models window, or with `reader-cli models install FILE.argosmodel`."
)


class NetworkUnavailable(ReaderError):
    "The index or a download could not be reached: no connection, no name lookup, or no answer in time."


class BadIndex(ReaderError):
    "The package index could not be read: the server refused it, or it is not Argos's list of packages."


class NoSuchPackage(ReaderError):
    "No package in the index, or among those installed, matches what was asked for."


class DownloadFailed(ReaderError):
    "A download stopped early or was refused by the server; nothing was kept."


class DownloadCancelled(ReaderError):
    "The download was cancelled; nothing was kept."


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
    base = os.environ.get(INDEX_ENV) or _read_settings(data_dir).get(SETTINGS_KEY) or DEFAULT_INDEX_BASE
    return normalise_base(str(base))


def set_index_base(data_dir: Path, base: str | None) -> None:
    """Remember a base URL for the index in the data folder (None goes back to Argos's)."""
    settings = _read_settings(data_dir)
    if base:
        settings[SETTINGS_KEY] = normalise_base(base)
    else:
        settings.pop(SETTINGS_KEY, None)
    write_json(Path(data_dir) / SETTINGS_FILE, settings)


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


def _read_settings(data_dir: Path) -> dict:
    return read_json_object(Path(data_dir) / SETTINGS_FILE, "settings")


# --- Reading the index --------------------------------------------------------------------------


def fetch_index(base: str, timeout: float = INDEX_TIMEOUT) -> list[AvailablePackage]:
    """Download and check the index; translation packages only, best first for Indonesian."""
    url = index_url(base)
    response = _open(url, timeout, refused=BadIndex)
    try:
        with response:
            body = response.read(MAX_INDEX_BYTES + 1)
    except (OSError, http.client.HTTPException) as error:
        raise NetworkUnavailable(_no_network(url, error)) from None
    if len(body) > MAX_INDEX_BYTES:
        raise BadIndex(f"The package index at {url} is larger than any real index; it was not read.")
    return parse_index(body, url)


def parse_index(body: bytes, url: str) -> list[AvailablePackage]:
    """The translation packages of an index's JSON; BadIndex if it is not an index."""
    try:
        entries = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
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
    fields = {}
    for key in ("from_code", "to_code", "package_version"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            return None
        fields[key] = value.strip()
    links = entry.get("links")
    if not isinstance(links, list):
        return None
    # Relative links are read against the index's own URL, as a browser would.
    links = tuple(
        urllib.parse.urljoin(url, link)
        for link in links
        if isinstance(link, str) and link.strip()
    )
    links = tuple(link for link in links if urllib.parse.urlsplit(link).scheme in SCHEMES)
    if not links:
        return None
    from_code, to_code = fields["from_code"], fields["to_code"]
    code = entry.get("code")
    return AvailablePackage(
        code=code if isinstance(code, str) and code.strip() else f"translate-{from_code}_{to_code}",
        from_code=from_code,
        to_code=to_code,
        from_name=_text(entry.get("from_name")) or from_code,
        to_name=_text(entry.get("to_name")) or to_code,
        version=fields["package_version"],
        argos_version=_text(entry.get("argos_version")),
        links=links,
    )


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


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
        packages = [AvailablePackage(**{**item, "links": tuple(item["links"])}) for item in cache["packages"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
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


# --- Downloading --------------------------------------------------------------------------------


def downloads_dir(data_dir: Path) -> Path:
    """Where downloads are written until they are checked and installed."""
    return Path(data_dir) / DOWNLOADS_FOLDER


def download_package(
    package: AvailablePackage,
    data_dir: Path,
    progress: Callable[[int, int | None], None] | None = None,
    cancelled: Callable[[], bool] | threading.Event | None = None,
    timeout: float = DOWNLOAD_TIMEOUT,
) -> InstalledPackage:
    """Download a package to a temporary file, check it, install it; nothing is left on failure."""
    if isinstance(cancelled, threading.Event):
        cancelled = cancelled.is_set
    is_cancelled = cancelled or (lambda: False)
    progress = progress or (lambda done, total: None)
    folder = downloads_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    sweep_stale_downloads(data_dir)
    name = f"{package.code}-{package.version}.argosmodel"
    failures: list[ReaderError] = []
    # Links are mirrors: try them in order, as Argos does.
    for url in package.links:
        handle, temporary = tempfile.mkstemp(prefix=f"{package.code}-", suffix=".part", dir=folder)
        part = Path(temporary)
        try:
            with os.fdopen(handle, "wb") as out:
                _stream(url, out, folder, progress, is_cancelled, timeout, package)
            if is_cancelled():
                raise DownloadCancelled(f"The download of {package.label} was cancelled; nothing was kept.")
            try:
                installed = install_package_file(part, data_dir, expect=package.pair, name=name)
            except BadPackage as error:
                raise BadPackage(f"The package downloaded from {url} failed its checks. {error}") from None
        except (NetworkUnavailable, DownloadFailed) as error:
            log.warning("Download of %s from %s failed: %s", package.code, url, error)
            failures.append(error)
            continue
        finally:
            # On every path, success included: the installed copy is the extracted folder.
            part.unlink(missing_ok=True)
        log.info("Downloaded %s %s from %s", package.code, package.version, url)
        return installed
    # Every link failed; the first failure is the most telling (the others are mirrors).
    raise failures[0]


def _stream(url, out, folder: Path, progress, is_cancelled, timeout, package: AvailablePackage) -> None:
    """Copy `url` into `out`, reporting progress and stopping on cancel; checks the length."""
    cancelled = DownloadCancelled(f"The download of {package.label} was cancelled; nothing was kept.")
    response = _open(url, timeout, refused=DownloadFailed)
    with response, _Watchdog(response, is_cancelled):
        total = _content_length(response)
        if total is not None and total > MAX_UNPACKED_BYTES:
            raise DownloadFailed(
                f"{url} is {format_bytes(total)}, larger than any translation package; it was not downloaded."
            )
        if total is not None:
            _check_free_space(folder, total)
        done = 0
        progress(done, total)
        while True:
            if is_cancelled():
                raise cancelled
            try:
                # Each read waits at most `timeout` (the socket's timeout from urlopen); read1
                # returns what has arrived, so progress moves and a stall loses nothing received.
                chunk = response.read1(CHUNK_BYTES)
            except (OSError, ValueError, http.client.HTTPException) as error:
                # The watchdog shutting the connection looks like a failure; it is the cancel.
                if is_cancelled():
                    raise cancelled from None
                why = f"nothing arrived for {timeout:g} s" if isinstance(error, TimeoutError) else error
                raise DownloadFailed(_stopped(package, url, done, total, why)) from None
            if is_cancelled():
                raise cancelled
            if not chunk:
                break
            out.write(chunk)
            done += len(chunk)
            if done > MAX_UNPACKED_BYTES or (total is not None and done > total):
                raise DownloadFailed(f"{url} sent more than it announced; the download was stopped.")
            progress(done, total)
    if total is not None and done != total:
        raise DownloadFailed(_stopped(package, url, done, total, "the connection closed early"))


class _Watchdog:
    """Shuts a download's connection once it is cancelled, waking a read that waits on a silent server."""

    POLL = 0.1

    def __init__(self, response, is_cancelled: Callable[[], bool]):
        self._is_cancelled = is_cancelled
        self._finished = threading.Event()
        self._socket = None
        self._thread = None
        try:
            handle = os.dup(response.fileno())
        except (OSError, ValueError, AttributeError):
            return  # no file descriptor: nothing to wake
        try:
            # A second handle on the same connection: shutting it down ends the read under way,
            # which a cancel flag alone cannot do before the read times out.
            self._socket = socket.socket(fileno=handle)
        except OSError:
            os.close(handle)
            return  # not a socket (a file: URL): reads never wait on a network
        self._thread = threading.Thread(target=self._watch, name="baca-download-watchdog", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._finished.wait(self.POLL):
            if self._is_cancelled():
                try:
                    self._socket.shutdown(socket.SHUT_RDWR)
                except OSError as error:
                    log.debug("The cancelled download's connection was already closed: %s", error)
                return

    def __enter__(self) -> _Watchdog:
        return self

    def __exit__(self, *exc_info) -> None:
        self._finished.set()
        if self._thread is not None:
            self._thread.join()
        if self._socket is not None:
            self._socket.close()


def _stopped(package, url, done, total, why) -> str:
    of = f" of {format_bytes(total)}" if total is not None else ""
    return (
        f"The download of {package.label} from {urllib.parse.urlsplit(url).netloc or url} stopped "
        f"after {format_bytes(done)}{of}: {why}. Nothing was kept; try again."
    )


def _content_length(response) -> int | None:
    value = response.headers.get("Content-Length")
    try:
        length = int(value) if value is not None else None
    except ValueError:
        return None
    return length if length is not None and length >= 0 else None


def _check_free_space(folder: Path, total: int) -> None:
    """Refuse early when the download and its extracted copy cannot both fit."""
    free = shutil.disk_usage(folder).free
    need = 2 * total + 50 * 1024**2
    if free < need:
        raise DownloadFailed(
            f"Not enough free disk space: the package needs about {format_bytes(need)} while it is "
            f"downloaded and installed, and {format_bytes(free)} is free."
        )


def sweep_stale_downloads(data_dir: Path, older_than: float = STALE_PART_SECONDS) -> list[Path]:
    """Delete `.part` files left by downloads that were killed; returns what was deleted."""
    swept = []
    now = time.time()
    for part in downloads_dir(data_dir).glob("*.part"):
        try:
            if now - part.stat().st_mtime > older_than:
                part.unlink()
                swept.append(part)
        except FileNotFoundError:
            continue
    if swept:
        log.info("Deleted %d unfinished downloads", len(swept))
    return swept


def _open(url: str, timeout: float, refused: type[ReaderError]):
    """Open a URL with a timeout: no connection is NetworkUnavailable, a refusal is `refused`."""
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in SCHEMES:
        raise refused(f"{url} is not an http, https or file address.")
    request = urllib.request.Request(url, headers={"User-Agent": f"Baca/{__version__}"})
    try:
        return urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        error.close()
        raise refused(f"{url} answered {error.code} {error.reason}.") from None
    except urllib.error.URLError as error:
        if scheme == "file":
            raise refused(f"{url} cannot be read: {error.reason}.") from None
        raise NetworkUnavailable(_no_network(url, error.reason)) from None
    except (OSError, http.client.HTTPException) as error:
        raise NetworkUnavailable(_no_network(url, error)) from None


def _no_network(url: str, reason) -> str:
    host = urllib.parse.urlsplit(url).hostname or url
    if isinstance(reason, socket.gaierror):
        why = "the name cannot be looked up"
    elif isinstance(reason, TimeoutError):  # socket.timeout is TimeoutError since Python 3.10
        why = "no answer in time"
    elif isinstance(reason, ConnectionRefusedError):
        why = "connection refused"
    else:
        why = str(reason) or type(reason).__name__
    return f"No network: cannot reach {host} ({why}). {NO_NETWORK_ADVICE}"


def format_bytes(count: int) -> str:
    """`70.3 MB`: decimal units, as download sizes are usually given."""
    if count < 1000:
        return f"{count} B"
    if count < 1000**2:
        return f"{count / 1000:.1f} kB"
    if count < 1000**3:
        return f"{count / 1000**2:.1f} MB"
    return f"{count / 1000**3:.2f} GB"
