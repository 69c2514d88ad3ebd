"""Start Baca's window: the one module that knows both the core and the UI."""

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import APP_ID, APP_NAME, __version__

log = logging.getLogger("reader")


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="reader", description=f"{APP_NAME}: a bilingual reader.")
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a post to open (txt, md, html)")
    parser.add_argument("--data-dir", type=Path, help="Baca's data folder (default: $BACA_DATA_DIR, else the platform's)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def _configure_logging(data_dir: Path) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    try:
        handlers.append(logging.FileHandler(data_dir / "baca.log", encoding="utf-8"))
    except OSError as error:
        print(f"reader: cannot write the log file in {data_dir}: {error}", file=sys.stderr)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=handlers
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.core.errors import ReaderError
    from reader.core.paths import resolve_data_dir
    from reader.core.reading import open_translator
    from reader.core.store import open_store
    from reader.ui.errors import show_error
    from reader.ui.main_window import MainWindow
    from reader.ui.tasks import TaskRunner

    data_dir = resolve_data_dir(args.data_dir)
    _configure_logging(data_dir)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)

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
    )
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
