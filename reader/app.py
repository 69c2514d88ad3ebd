"""Start Baca's window: the one module that knows both the core and the UI."""

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from reader import APP_ID, APP_NAME, __version__

log = logging.getLogger("reader")


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="reader", description=f"{APP_NAME}: a bilingual reader.")
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a post to open (txt, md, html)")
    parser.add_argument("--data-dir", type=Path, help="Baca's data folder (default: $BACA_DATA_DIR, else the platform's)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Baca to your applications menu and to 'Open with' for text, HTML and Markdown files",
    )
    desktop.add_argument(
        "--uninstall-desktop-entry", action="store_true", help="take Baca out of your applications menu again"
    )
    return parser.parse_args(argv)


def _desktop_entry(install: bool) -> int:
    from reader.core.desktop import install_desktop_entry, uninstall_desktop_entry
    from reader.core.errors import ReaderError

    try:
        paths = install_desktop_entry() if install else uninstall_desktop_entry()
    except ReaderError as error:
        print(f"reader: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    verb = "Added Baca to" if install else "Removed Baca from"
    print(f"{verb} your applications menu.", file=sys.stderr)
    return 0


def _configure_logging(data_dir: Path) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    try:
        handlers.append(logging.FileHandler(data_dir / "baca.log", encoding="utf-8"))
    except OSError as error:
        print(f"reader: cannot write the log file in {data_dir}: {error}", file=sys.stderr)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=handlers
    )


def process_age() -> float | None:
    """Seconds since this process started (Linux, to the clock tick), else None."""
    try:
        fields = Path("/proc/self/stat").read_text().rpartition(")")[2].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22, starttime
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _log_first_paint(view) -> None:
    """Log once how long the start took, up to the first paint of a document (benchmarks read it)."""

    def painted(document) -> None:
        view.document_painted.disconnect(painted)
        age = process_age()
        since = f"{age:.3f} s after the process started" if age is not None else "at start-up"
        log.info("first paint: showed %r %s", document.title, since)

    view.document_painted.connect(painted)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _desktop_entry(install=args.install_desktop_entry)

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from reader.core.desktop import icon_files

    from reader.core.errors import ReaderError
    from reader.core.paths import resolve_data_dir
    from reader.core.reading import open_translator
    from reader.core.store import open_store
    from reader.ui.appearance import Appearance
    from reader.ui.errors import show_error
    from reader.ui.main_window import MainWindow
    from reader.ui.tasks import TaskRunner

    data_dir = resolve_data_dir(args.data_dir)
    _configure_logging(data_dir)

    # Before the QApplication exists: on X11 the window class (StartupWMClass) comes from the name.
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    app.setWindowIcon(icon)

    try:
        store = open_store(data_dir)
    except ReaderError as error:
        show_error(None, error)
        return 1

    tasks = TaskRunner()
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        store=store,
        tasks=tasks,
        settings=settings,
        load_translator=lambda: open_translator(data_dir),
        appearance=Appearance(app),
    )
    _log_first_paint(window.view)
    window.show()
    if store.notice:
        QTimer.singleShot(0, lambda: show_error(window, ReaderError(store.notice)))
    # After the first paint: the post first, the model meanwhile on its own thread.
    QTimer.singleShot(0, lambda: window.open_initial(args.file))
    QTimer.singleShot(0, window.translation.preload)
    status = app.exec()
    tasks.shutdown(wait=False)
    store.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
