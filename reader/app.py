"""Start Baca's window: the one module that knows both the core and the UI."""

import argparse
import gc
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from reader import APP_ID, APP_NAME, __version__
from reader.core.text.wording import counted

log = logging.getLogger("reader")

SELF_CHECK_TIMEOUT = 120.0
# How long second launches may wait for the first post's paint before the window answers them.
FIRST_PAINT_WAIT_MS = 1000


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="reader", description=f"{APP_NAME}: a bilingual reader.")
    parser.add_argument(
        "file", nargs="?", metavar="FILE|URL", help="a post to open (txt, md, html), or an http(s) address to fetch"
    )
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
    desktop.add_argument(
        "--self-check",
        action="store_true",
        help="open the sample post (or FILE) offscreen, translate it with the installed model, print a report "
        "and exit 0 if every paragraph was translated (proves an install or a bundle works)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=SELF_CHECK_TIMEOUT,
        metavar="SECONDS",
        help=f"how long --self-check waits for the translation (default: {SELF_CHECK_TIMEOUT:g})",
    )
    args = parser.parse_args(argv)
    if args.timeout <= 0:
        parser.error("--timeout must be a positive number of seconds")
    return args


def _desktop_entry(install: bool) -> int:
    from reader.core.platform.desktop import install_desktop_entry, uninstall_desktop_entry
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


def _set_window_icon(app) -> None:
    from PySide6.QtGui import QIcon

    from reader.core.platform.resources import icon_files

    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    app.setWindowIcon(icon)


def _after_first_paint(window, *actions):
    """Run `actions` once the window's first post is painted, or could not be opened; returns the runner.

    What the first frame does not show waits for it (decision 0021, start-up).
    """
    ran: list[bool] = []

    def run(*_args) -> None:
        if not ran:
            ran.append(True)
            window.view.document_painted.disconnect(run)
            window.open_failed.disconnect(run)
            for action in actions:
                action()

    window.view.document_painted.connect(run)
    window.open_failed.connect(run)
    return run


def _import_core_first() -> None:
    """Import the Qt-free modules the window needs before PySide6.

    Once imported, PySide6 reads the source of every module imported after it (to look for
    `from __feature__ import ...`): about 0.1 ms a module, a tenth of the start-up for Baca's.
    `_spare_pysides_source_scan` stops that reading where PySide's hook is as it knows it; this
    order keeps the saving elsewhere, and measured no slower with it (BENCHMARKS.md, Window).
    """
    import concurrent.futures  # noqa: F401

    import reader.core.notes.word_bounds  # noqa: F401
    import reader.core.platform.paths  # noqa: F401
    import reader.core.platform.resources  # noqa: F401
    import reader.core.platform.settings  # noqa: F401
    import reader.core.session  # noqa: F401
    import reader.core.store  # noqa: F401
    import reader.core.text.address  # noqa: F401
    import reader.core.text.language  # noqa: F401
    import reader.core.translate.reading  # noqa: F401
    import reader.core.translate.schedule  # noqa: F401
    import reader.core.words.spans  # noqa: F401


def _spare_pysides_source_scan() -> None:
    """Stop PySide6 reading the source of each module imported after it (12 ms of the first paint).

    PySide6 looks for the text "PySide6" in every newly imported module's source, to decide
    whether `from __feature__ import snake_case, true_property` could switch features for it:
    selection 0 (no feature) for a module that uses PySide, -1 (keep the current one) for the
    others. Baca, and what it imports, selects no feature, so the current selection is always 0
    and the two are the same; every module is given 0 without the reading. PySide's private hook,
    so only where it is as described (shiboken6 6.5 to 6.11 at least); otherwise nothing changes.
    """
    try:
        from shibokensupport import feature  # made importable by PySide6's own import
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: True


