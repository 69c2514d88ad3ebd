"""reader-cli: Baca's headless commands over the core."""

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from reader import __version__
from reader.cli_notes import add_commands as add_notes_commands
from reader.core.notes.annotations import COLORS
from reader.core.errors import NoTranslationModel, ReaderError
from reader.core.text.wording import counted

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_NO_MODEL = 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_usage(sys.stderr)
        print("reader-cli: error: a command is required", file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except NoTranslationModel as error:
        print(f"reader-cli: {error}", file=sys.stderr)
        return EXIT_NO_MODEL
    except ReaderError as error:
        print(f"reader-cli: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("reader-cli: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output (head, less) went away: not an error of ours.
        sys.stderr.close()
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    # --data-dir is accepted before and after the command; the later one wins.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="Baca's data folder (default: $BACA_DATA_DIR, else the platform's data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="reader-cli",
        description="Baca: read Indonesian posts beside an offline English translation.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    translate = commands.add_parser(
        "translate",
        parents=[common],
        help="translate a post (text, Markdown or saved HTML), or the page at an http(s) address",
    )
    translate.add_argument("file", metavar="FILE|URL")
    translate.add_argument("--format", choices=("text", "json"), default="text")
    translate.set_defaults(run=_translate)

    models = commands.add_parser("models", parents=[common], help="list or install translation models")
    model_commands = models.add_subparsers(title="model commands", metavar="COMMAND")
    listing = model_commands.add_parser("list", parents=[common], help="list installed models")
    listing.set_defaults(run=_models_list)
    install = model_commands.add_parser(
        "install", parents=[common], help="install a model from an .argosmodel file"
    )
    install.add_argument("file", type=Path, metavar="FILE.argosmodel")
    install.set_defaults(run=_models_install)
    index_help = "the package index's base URL (default: $ARGOS_PACKAGE_INDEX, else the setting, else Argos's)"
    available = model_commands.add_parser(
        "available", parents=[common], help="list the models in the Argos package index"
    )
    available.add_argument("--index", metavar="URL", help=index_help)
    available.set_defaults(run=_models_available)
    download = model_commands.add_parser(
        "download", parents=[common], help="download a model from the Argos package index and install it"
    )
    download.add_argument(
        "package", metavar="CODE|FROM_TO", help="the index's code (translate-id_en) or a language pair (id_en)"
    )
    download.add_argument("--index", metavar="URL", help=index_help)
    download.add_argument("--reinstall", action="store_true", help="download it even if it is installed")
    download.set_defaults(run=_models_download)
    remove = model_commands.add_parser("remove", parents=[common], help="remove an installed model")
    remove.add_argument("package", metavar="CODE|FROM_TO|PATH", help="a code, a language pair (id_en) or a folder")
    remove.set_defaults(run=_models_remove)
    models.set_defaults(run=_usage(models))

    export = commands.add_parser(
        "export", parents=[common], help="export notes as Markdown, CSV, W3C annotation JSON or HTML"
    )
    export.add_argument(
        "--format",
        choices=("md", "csv", "json", "html"),
        required=True,
        help="Markdown, CSV, W3C Web Annotation JSON (imports back), or a bilingual HTML page",
    )
    which = export.add_mutually_exclusive_group()
    which.add_argument("--document", metavar="ID", help="one document, by id or a unique start of it")
    which.add_argument("--all", action="store_true", help="every document's notes (the default)")
    export.add_argument("--color", choices=COLORS, help="only highlights of this colour")
    export.add_argument("--tag", help="only annotations with this tag")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")
    export.set_defaults(run=_export)

    import_ = commands.add_parser(
        "import", parents=[common], help="import notes from W3C annotation JSON (Baca's own or another tool's)"
    )
    import_.add_argument("file", type=Path, metavar="FILE.json", help="annotations for documents in the library")
    import_.set_defaults(run=_import)
    add_notes_commands(commands, common, lambda args: _open_store(_data_dir(args)))

    from reader.cli_words import add_commands

    add_commands(commands, common)  # dict, lookup, vocab
    from reader.cli_glossary import add_commands as add_glossary_commands

    add_glossary_commands(commands, common)
    return parser


def _usage(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: a command is required", file=sys.stderr)
        return EXIT_USAGE

    return run


def _data_dir(args: argparse.Namespace) -> Path:
    from reader.core.platform.paths import resolve_data_dir

    return resolve_data_dir(getattr(args, "data_dir", None))


def _open_store(data_dir: Path):
    """The store, after telling the user if a damaged database had to be moved aside."""
    from reader.core.store import open_store

    store = open_store(data_dir)
    if store.notice:
        print(f"reader-cli: {store.notice}", file=sys.stderr)
    return store


def _progress(done: int, total: int, what: str) -> None:
    if sys.stderr.isatty():
        print(f"\rTranslating {done}/{total} {what}", end="" if done < total else "\n", file=sys.stderr)
    elif done == total:
        print(f"Translated {total} {what}", file=sys.stderr)


def _translate(args: argparse.Namespace) -> int:
    from reader.core.text.document import load_document
    from reader.core.errors import TranslationFailed
    from reader.core.session import open_session
    from reader.core.translate.packages import find_package
    from reader.core.translate.confidence import read_doubt_threshold
    from reader.core.translate.reading import identity_memo, open_translator, translate_document, translation_scores
    from reader.core.translate.translation import Translator
    from reader.core.text.web import is_address

    data_dir = _data_dir(args)
    address = args.file if is_address(args.file) else None
    document = load_document(Path(args.file)) if address is None else None
    store = _open_store(data_dir)
    try:
        # Recorded before the model is looked for: the library knows the post even without one.
        if address is not None:
            document = _fetch_and_keep(store, address)
        else:
            store.record_document(document)
        package = find_package(data_dir, "id", "en")
        glossary = store.glossary()
        # The model loads only when a sentence is not in the cache.
        translator = Translator(package, memo=identity_memo(data_dir))
        try:
            translations = translate_document(document, translator, store, progress=_progress, glossary=glossary)
        except TranslationFailed:
            # A package that cannot load gives way to the next best one (open_translator warns).
            fallback = open_translator(data_dir)
            if fallback.package.path == package.path:
                raise
            translator = fallback
            translations = translate_document(document, translator, store, progress=_progress, glossary=glossary)
        # The reader's corrections over the machine's text, as the window shows them.
        session = open_session(store, document, dict(enumerate(translations)))
        if args.format == "json":
            machine = {
                s.text: t for block, ts in zip(document.blocks, translations) for s, t in zip(block.sentences, ts)
            }
            session.add_scores(translation_scores(translator, store, machine, glossary))
    finally:
        store.close()

    if args.format == "json":
        output = _document_json(session, translator.identity, read_doubt_threshold(data_dir))
        json.dump(output, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for index, block in enumerate(document.blocks):
            sys.stdout.write(f"{block.text}\n{' '.join(session.translation_of(index))}\n\n")
    return EXIT_OK


def _fetch_and_keep(store, address: str):
    """Fetch and keep the page at a web address; without a network, the copy kept from it. Its document."""
    from reader.core.text.web import normalise_address
    from reader.core.text.web_pages import KeptCopy, fetch_or_kept, with_earlier_id

    print(f"Fetching {address}", file=sys.stderr)
    found = fetch_or_kept(address, store.kept_for_address(normalise_address(address)))
    if isinstance(found, KeptCopy):
        print(f"reader-cli: {found.reason}", file=sys.stderr)
        store.record_document(found.document)
        return found.document
    print(f"Fetched {found.page.url} ({len(found.page.body):,} bytes)", file=sys.stderr)
    # Under the id of an earlier fetch of the same address, so its notes follow.
    fetched = with_earlier_id(store, found)
    store.keep_page(fetched.document, fetched.page)
    return fetched.document


def _document_json(session, model: str, threshold: float) -> dict:
    """The post and, per sentence, the translation shown (the reader's, if edited), the machine's and the
    state; the model's confidence and doubtful words (code-point spans in `translation`) where the text
    shown is the machine's (null and none for the reader's own)."""
    document = session.document

    def sentences(index: int, block) -> list[dict]:
        shown, machine = session.translation_of(index), session.machine_of(index)
        scores = session.sentence_scores(index)
        return [
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "translation": shown[number],
                "machine_translation": machine[number],
                "state": session.state_of((index, number)),
                "confidence": round(scores[number].confidence, 4) if scores[number] else None,
                "doubtful": [list(span) for span in scores[number].doubtful(threshold)] if scores[number] else [],
            }
            for number, s in enumerate(block.sentences)
        ]

    return {
        "id": document.id,
        "content_id": document.content_id,
        "title": document.title,
        "date": document.date.isoformat() if document.date else None,
        "model": model,
        "blocks": [
            {
                "kind": block.kind,
                "text": block.text,
                "translation": " ".join(session.translation_of(index)),
                "sentences": sentences(index, block),
            }
            for index, block in enumerate(document.blocks)
        ],
    }


def _models_list(args: argparse.Namespace) -> int:
    from reader.core.translate.packages import installed_packages

    packages = installed_packages(_data_dir(args))
    if not packages:
        print("No translation models installed.", file=sys.stderr)
        return EXIT_OK
    for package in packages:
        where = "" if package.writable else "  (Argos folder, read-only)"
        print(f"{package.from_code}->{package.to_code}\t{package.version}\t{package.path}{where}")
    return EXIT_OK


def _models_install(args: argparse.Namespace) -> int:
    from reader.core.translate.packages import install_package_file

    package = install_package_file(args.file, _data_dir(args))
    print(
        f"Installed {package.from_name} -> {package.to_name} {package.version} in {package.path}",
        file=sys.stderr,
    )
    return EXIT_OK


def _models_available(args: argparse.Namespace) -> int:
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


def _models_download(args: argparse.Namespace) -> int:
    from reader.core.translate.downloads import download_package
    from reader.core.translate.package_index import choose, install_state, refresh_index
    from reader.core.translate.packages import installed_packages

    data_dir = _data_dir(args)
    index = refresh_index(data_dir, args.index)
    package = choose(index.packages, args.package)
    name = f"{package.from_name} -> {package.to_name} {package.version}"
    installed = installed_packages(data_dir)
    if not args.reinstall and install_state(package, installed) == "installed":
        print(f"{name} (or a newer version) is already installed; --reinstall downloads it again.", file=sys.stderr)
        return EXIT_OK
    print(f"Downloading {package.code} {package.version} ({name}) from {package.links[0]}", file=sys.stderr)
    bar = _DownloadBar(sys.stderr)
    try:
        result = download_package(package, data_dir, progress=bar.update)
    finally:
        bar.finish()
    print(f"Installed {name} in {result.path}", file=sys.stderr)
    return EXIT_OK


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


def _models_remove(args: argparse.Namespace) -> int:
    from reader.core.translate.package_index import select_installed
    from reader.core.translate.packages import installed_packages, remove_package

    package = select_installed(installed_packages(_data_dir(args)), args.package)
    remove_package(package)
    print(f"Removed {package.from_name} -> {package.to_name} {package.version} from {package.path}", file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from reader.core.notes.export import collect_notes, export_notes, write_atomically
    from reader.core.translate.reading import model_names

    data_dir = _data_dir(args)
    names = model_names(data_dir) if args.format == "html" else {}
    store = _open_store(data_dir)
    try:
        groups = collect_notes(store, args.document, color=args.color, tag=args.tag, model_names=names)
    finally:
        store.close()
    text = export_notes(groups, args.format)
    count = sum(len(group.annotations) for group in groups)
    # No matching notes is an answer, not an error: exit 0 with an empty but valid file.
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))  # bytes: CSV keeps its CRLF on every platform
        sys.stdout.buffer.flush()
        if not count:
            print("reader-cli: no annotations to export", file=sys.stderr)
        return EXIT_OK
    write_atomically(args.output, text)
    print(
        f"Exported {counted(count, 'annotation')} from {counted(len(groups), 'document')} to {args.output}",
        file=sys.stderr,
    )
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from reader.core.notes.importer import import_notes

    store = _open_store(_data_dir(args))
    try:
        report = import_notes(store, args.file)
    finally:
        store.close()
    for line in report.summary():
        print(line, file=sys.stderr)
    if report.imported_nothing:
        print(f"reader-cli: nothing in {str(args.file)!r} could be imported", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
