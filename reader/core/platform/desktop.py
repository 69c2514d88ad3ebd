"""Baca's Linux launcher: put its .desktop file and icons in the user's XDG folders, and take them out."""

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path, PurePosixPath

from reader import APP_ID
from reader.core.errors import DesktopEntryError
from reader.core.platform.files import write_atomically
from reader.core.platform.resources import ICON_SIZES, icon_png, resources_dir

log = logging.getLogger(__name__)

DESKTOP_FILE_NAME = f"{APP_ID}.desktop"
PROGRAM_NAME = "reader"
# What install created (folders, the MIME cache), kept in the launcher itself so that uninstall
# removes those and nothing that was there before.
CREATED_KEY = "X-Baca-Created"
MIME_CACHE = PurePosixPath("applications/mimeinfo.cache")
# A cache tool that hangs must not hang Baca.
TOOL_TIMEOUT = 15.0

# Desktop Entry spec, "The Exec key": an argument holding one of these must be quoted.
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


def xdg_data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset, empty or relative (the Base Directory spec)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def default_executable() -> Path:
    """The program that starts Baca: the frozen bundle itself, else the `reader` script pip installed."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).absolute()
    # Not resolved: in a venv, python is a link out of the venv, and `reader` sits beside the link.
    folders = [Path(sys.executable).absolute().parent]
    for scheme in (sysconfig.get_default_scheme(), f"{os.name}_user"):
        with contextlib.suppress(KeyError):
            folders.append(Path(sysconfig.get_path("scripts", scheme)))
    folders = list(dict.fromkeys(folders))
    for folder in folders:
        candidate = folder / PROGRAM_NAME
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise DesktopEntryError(
        f"Cannot find the `{PROGRAM_NAME}` program in {', '.join(map(str, folders))}. "
        "Install Baca with pip so the launcher has a program to start."
    )


def quote_exec_argument(argument: str) -> str:
    """One argument as the Exec key wants it: quoted when needed, then %-escaped."""
    if any(char in _RESERVED for char in argument):
        escaped = "".join("\\" + char if char in '"`$\\' else char for char in argument)
        argument = f'"{escaped}"'
    return argument.replace("%", "%%")


def escape_string_value(value: str) -> str:
    """A value as a desktop file writes a string: backslashes and control characters escaped."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def install_desktop_entry(executable: Path | None = None, data_home: Path | None = None) -> list[Path]:
    """Write the launcher and icons under data_home ($XDG_DATA_HOME); return the files written."""
    _refuse_other_platforms()
    home = Path(data_home).absolute() if data_home else xdg_data_home()
    program = _checked_program(Path(executable) if executable else default_executable())
    sources = _icon_sources(home)
    launcher = home / "applications" / DESKTOP_FILE_NAME

    recorded = _recorded_creations(launcher)
    created: list[Path] = []
    written: list[Path] = []
    fresh: list[Path] = []  # written where nothing was before: what a failed attempt takes back
    current = home
    try:
        home.mkdir(parents=True, exist_ok=True)
        for target in [launcher, *sources.values()]:
            current = target.parent
            _make_folders(home, target.parent, created)
        # Only the outermost: whatever install makes inside a folder it made is its own too.
        recorded.update(_relative(folder, home) for folder in created if folder.parent not in created)
        if not (home / MIME_CACHE).exists() and shutil.which("update-desktop-database"):
            recorded.add(str(MIME_CACHE))
        # Icons first, so the launcher never shows up without its icon.
        for source, target in sources.items():
            current = target
            fresh += [] if target.exists() else [target]
            write_atomically(target, source.read_bytes(), mode=0o644)
            written.append(target)
        current = launcher
        fresh += [] if launcher.exists() else [launcher]
        write_atomically(launcher, _launcher_text(program, sorted(recorded)).encode("utf-8"), mode=0o644)
        written.append(launcher)
    except OSError as error:
        _undo(fresh, created)
        raise DesktopEntryError(
            f"Could not add Baca to the applications menu: cannot write {current} "
            f"({error.strerror or error})."
        ) from error
    _refresh_caches(home)
    return written


