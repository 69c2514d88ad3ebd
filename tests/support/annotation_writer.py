"""A separate process that writes annotations and says so after each one is saved (for test_store_safety)."""

# Usage, from the top of the checkout:
#   python tests/support/annotation_writer.py add DATA_DIR SAMPLE COUNT [--wait] [--tag TAG]
#   python tests/support/annotation_writer.py edit DATA_DIR SAMPLE
# `add` prints "committed <uuid>" after each add_annotation returns; with --wait it first prints
# "ready" and waits for a line on stdin, so two writers can be started together without sleeps.
# `edit` goes through the document's annotations in order, updating the note of one and deleting
# the next, printing "updated <uuid>" or "deleted <uuid>" after each returns.

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.core.notes.annotations import COLORS, ORIGINAL, Quote, new_annotation  # noqa: E402
from reader.core.platform.clock import utc_now
from reader.core.store import open_store  # noqa: E402
from reader.core.text.document import load_document  # noqa: E402


def add(store, document, count: int, tag: str) -> None:
    blocks = [i for i, block in enumerate(document.blocks) if len(block.text) > 40]
    for number in range(count):
        index = blocks[number % len(blocks)]
        start = number % 20
        quote = Quote(document, ORIGINAL, index, start, start + 20)
        annotation = new_annotation(
            quote, color=COLORS[number % len(COLORS)], now=utc_now(), note=f"catatan {number}", tags=[tag]
        )
        store.add_annotation(annotation)
        print(f"committed {annotation.id}", flush=True)


def edit(store, document) -> None:
    for number, annotation in enumerate(store.annotations_for(document.id)):
        if number % 2:
            store.delete_annotation(annotation.id)
            print(f"deleted {annotation.id}", flush=True)
        else:
            store.update_annotation(annotation.edited(utc_now(), note=f"diubah {annotation.id}", color="green"))
            print(f"updated {annotation.id}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=("add", "edit"))
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("sample", type=Path)
    parser.add_argument("count", type=int, nargs="?", default=0)
    parser.add_argument("--wait", action="store_true")
    parser.add_argument("--tag", default="writer")
    args = parser.parse_args()

    store = open_store(args.data_dir)
    document = load_document(args.sample)
    store.record_document(document)
    if args.wait:
        print("ready", flush=True)
        sys.stdin.readline()
    if args.action == "add":
        add(store, document, args.count, args.tag)
    else:
        edit(store, document)
    store.close()


if __name__ == "__main__":
    main()
