"""reader-cli's glossary commands: glossary add|remove|list|import|export."""

import argparse
import sys
from contextlib import closing
from pathlib import Path

from reader.cli_common import EXIT_OK, Commands, done


def add_commands(commands: Commands) -> None:
    """Add `glossary` and its commands to reader-cli's parser."""
    glossary = commands.group(
        "glossary",
        help="your terms for the translation: add, remove, list, import, export (CSV)",
        title="glossary commands",
    )
    add = glossary.add(
        "add", _add, help="add or change a term: `add KTT summit`; without a translation it is kept as written"
    )
    add.add_argument("source", metavar="TERM", help="the Indonesian term (a word or a name, matched as whole words)")
    add.add_argument("target", metavar="TRANSLATION", nargs="?", default="", help="what the English says instead")
    remove = glossary.add("remove", _remove, help="remove a term")
    remove.add_argument("source", metavar="TERM")
    glossary.add("list", _list, help="list the terms: term, tab, translation")
    import_ = glossary.add(
        "import", _import, help="add the terms of a CSV file (header source,target); one bad row refuses the file"
    )
    import_.add_argument("file", type=Path, metavar="FILE.csv")
    import_.add_argument("--replace", action="store_true", help="the file's terms become the whole glossary")
    export = glossary.add("export", _export, help="write the glossary as CSV (header source,target)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")


def _store(args: argparse.Namespace):
    from reader.cli import _data_dir, _open_store

    return _open_store(_data_dir(args))


def _saved_glossary(args: argparse.Namespace):
    with closing(_store(args)) as store:
        return store.glossary()


def _add(args: argparse.Namespace) -> int:
    from reader.core.translate.glossary import glossary_entry

    entry = glossary_entry(args.source, args.target)
    with closing(_store(args)) as store:
        changed = store.save_glossary_entries([entry])
    meaning = "kept as written" if entry.keeps else f"→ {entry.target}"
    return done(f"{entry.source} {meaning}" + ("" if changed else " (already in the glossary)"))


def _remove(args: argparse.Namespace) -> int:
    with closing(_store(args)) as store:
        entry = store.remove_glossary_entry(" ".join(args.source.split()))
    return done(f"Removed {entry.source} from the glossary")


def _list(args: argparse.Namespace) -> int:
    glossary = _saved_glossary(args)
    if not glossary:
        print("The glossary is empty; add a term with `reader-cli glossary add TERM [TRANSLATION]`.", file=sys.stderr)
    for entry in glossary.entries:
        print(f"{entry.source}\t{entry.target}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from reader.core.translate.glossary import read_glossary_file
    from reader.core.text.wording import counted

    entries = read_glossary_file(args.file)  # checked whole before anything is written
    with closing(_store(args)) as store:
        changed = store.save_glossary_entries(entries, only=args.replace)
    return done(f"Imported {counted(len(entries), 'term')} from {args.file} ({changed:,} new, changed or removed)")


def _export(args: argparse.Namespace) -> int:
    from reader.core.text.wording import counted
    from reader.core.translate.glossary import glossary_csv, write_glossary_file

    glossary = _saved_glossary(args)
    if args.output is None:
        sys.stdout.write(glossary_csv(glossary.entries))
        return EXIT_OK
    write_glossary_file(args.output, glossary.entries)
    return done(f"Wrote {counted(len(glossary), 'term')} to {args.output}")
