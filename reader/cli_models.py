"""reader-cli's model commands: models list|install|available|download|remove."""

import argparse
import sys
import time
from pathlib import Path

from reader.cli_common import EXIT_OK, Commands, done
from reader.core.text.wording import counted


def add_commands(commands: Commands) -> None:
    """Add `models` and its commands to reader-cli's parser."""
    models = commands.group("models", help="list or install translation models", title="model commands")
    models.add("list", _list, help="list installed models")
    install = models.add("install", _install, help="install a model from an .argosmodel file")
    install.add_argument("file", type=Path, metavar="FILE.argosmodel")
    index_help = "the package index's base URL (default: $ARGOS_PACKAGE_INDEX, else the setting, else Argos's)"
    available = models.add("available", _available, help="list the models in the Argos package index")
    available.add_argument("--index", metavar="URL", help=index_help)
    download = models.add("download", _download, help="download a model from the Argos package index and install it")
    download.add_argument(
        "package", metavar="CODE|FROM_TO", help="the index's code (translate-id_en) or a language pair (id_en)"
    )
    download.add_argument("--index", metavar="URL", help=index_help)
    download.add_argument("--reinstall", action="store_true", help="download it even if it is installed")
    remove = models.add("remove", _remove, help="remove an installed model")
    remove.add_argument("package", metavar="CODE|FROM_TO|PATH", help="a code, a language pair (id_en) or a folder")


def _list(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir
    from reader.core.translate.packages import installed_packages

    packages = installed_packages(_data_dir(args))
    if not packages:
        return done("No translation models installed.")
    for package in packages:
        where = "" if package.writable else "  (Argos folder, read-only)"
        print(f"{package.from_code}->{package.to_code}\t{package.version}\t{package.path}{where}")
    return EXIT_OK


def _install(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir
    from reader.core.translate.packages import install_package_file

    package = install_package_file(args.file, _data_dir(args))
    return done(f"Installed {package.from_name} -> {package.to_name} {package.version} in {package.path}")


def _available(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir
    from reader.core.translate.package_index import install_state, refresh_index
    from reader.core.translate.packages import installed_packages

    data_dir = _data_dir(args)
    index = refresh_index(data_dir, args.index)
    installed = installed_packages(data_dir)
    print(f"{counted(len(index.packages), 'model')} in {index.url}", file=sys.stderr)
    for package in index.packages:
        state = install_state(package, installed) or "available"
        pair = f"{package.from_code}->{package.to_code}"
        names = f"{package.from_name} -> {package.to_name}"
        print(f"{package.code}\t{pair}\t{package.version}\t{state}\t{names}")
    return EXIT_OK


def _download(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir
    from reader.core.translate.downloads import download_package
    from reader.core.translate.package_index import choose, install_state, refresh_index
    from reader.core.translate.packages import installed_packages

    data_dir = _data_dir(args)
    index = refresh_index(data_dir, args.index)
    package = choose(index.packages, args.package)
    name = f"{package.from_name} -> {package.to_name} {package.version}"
    installed = installed_packages(data_dir)
    if not args.reinstall and install_state(package, installed) == "installed":
        return done(f"{name} (or a newer version) is already installed; --reinstall downloads it again.")
    print(f"Downloading {package.code} {package.version} ({name}) from {package.links[0]}", file=sys.stderr)
    bar = _DownloadBar(sys.stderr)
    try:
        result = download_package(package, data_dir, progress=bar.update)
    finally:
        bar.finish()
    return done(f"Installed {name} in {result.path}")


def _remove(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir
    from reader.core.translate.package_index import select_installed
    from reader.core.translate.packages import installed_packages, remove_package

    package = select_installed(installed_packages(_data_dir(args)), args.package)
    remove_package(package)
    return done(f"Removed {package.from_name} -> {package.to_name} {package.version} from {package.path}")


class _DownloadBar:
    """A text progress bar: redrawn in place on a terminal, a line per quarter otherwise."""

    WIDTH = 30

    def __init__(self, stream):
        self._stream = stream
        self._tty = stream.isatty()
        self._drawn_at = 0.0
        self._step = 0
        self._text = ""
        self._shown = ""

    def update(self, done: int, total: int | None) -> None:
        from reader.core.translate.transfer import format_bytes

        if total:
            fraction = min(done / total, 1.0)
            filled = round(fraction * self.WIDTH)
            self._text = (
                f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {fraction:4.0%}  "
                f"{format_bytes(done)} of {format_bytes(total)}"
            )
            step = int(fraction * 4)  # a line at each quarter
        else:
            self._text = f"{format_bytes(done)} downloaded"
            step = done // (10 * 1000**2)  # a line every 10 MB
        if self._tty:
            now = time.monotonic()
            # A redraw per chunk would be hundreds a second; ten is enough to look alive.
            if now - self._drawn_at >= 0.1 or (total and done >= total):
                self._drawn_at = now
                self._show("\r" + self._text)
        elif step > self._step:
            self._step = step
            self._show(self._text + "\n")

    def finish(self) -> None:
        """End the bar's line; the last figures are shown even if no redraw was due."""
        if not self._text:
            return
        if self._tty:
            self._show("\r" + self._text + "\n")
        elif not self._shown.startswith(self._text):
            self._show(self._text + "\n")

    def _show(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()
        self._shown = text.lstrip("\r")
