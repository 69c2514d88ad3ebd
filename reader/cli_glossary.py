"""reader-cli's glossary commands: glossary add|remove|list|import|export."""

import argparse
import sys
from pathlib import Path


def add_commands(commands, common: argparse.ArgumentParser) -> None:
    """Add `glossary` and its commands to reader-cli's parser."""
    from reader.cli import _usage

    glossary = commands.add_parser(
        "glossary", parents=[common], help="your terms for the translation: add, remove, list, import, export (CSV)"
    )
    sub = glossary.add_subparsers(title="glossary commands", metavar="COMMAND")
    add = sub.add_parser(
        "add", parents=[common], help="add or change a term: `add KTT summit`; without a translation it is kept as written"
    )
    add.add_argument("source", metavar="TERM", help="the Indonesian term (a word or a name, matched as whole words)")
    add.add_argument("target", metavar="TRANSLATION", nargs="?", default="", help="what the English says instead")
    add.set_defaults(run=_add)
    remove = sub.add_parser("remove", parents=[common], help="remove a term")
    remove.add_argument("source", metavar="TERM")
    remove.set_defaults(run=_remove)
    listing = sub.add_parser("list", parents=[common], help="list the terms: term, tab, translation")
    listing.set_defaults(run=_list)
    import_ = sub.add_parser(
        "import", parents=[common], help="add the terms of a CSV file (header source,target); one bad row refuses the file"
    )
    import_.add_argument("file", type=Path, metavar="FILE.csv")
    import_.add_argument("--replace", action="store_true", help="the file's terms become the whole glossary")
    import_.set_defaults(run=_import)
    export = sub.add_parser("export", parents=[common], help="write the glossary as CSV (header source,target)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")
    export.set_defaults(run=_export)
    glossary.set_defaults(run=_usage(glossary))


def _store(args: argparse.Namespace):
    from reader.cli import _data_dir, _open_store

    return _open_store(_data_dir(args))


def _add(args: argparse.Namespace) -> int:
    from reader.cli import EXIT_OK
    from reader.core.translate.glossary import glossary_entry

    entry = glossary_entry(args.source, args.target)
    store = _store(args)
    try:
        changed = store.save_glossary_entries([entry])
    finally:
        store.close()
    meaning = "kept as written" if entry.keeps else f"→ {entry.target}"
    print(f"{entry.source} {meaning}" + ("" if changed else " (already in the glossary)"), file=sys.stderr)
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    from reader.cli import EXIT_OK

    store = _store(args)
    try:
        entry = store.remove_glossary_entry(" ".join(args.source.split()))
    finally:
        store.close()
    print(f"Removed {entry.source} from the glossary", file=sys.stderr)
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from reader.cli import EXIT_OK

    store = _store(args)
    try:
        glossary = store.glossary()
    finally:
        store.close()
    if not glossary:
        print("The glossary is empty; add a term with `reader-cli glossary add TERM [TRANSLATION]`.", file=sys.stderr)
    for entry in glossary.entries:
        print(f"{entry.source}\t{entry.target}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from reader.cli import EXIT_OK
    from reader.core.translate.glossary import read_glossary_file
    from reader.core.text.wording import counted

    entries = read_glossary_file(args.file)  # checked whole before anything is written
    store = _store(args)
    try:
        changed = store.save_glossary_entries(entries, only=args.replace)
    finally:
        store.close()
    print(f"Imported {counted(len(entries), 'term')} from {args.file} ({changed} new, changed or removed)", file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from reader.cli import EXIT_OK
    from reader.core.translate.glossary import glossary_csv, write_glossary_file

    store = _store(args)
    try:
        glossary = store.glossary()
    finally:
        store.close()
    if args.output is None:
        sys.stdout.write(glossary_csv(glossary.entries))
        return EXIT_OK
    write_glossary_file(args.output, glossary.entries)
    print(f"Wrote {len(glossary)} terms to {args.output}", file=sys.stderr)
    return EXIT_OK
