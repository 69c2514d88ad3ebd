"""reader-cli: Baca's headless commands over the core."""

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from reader import __version__
from reader.cli_common import EXIT_NO_MODEL, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Commands, done
from reader.cli_models import add_commands as add_model_commands
from reader.cli_notes import add_commands as add_notes_commands
from reader.core.notes.annotations import COLORS
from reader.core.errors import NoTranslationModel, ReaderError
from reader.core.text.wording import counted


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
    commands = Commands(parser, common)

    translate = commands.add(
        "translate",
        _translate,
        help="translate a post (text, Markdown or saved HTML), or the page at an http(s) address",
    )
    translate.add_argument("file", metavar="FILE|URL")
    translate.add_argument("--format", choices=("text", "json"), default="text")
    add_model_commands(commands)

    export = commands.add("export", _export, help="export notes as Markdown, CSV, W3C annotation JSON or HTML")
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

    import_ = commands.add(
        "import", _import, help="import notes from W3C annotation JSON (Baca's own or another tool's)"
    )
    import_.add_argument("file", type=Path, metavar="FILE.json", help="annotations for documents in the library")
    add_notes_commands(commands, lambda args: _open_store(_data_dir(args)))

    from reader.cli_words import add_commands

    add_commands(commands)  # dict, lookup, vocab
    from reader.cli_glossary import add_commands as add_glossary_commands

    add_glossary_commands(commands)
    return parser


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
    from reader.core.translate.reading import (
        identity_memo,
        open_translator,
        title_sentences,
        translate_document,
        translate_title,
        translation_scores,
    )
    from reader.core.translate.translation import Translator
    from reader.core.text.web import is_address

    data_dir = _data_dir(args)
    address = args.file if is_address(args.file) else None
    document = load_document(Path(args.file)) if address is None else None
    with closing(_open_store(data_dir)) as store:
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
        title = translate_title(document, translator, store, glossary)
        # The reader's corrections over the machine's text, as the window shows them.
        session = open_session(store, document, dict(enumerate(translations)))
        if args.format == "json":
            machine = {
                s.text: t for block, ts in zip(document.blocks, translations) for s, t in zip(block.sentences, ts)
            }
            machine.update(zip(title_sentences(document), title))
            scores = translation_scores(translator, store, machine, glossary)
            session.add_scores(scores)

    if args.format == "json":
        output = _document_json(session, translator.identity, read_doubt_threshold(data_dir))
        output["title_translation"] = " ".join(title)
        output["title_sentences"] = _title_json(document, title, scores, read_doubt_threshold(data_dir))
        json.dump(output, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        # The headline first, as the window shows it above the post.
        sys.stdout.write(f"{document.title}\n{' '.join(title)}\n\n")
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


def _title_json(document, title: list[str], scores: dict, threshold: float) -> list[dict]:
    """The title's sentences as `_document_json` gives a block's (a title has no corrections)."""
    from reader.core.text.sentences import split_sentences

    found = []
    for sentence, translation in zip(split_sentences(document.title), title):
        score = scores.get(sentence.text)
        score = score if score is not None and score.text == translation else None
        found.append(
            {
                "start": sentence.start,
                "end": sentence.end,
                "text": sentence.text,
                "translation": translation,
                "machine_translation": translation,
                "state": "machine",
                "confidence": round(score.confidence, 4) if score else None,
                "doubtful": [list(span) for span in score.doubtful(threshold)] if score else [],
            }
        )
    return found


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


def _export(args: argparse.Namespace) -> int:
    from reader.core.notes.export import collect_notes, export_notes, write_atomically
    from reader.core.translate.reading import model_names

    data_dir = _data_dir(args)
    names = model_names(data_dir) if args.format == "html" else {}
    with closing(_open_store(data_dir)) as store:
        groups = collect_notes(store, args.document, color=args.color, tag=args.tag, model_names=names)
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
    return done(f"Exported {counted(count, 'annotation')} from {counted(len(groups), 'document')} to {args.output}")


def _import(args: argparse.Namespace) -> int:
    from reader.core.notes.importer import import_notes

    with closing(_open_store(_data_dir(args))) as store:
        report = import_notes(store, args.file)
    for line in report.summary():
        print(line, file=sys.stderr)
    if report.imported_nothing:
        print(f"reader-cli: nothing in {str(args.file)!r} could be imported", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