def uninstall_desktop_entry(data_home: Path | None = None) -> list[Path]:
    """Remove what install wrote under data_home ($XDG_DATA_HOME); return the files removed."""
    home = Path(data_home).absolute() if data_home else xdg_data_home()
    launcher = home / "applications" / DESKTOP_FILE_NAME
    recorded = _recorded_creations(launcher)
    created = {
        home / path
        for path in _possible_creations()
        if any(path == root or path.startswith(root + "/") for root in recorded)
    }
    removed: list[Path] = []
    current = launcher
    try:
        for target in [launcher, *(home / _icon_target(size) for size in (*ICON_SIZES, None))]:
            current = target
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
                removed.append(target)
        if removed:
            _refresh_caches(home)
        mime_cache = home / MIME_CACHE
        if mime_cache in created and _mime_cache_is_empty(mime_cache):
            current = mime_cache
            mime_cache.unlink()
            removed.append(mime_cache)
        for folder in sorted(created - {mime_cache}, key=lambda path: len(path.parts), reverse=True):
            current = folder
            _remove_empty_folder(folder)
    except OSError as error:
        raise DesktopEntryError(
            f"Could not remove Baca from the applications menu: cannot remove {current} "
            f"({error.strerror or error})."
        ) from error
    return removed


def _refuse_other_platforms() -> None:
    if sys.platform in ("win32", "cygwin", "darwin"):
        raise DesktopEntryError("A desktop entry is for Linux and other freedesktop.org desktops only.")


def _checked_program(program: Path) -> Path:
    program = program.expanduser().absolute()
    if not (program.is_file() and os.access(program, os.X_OK)):
        raise DesktopEntryError(
            f"Cannot make a launcher for {program}: it is not a program that can be run."
        )
    text = str(program)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DesktopEntryError(
            f"Cannot make a launcher for {text!r}: a desktop file is UTF-8 and this path is not."
        ) from None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise DesktopEntryError(f"Cannot make a launcher for {text!r}: the path holds a control character.")
    # The spec writes % as %%, but GLib looks for the program before undoing that, finds no
    # ".../100%%/reader" and hides the launcher; refuse rather than write one GNOME will not show.
    if "%" in text:
        raise DesktopEntryError(
            f"Cannot make a launcher for {text}: GNOME and other GLib desktops cannot start a program "
            "whose path holds '%'. Install Baca in a folder without '%' in its path."
        )
    return program


def _icon_target(size: int | None) -> PurePosixPath:
    """Where an icon goes under the data home; None is the scalable SVG."""
    if size is None:
        return PurePosixPath("icons", "hicolor", "scalable", "apps", f"{APP_ID}.svg")
    return icon_png(size)


def _icon_sources(home: Path) -> dict[Path, Path]:
    """Each icon in the resources, and where it goes under home."""
    resources = resources_dir()
    sources = {resources / icon_png(size): _icon_target(size) for size in ICON_SIZES}
    sources[resources / "icons" / f"{APP_ID}.svg"] = _icon_target(None)
    missing = [str(source) for source in sources if not source.is_file()]
    if missing:
        raise DesktopEntryError(f"Baca's icons are missing from its resources: {', '.join(missing)}")
    return {source: home / target for source, target in sources.items()}


def _launcher_text(program: Path, record: list[str]) -> str:
    """The packaged .desktop file, with Exec and TryExec naming the program by its absolute path."""
    template = resources_dir() / "desktop" / DESKTOP_FILE_NAME
    lines = template.read_text(encoding="utf-8").splitlines()
    replacements = {
        "Exec": f"Exec={escape_string_value(quote_exec_argument(str(program)))} %f",
        "TryExec": f"TryExec={escape_string_value(str(program))}",
    }
    if record:
        replacements[CREATED_KEY] = f"{CREATED_KEY}={';'.join(record)};"
    out: list[str] = []
    in_entry = False
    for line in lines:
        if line.startswith("["):
            if in_entry:  # leaving [Desktop Entry]: add the keys the template lacks
                out += replacements.values()
                replacements = {}
            in_entry = line.strip() == "[Desktop Entry]"
        elif in_entry and (key := line.split("=", 1)[0].strip()) in replacements:
            line = replacements.pop(key)
        out.append(line)
    if in_entry:
        out += replacements.values()
    return "\n".join(out) + "\n"


