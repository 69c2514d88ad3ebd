"""reader-cli's word commands: dict install|list|remove, lookup, vocab list|export|add|remove."""

import argparse
import json
import sys
from contextlib import closing
from pathlib import Path

from reader.cli_common import EXIT_OK, EXIT_REFUSED, Commands, done
from reader.core.words.vocabulary import FORMATS
from reader.core.text.wording import counted


def add_commands(commands: Commands) -> None:
    """Add the dictionary, lookup and vocabulary commands to reader-cli's parser."""
    dictionaries = commands.group(
        "dict", help="install, list or remove StarDict dictionaries", title="dictionary commands"
    )
    install = dictionaries.add(
        "install", _dict_install, help="check, then install dictionaries (.ifo and companions, a folder, .zip, .tar.gz)"
    )
    install.add_argument("sources", type=Path, nargs="+", metavar="FILE|FOLDER|ARCHIVE")
    dictionaries.add("list", _dict_list, help="list the dictionaries Baca reads")
    remove = dictionaries.add("remove", _dict_remove, help="remove a dictionary Baca installed")
    remove.add_argument("name", metavar="NAME", help="its name or its folder's name, as `dict list` shows them")

    lookup = commands.add("lookup", _lookup, help="look a word up: as written, in lower case and by its root")
    lookup.add_argument("word", metavar="WORD")
    lookup.add_argument("--format", choices=("text", "json"), default="text")

    vocab = commands.group(
        "vocab", help="the vocabulary list: list, export, add, remove", title="vocabulary commands"
    )
    listing = vocab.add("list", _vocab_list, help="the words kept, the newest first")
    listing.add_argument("--document", metavar="ID", help="only words from one post (an id or a unique start of it)")
    export = vocab.add(
        "export", _vocab_export, help="export for Anki (TSV or CSV: front, back, context, tags), as Markdown or CSV"
    )
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--document", metavar="ID", help="only words from one post")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")
    add = vocab.add("add", _vocab_add, help="keep a word (its root is found for you)")
    add.add_argument("word", metavar="WORD")
    add.add_argument("--meaning", default="", help="the meaning to learn (default: the first dictionary entry)")
    add.add_argument("--note", default="")
    add.add_argument("--sentence", default="", help="the sentence it was read in")
    add.add_argument("--translation", default="", help="that sentence's translation")
    add.add_argument("--document", metavar="ID", help="the post it was read in")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeat for several)")
    forget = vocab.add("remove", _vocab_remove, help="remove a word by its number (`vocab list`)")
    forget.add_argument("number", type=int, metavar="NUMBER")


def _dict_install(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir
    from reader.core.text.wording import counted
    from reader.core.words.dictionaries import install_dictionaries

    for dictionary in install_dictionaries(args.sources, _data_dir(args)):
        print(f"Installed {dictionary.name} ({counted(dictionary.word_count, 'word')}) in {dictionary.ifo.parent}", file=sys.stderr)
    return EXIT_OK


def _dict_list(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir
    from reader.core.words.dictionaries import installed_dictionaries

    dictionaries = installed_dictionaries(_data_dir(args))
    if not dictionaries:
        print("No dictionaries installed.", file=sys.stderr)
    for dictionary in dictionaries:
        where = "" if dictionary.writable else "  (shared folder, read-only)"
        print(f"{dictionary.key}\t{dictionary.word_count}\t{dictionary.name}\t{dictionary.ifo}{where}")
    return EXIT_OK


def _dict_remove(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir
    from reader.core.words.dictionaries import installed_dictionaries, remove_dictionary, select_installed

    dictionary = select_installed(installed_dictionaries(_data_dir(args)), args.name)
    remove_dictionary(dictionary)
    return done(f"Removed {dictionary.name} from {dictionary.ifo.parent}")


def _lookup(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir
    from reader.core.words.lookup import Lookup

    with closing(Lookup.open(_data_dir(args))) as lookup:
        result = lookup.lookup(args.word)
    if args.format == "json":
        matches = [
            {
                "form": match.form,
                "dictionary": match.entry.dictionary,
                "headword": match.entry.headword,
                "definition": match.entry.text,
            }
            for match in result.matches
        ]
        json.dump({"word": result.word, "root": result.root, "entries": matches}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for match in result.matches:
            via = f" (root of {result.word})" if match.form == "root" else ""
            print(f"{match.entry.headword}{via} — {match.entry.dictionary}")
            for line in match.entry.text.splitlines():
                print(f"    {line}")
    if not lookup.dictionaries:
        print("reader-cli: no dictionaries installed; add one with `reader-cli dict install FILE`", file=sys.stderr)
        return EXIT_REFUSED
    if not result.word:
        print(f"reader-cli: {args.word!r} holds no word to look up", file=sys.stderr)
        return EXIT_REFUSED
    if not result.found:
        count = len(lookup.dictionaries)
        where = f"the dictionary ({lookup.dictionaries[0].name})" if count == 1 else f"any of the {count} dictionaries"
        what = f"Neither {result.word!r} nor its root {result.root!r} is" if result.root else f"{result.word!r} is not"
        print(f"reader-cli: {what} in {where}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def _document_id(store, id_or_prefix: str | None) -> str | None:
    if not id_or_prefix:
        return None
    from reader.core.notes.export import find_document

    return find_document(store, id_or_prefix).id


def _vocab_list(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir, _open_store

    with closing(_open_store(_data_dir(args))) as store:
        items = store.vocabulary(_document_id(store, args.document))
    if not items:
        print("The vocabulary list is empty.", file=sys.stderr)
    for item in items:
        meaning = " ".join(item.meaning.split())
        print(f"{item.id}\t{item.word}\t{item.root}\t{meaning}\t{item.post_title}")
    return EXIT_OK


def _vocab_export(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir, _open_store
    from reader.core.notes.export import write_atomically  # (a write that fails is ExportFailed)
    from reader.core.words.vocabulary import export_vocabulary

    with closing(_open_store(_data_dir(args))) as store:
        items = store.vocabulary(_document_id(store, args.document))
    text = export_vocabulary(items, args.format)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        write_atomically(args.output, text)
        print(f"Exported {counted(len(items), 'word')} to {args.output}", file=sys.stderr)
    return EXIT_OK


def _vocab_add(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir, _open_store
    from reader.core.words.lookup import Lookup
    from reader.core.words.vocabulary import add_word

    data_dir = _data_dir(args)
    with closing(Lookup.open(data_dir)) as lookup:
        result = lookup.lookup(args.word)
    first = result.matches[0].entry if result.matches else None
    meaning = args.meaning or (first.text if first else "")
    with closing(_open_store(data_dir)) as store:
        item = add_word(
            store,
            result.word or args.word,
            root=result.root or "",
            meaning=meaning,
            dictionary=first.dictionary if first and not args.meaning else "",
            note=args.note,
            sentence=args.sentence,
            translation=args.translation,
            document_id=_document_id(store, args.document),
            tags=args.tag,
        )
    return done(f"Kept {item.word} as number {item.id}")


def _vocab_remove(args: argparse.Namespace) -> int:
    from reader.cli import _data_dir, _open_store
    from reader.core.words.vocabulary import remove_word

    with closing(_open_store(_data_dir(args))) as store:
        remove_word(store, args.number)
    return done(f"Removed word number {args.number}")