def build_window(
    data_dir: Path,
    *,
    store_dir: Path | None = None,
    load_translator=None,
    appearance=None,
    settings: dict | None = None,
):
    """Baca's main window over a data folder, wired as the app runs it (tests, scripts, benchmarks too).

    `store_dir` holds the library and the window settings when not `data_dir` (the self-check's
    scratch folder); `settings` are written to the settings file first. The window owns what is
    built for it: close it, then `window.tasks.shutdown()` and `window.store.close()`.
    Raises ReaderError when the library cannot be opened.
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from reader.core.platform.settings import settings_path
    from reader.core.store import open_store
    from reader.core.translate.reading import open_translator
    from reader.ui.appearance import Appearance
    from reader.ui.main_window import MainWindow
    from reader.ui.tasks import TaskRunner

    store_dir = data_dir if store_dir is None else store_dir
    store = open_store(store_dir)
    ini = QSettings(str(settings_path(store_dir)), QSettings.Format.IniFormat)
    for key, value in (settings or {}).items():
        ini.setValue(key, value)
    return MainWindow(
        store=store,
        tasks=TaskRunner(),
        settings=ini,
        load_translator=load_translator or (lambda: open_translator(data_dir)),
        # One per application in the app; a caller building several windows passes its own.
        appearance=appearance or Appearance(QApplication.instance()),
        data_dir=data_dir,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _desktop_entry(install=args.install_desktop_entry)
    # Automatic collection stops here, not when the GUI thread's collector starts (decision 0027,
    # after the QApplication): the imports before it make little garbage, and it ran some fifty
    # times in them (8 ms of the start-up; decision 0021, start-up).
    gc.disable()
    return _start(args)


def _start(args: argparse.Namespace) -> int:
    """The window (or the self-check) for the parsed command line, until it closes."""
    if args.self_check:
        # Before Qt picks its platform plugin: no window appears and no display is needed.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    _import_core_first()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    _spare_pysides_source_scan()

    from reader.core.platform.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    _configure_logging(data_dir)

    # Before the QApplication exists: on X11 the window class (StartupWMClass) comes from the name.
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from reader.ui.collector import keep_collection_on_gui_thread

    keep_collection_on_gui_thread(app)  # worker threads must never destroy a Qt object

    instance = None
    if not args.self_check:
        from reader.core.text.address import is_address
        from reader.ui.single_instance import SingleInstance, WindowNotAnswering, hand_over, server_name

        # One window per data folder: a second launch gives its file to the first and ends.
        name = server_name(data_dir)
        target = args.file
        if target is not None and not is_address(target):
            target = os.path.abspath(target)  # the window runs in another folder
        try:
            handed = hand_over(name, target)
        except WindowNotAnswering as error:
            from reader.ui.errors import show_error

            _set_window_icon(app)
            show_error(None, error)
            return 1
        if handed:
            log.info("handed %s to the Baca window already open on %s", target or "nothing", data_dir)
            return 0
        instance = SingleInstance(name)
        instance.listen(serve=False)  # takes the name; answers once the post is painted (below)

    # Only now the rest: a second launch that hands over its file is done in about a second.
    from reader.core.errors import ReaderError
    from reader.ui.errors import show_error

    # The self-check keeps its library, translation cache and window settings in a scratch
    # folder: the user's own are left as they were, and every sentence goes through the model.
    if args.self_check:
        import tempfile

        scratch = tempfile.TemporaryDirectory(prefix="baca-self-check-")
    else:
        scratch = None
    try:
        window = build_window(data_dir, store_dir=Path(scratch.name) if scratch else None)
    except ReaderError as error:
        if args.self_check:
            print(f"reader: self-check failed: {error}", file=sys.stderr)
            return 1
        _set_window_icon(app)
        show_error(None, error)
        return 1
    store, tasks = window.store, window.tasks
    _log_first_paint(window.view)
    # The window's icon (eight PNG sizes, decoded and sent to the X server when it is set) and the
    # answers to second launches (QtNetwork) are not in the first frame.
    first_painted = _after_first_paint(window, lambda: _set_window_icon(app), *([instance.serve] if instance else []))
    # A post still loading after a second (a slow address): answer second launches anyway.
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, first_painted)
    window.show()
    if args.self_check:
        return _self_check(app, window, tasks, store, scratch, data_dir, args.file, args.timeout)
    if store.notice:
        QTimer.singleShot(0, lambda: show_error(window, ReaderError(store.notice)))
    from reader.ui.single_instance import present

    instance.file_received.connect(lambda target: present(window, target, window.open_initial))
    # The post first; the model loads on its own thread once the post is painted (start() waits).
    QTimer.singleShot(0, lambda: window.open_initial(args.file))
    status = app.exec()
    instance.close()
    tasks.shutdown(wait=False)
    store.close()
    return status


def _self_check(app, window, tasks, store, scratch, data_dir: Path, file: str | None, timeout: float) -> int:
    """Open and translate a post through the real window; report it and return the exit status."""
    from PySide6.QtCore import QTimer

    from reader.core.session import TranslationState
    from reader.ui.errors import error_text

    started = time.monotonic()
    outcome: list[str | None] = []  # one entry: None on success, else the reason

    def finish(reason: str | None) -> None:
        if not outcome:
            outcome.append(reason)
            # exit(), not quit(): quit() closes the window first, which saves its geometry.
            app.exit(0 if reason is None else 1)

    def on_state(state: TranslationState) -> None:
        if state == TranslationState.DONE:
            finish(_untranslated(window))
        elif state == TranslationState.NO_MODEL:
            finish(
                f"no Indonesian → English translation model is installed in {data_dir / 'packages'} "
                "or Argos Translate's packages folder; install one with "
                f"'reader-cli --data-dir {data_dir} models install translate-id_en.argosmodel'"
            )

    window.open_failed.connect(lambda error: finish(error_text(error)[0]))
    window.translation.failed.connect(lambda error: finish(error_text(error)[0]))
    window.translation.state_changed.connect(on_state)
    expired: list[bool] = []  # set when the timeout ends the check

    def on_timeout() -> None:
        if not outcome:
            expired.append(True)
            finish(f"timed out after {timeout:g} s (translation {window.translation.state})")

    QTimer.singleShot(int(timeout * 1000), on_timeout)
    QTimer.singleShot(0, lambda: window.open_initial(file) if file is not None else window.open_sample())
    QTimer.singleShot(0, window.translation.preload)
    app.exec()
    seconds = time.monotonic() - started
    reason = outcome[0] if outcome else "the event loop ended before the translation did"
    if reason is None:
        print(_self_check_report(window, seconds))
    else:
        print(f"reader: self-check failed: {reason}", file=sys.stderr)
    tasks.shutdown(wait=not expired)
    store.close()
    scratch.cleanup()
    if expired:
        # A model call cannot be interrupted, and Python waits for its thread at exit.
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None in a windowed program on Windows
                stream.flush()
        os._exit(1)
    return 0 if reason is None else 1


def _untranslated(window) -> str | None:
    """Why the shown document is not fully translated, or None when every block is."""
    document = window.document
    missing = [
        index
        for index, block in enumerate(document.blocks)
        if (translation := window.session.translation_of(index)) is None or len(translation) != len(block.sentences)
    ]
    if missing:
        verb = "has" if len(missing) == 1 else "have"
        return f"{len(missing)} of {counted(len(document.blocks), 'block')} {verb} no translation (first: block {missing[0]})"
    return None


def _self_check_report(window, seconds: float) -> str:
    """What a passed self-check prints: the post, the counts, the model, the first paragraph."""
    document = window.document
    translator = window.translation.translator
    translated = [window.session.translation_of(index) for index in range(len(document.blocks))]
    first = next(
        (" ".join(sentences) for block, sentences in zip(document.blocks, translated)
         if block.kind == "paragraph" and sentences),
        "",
    )
    lines = [
        "Baca self-check passed",
        f"document:   {document.title} ({document.source})",
        f"blocks:     {len(document.blocks)}, all translated",
        f"sentences:  {sum(len(sentences) for sentences in translated)} translated",
        f"model:      {translator.package.label} at {translator.package.path}",
        f"identity:   {translator.identity}",
        f"seconds:    {seconds:.1f}",
        "first translated paragraph:",
        f"  {first[:400]}{'…' if len(first) > 400 else ''}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