def _recorded_creations(launcher: Path) -> set[str]:
    """What an earlier install created, as paths under home; only paths install could have made."""
    try:
        text = launcher.read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    except (OSError, UnicodeDecodeError) as error:
        log.warning("Cannot read %s, so its folders will be kept: %s", launcher, error)
        return set()
    recorded: set[str] = set()
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == CREATED_KEY:
            recorded.update(part for part in value.strip().split(";") if part)
    return recorded & _possible_creations()


def _possible_creations() -> set[str]:
    """Every folder install may make under the data home, and the MIME cache, as posix paths."""
    folders = {str(MIME_CACHE)}
    targets = [PurePosixPath("applications", DESKTOP_FILE_NAME), *map(_icon_target, (*ICON_SIZES, None))]
    for target in targets:
        folders.update(str(parent) for parent in target.parents if parent != PurePosixPath("."))
    return folders


def _relative(path: Path, home: Path) -> str:
    return PurePosixPath(path.relative_to(home)).as_posix()


def _make_folders(home: Path, folder: Path, created: list[Path]) -> None:
    """Make folder under home, adding each folder made to created as soon as it exists."""
    missing = []
    for parent in [folder, *folder.parents]:
        if parent == home or parent.is_dir():
            break
        missing.append(parent)
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _undo(fresh: list[Path], created: list[Path]) -> None:
    """After a failed install, remove the files and folders this attempt made."""
    for path in reversed(fresh):
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("Could not remove %s after a failed install: %s", path, error)
    for folder in reversed(created):
        try:
            _remove_empty_folder(folder)
        except OSError as error:
            log.warning("Could not remove %s after a failed install: %s", folder, error)


def _remove_empty_folder(folder: Path) -> None:
    """Remove folder if it exists and is empty; a folder with anyone else's files in it stays."""
    try:
        folder.rmdir()
    except FileNotFoundError:
        pass
    except OSError as error:
        if not (folder.is_dir() and any(folder.iterdir())):
            raise
        log.info("Keeping %s: it holds other files (%s)", folder, error.strerror)


def _mime_cache_is_empty(path: Path) -> bool:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    return all(not line.strip() or line.startswith("[") or line.startswith("#") for line in lines)


def _refresh_caches(home: Path) -> None:
    """Tell the desktop about the change with whichever tools are installed; none is required."""
    # The MIME cache is how GIO's "Open with" finds Baca's types, so it is made when missing.
    _run_tool("update-desktop-database", "--quiet", str(home / "applications"))
    # GTK scans the folders when there is no icon cache; make none, only refresh one that exists.
    hicolor = home / "icons" / "hicolor"
    if (hicolor / "icon-theme.cache").is_file():
        _run_tool("gtk-update-icon-cache", "--quiet", "--force", "--ignore-theme-index", str(hicolor))
    _run_tool("xdg-desktop-menu", "forceupdate", "--mode", "user")


def _run_tool(name: str, *arguments: str) -> None:
    """Run a helper if it is installed; log, never raise, when it fails or outlives TOOL_TIMEOUT."""
    program = shutil.which(name)
    if program is None:
        log.debug("%s is not installed; skipped", name)
        return
    # Output goes to a file, not a pipe: a helper's own children holding a pipe open cannot stall us.
    with tempfile.TemporaryFile() as output:
        try:
            process = subprocess.Popen(
                [program, *arguments],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as error:
            log.warning("Could not run %s: %s", name, error)
            return
        try:
            code = process.wait(timeout=TOOL_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            log.warning("%s took longer than %s s and was stopped", name, TOOL_TIMEOUT)
            return
        if code != 0:
            output.seek(0)
            message = output.read(2000).decode(errors="replace").strip()
            log.warning("%s failed (exit %s): %s", name, code, message)
