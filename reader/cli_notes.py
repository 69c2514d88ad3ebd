"""reader-cli library and reader-cli search: the posts read, and the notes search of the notes panel."""

import argparse
import json
import re
import sys
from collections.abc import Callable
from contextlib import closing

from reader.cli_common import EXIT_OK, Commands
from reader.core.text.wording import counted

# Printed text comes from posts and notes: control characters (a terminal's escape sequences
# among them) are shown as \x1b and the like, never sent to the terminal as they are.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f]")


def add_commands(commands: Commands, open_store: Callable[[argparse.Namespace], object]) -> None:
    """Add `library` and `search` to reader-cli's commands; `open_store(args)` gives the store."""
    library = commands.add(
        "library",
        lambda args: _library(args, open_store),
        help="list the posts read: id, title, date, source and number of notes (most recent first)",
    )
    library.add_argument("--format", choices=("text", "json"), default="text", help="tab-separated lines, or JSON")

    search = commands.add(
        "search",
        lambda args: _search(args, open_store),
        help="search the notes of every post as the notes panel does; prints quote, note and post",
    )
    search.add_argument(
        "query", nargs="+", metavar="WORD", help="every word must occur; the last may be the start of a word"
    )
    search.add_argument("--limit", type=_positive, default=200, metavar="N", help="at most N notes (default: 200)")
    search.add_argument("--format", choices=("text", "json"), default="text")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _library(args: argparse.Namespace, open_store) -> int:
    with closing(open_store(args)) as store:
        entries = store.library()
        counts = store.annotation_counts()
    if args.format == "json":
        rows = [
            {
                "id": entry.id,
                "title": entry.title,
                "date": entry.date.isoformat() if entry.date else None,
                "source": entry.source,
                "url": entry.url,
                "notes": counts.get(entry.id, 0),
                "last_opened": entry.last_opened,
            }
            for entry in entries
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for entry in entries:
            date = entry.date.isoformat() if entry.date else "-"
            fields = (entry.id, entry.title, date, entry.source, str(counts.get(entry.id, 0)))
            print("\t".join(_cell(field) for field in fields))
    if not entries:
        print("No posts read yet.", file=sys.stderr)
    return EXIT_OK


def _search(args: argparse.Namespace, open_store) -> int:
    query = " ".join(args.query)
    with closing(open_store(args)) as store:
        hits = store.search_annotations(query, limit=args.limit)
    if args.format == "json":
        rows = [
            {
                "id": hit.annotation.id,
                "quote": hit.annotation.exact,
                "note": hit.annotation.note,
                "tags": list(hit.annotation.tags),
                "color": hit.annotation.color,
                "column": hit.annotation.column,
                "document": hit.annotation.document_id,
                "title": hit.document_title,
            }
            for hit in hits
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for number, hit in enumerate(hits):
            if number:
                print()
            print(_text_hit(hit))
    if not hits:
        print(f"No notes match {_printable(query)!r}.", file=sys.stderr)
    else:
        print(f"{counted(len(hits), 'note')} found.", file=sys.stderr)
    return EXIT_OK


def _text_hit(hit) -> str:
    annotation = hit.annotation
    lines = [f"“{_printable(annotation.exact)}”"]
    lines += [f"    {line}" for line in _printable(annotation.note).splitlines()]
    if annotation.tags:
        lines.append("    " + " ".join(f"#{_cell(tag)}" for tag in annotation.tags))
    title = _cell(hit.document_title) or "(a post not in the library)"
    lines.append(f"  — {title} ({annotation.document_id})")
    return "\n".join(lines)


def _printable(text: str) -> str:
    """Text with its control characters (but not line breaks and tabs) written as escapes."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def _cell(text: str) -> str:
    """One field of a line: every control character, line breaks and tabs too, written as an escape."""
    return _CONTROL_OR_BREAK.sub(lambda found: f"\\x{ord(found.group()):02x}", text)
