"""Time exporting 10,000 annotations of one long document in each format: median of 5 runs (target < 1.0 s)."""

# The document: 2,000 paragraphs of real Indonesian sentences (three each, from
# tests/data/id-news) with a heading every 40, all translated (made-up English, cached). The
# annotations: 10,000, five per paragraph, alternately in the original and the translation,
# every colour, half with a Markdown note of several lines holding commas and quotes, most
# with tags. Timed: each formatter on the groups (what the user waits for after the store is
# read), collect_notes reading them from a data folder on disk, and, for information, importing
# the JSON export into a fresh data folder.
#
#   /work/venv/bin/python benchmarks/bench_export.py [--runs 5]

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This checkout's `reader`, not whichever one the virtual environment has installed.
sys.path.insert(0, str(ROOT))

from reader.core.text.document import Block, Document, content_id  # noqa: E402
from reader.core.notes.export import FORMATS, collect_notes, dumps, export_json  # noqa: E402
from reader.core.notes.importer import import_notes  # noqa: E402
from reader.core.store import Store, open_store  # noqa: E402
from models import synthetic_annotations  # noqa: E402

PARAGRAPHS = 2000
ANNOTATIONS = 10_000
MODEL = "bench-model@1"


def long_document() -> Document:
    """2,000 paragraphs of three real sentences each, a heading every 40."""
    manifest = json.loads((ROOT / "tests" / "data" / "id-news" / "manifest.json").read_text("utf-8"))
    sentences = itertools.cycle([s for entry in manifest for s in entry["sentences"] or []])
    blocks = []
    for number in range(PARAGRAPHS):
        if number % 40 == 0:
            blocks.append(Block.of("heading", f"Bagian {number // 40 + 1}"))
        blocks.append(Block.of("paragraph", " ".join(next(sentences) for _ in range(3))))
    title = "Laporan panjang"
    return Document("bench-doc", content_id(title, blocks), "/bench/laporan-panjang.txt", title, None, "Penulis", blocks)


def annotations_for(document: Document) -> list:
    """10,000 annotations: a few words of one sentence each, in both columns."""
    return synthetic_annotations(document, ANNOTATIONS, MODEL, lambda sentence: f"EN: {sentence}", step=7)


def timed(runs: int, work) -> tuple[float, float]:
    """(first run, median of `runs`) in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    stand_ins = []
    if not hasattr(Store, "add_annotations"):
        # Until the annotations branch lands, the Store methods come from the tests' stand-in.
        from tests.support.annotation_table import install_on

        stand_ins = install_on(Store)

    document = long_document()
    annotations = annotations_for(document)
    with tempfile.TemporaryDirectory(prefix="baca-bench-") as folder:
        data = Path(folder) / "data"
        data.mkdir()
        store = open_store(data)
        store.record_document(document)
        store.save_translations(MODEL, {s.text: f"EN: {s.text}" for b in document.blocks for s in b.sentences})
        store.add_annotations(annotations)
        groups = collect_notes(store)

        sentences = sum(len(b.sentences) for b in document.blocks)
        print(f"document: {len(document.blocks)} blocks, {sentences} sentences; "
              f"{len(groups[0].annotations)} annotations")
        rows = []
        for name, (_, formatter) in FORMATS.items():
            output = formatter(groups)
            first, median = timed(args.runs, lambda: formatter(groups))
            rows.append((f"export {name}", first, median, f"{len(output.encode()) / 2**20:.1f} MB"))
        first, median = timed(args.runs, lambda: collect_notes(store))
        rows.append(("collect_notes (store to groups)", first, median, ""))

        exported = Path(folder) / "notes.json"
        exported.write_text(dumps(export_json(groups)), encoding="utf-8")
        fresh = Path(folder) / "fresh"
        fresh.mkdir()
        target = open_store(fresh)
        target.record_document(document)
        target.save_translations(MODEL, {s.text: f"EN: {s.text}" for b in document.blocks for s in b.sentences})
        start = time.perf_counter()
        report = import_notes(target, exported)
        rows.append(("import json, once (information)", time.perf_counter() - start, None, f"{report.added} added"))

    print(f"{'step':36} {'first run':>10} {'median of ' + str(args.runs):>13}  output")
    for step, first, median, note in rows:
        middle = f"{median:11.3f} s" if median is not None else f"{'':>13}"
        print(f"{step:36} {first:8.3f} s {middle}  {note}")
    if stand_ins:
        print(f"(store methods from the tests' stand-in: {', '.join(stand_ins)})")


if __name__ == "__main__":
    main()
