"""Time the annotation store (save, list, search) and re-anchoring 1,000 annotations after an edit."""

# The scenario of bench_anchoring.py, through the real API: a document of about 100k code points
# built from the sample post and the id-news corpus, 10,000 annotations on it in a file-backed
# store (WAL), and an edit that inserts a sentence before the sentence of each of 1,000 quotes and
# replaces one word inside 20% of them. Medians of --runs runs; re-anchoring starts each run with
# empty caches.
#
#   /work/venv/bin/python benchmarks/bench_annotations.py [--runs 5] [--seed 1]

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This checkout's `reader`, not whichever one the virtual environment has installed.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_anchoring import SEPARATOR, build_scenario, load_sentences  # noqa: E402

from reader.core.notes import anchoring  # noqa: E402
from reader.core.notes.annotations import COLORS, ORIGINAL, Annotation, Quote, new_annotation  # noqa: E402
from reader.core.notes.reanchor import reanchor  # noqa: E402
from reader.core.platform.clock import utc_now  # noqa: E402
from reader.core.store import open_store  # noqa: E402
from reader.core.text.document import Block, Document, content_id, document_id  # noqa: E402

ANNOTATIONS = 10_000
TAGS = ("ekonomi", "politik", "kosakata", "kata-kerja", "idiom", "angka", "tokoh", "Tanya")
SEARCHES = ("pemerintah", "pemer", "bank dunia", "kosakata", "zzzz", 'AND "(-*:')


def median_seconds(runs: int, work, setup=None) -> tuple[float, object]:
    """Median seconds of `runs` calls of `work`, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        if setup:
            setup()
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def make_document(texts: list[str], title: str = "Berita panjang") -> Document:
    blocks = [Block.of("paragraph", text) for text in texts]
    source = "bench:annotations"
    return Document(document_id(source), content_id(title, blocks), source, title, None, None, blocks)


def words_quote(document: Document, rng: random.Random) -> tuple[int, int, int]:
    """(block, start, end) of 1 to 12 whole words inside one sentence."""
    while True:
        index = rng.randrange(len(document.blocks))
        block = document.blocks[index]
        if not block.sentences:
            continue
        sentence = rng.choice(block.sentences)
        words = [m.span() for m in re.finditer(r"\S+", sentence.text)]
        count = min(len(words), rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12]))
        first = rng.randrange(len(words) - count + 1)
        return index, sentence.start + words[first][0], sentence.start + words[first + count - 1][1]


def annotate(
    document: Document, block: int, start: int, end: int, rng: random.Random, notes: list[str]
) -> Annotation:
    """An annotation as the UI makes one; its counterpart is the sentence itself (no model here)."""
    translations = [s.text for s in document.blocks[block].sentences]
    quote = Quote(document, ORIGINAL, block, start, end, translations=translations)
    noted = rng.random() < 0.3
    return new_annotation(
        quote,
        color=rng.choice(COLORS),
        now=utc_now(),
        note=rng.choice(notes) if noted else "",
        tags=rng.sample(TAGS, rng.randint(1, 2)) if noted else (),
    )


def landing(
    results: dict[str, Annotation], annotations: list[Annotation], truths: list[tuple[int, int, int]]
) -> Counter:
    """Status counts, and how many land on the true span, overlap it, land elsewhere or detach."""
    counts = Counter()
    for annotation, truth in zip(annotations, truths):
        result = results.get(annotation.id, annotation)
        counts[result.status] += 1
        block, start, end = truth
        if result.status == "detached":
            continue
        if (result.block, result.start, result.end) == truth:
            counts["true span"] += 1
        elif result.block == block and result.start < end and start < result.end:
            counts["overlapping"] += 1
        else:
            counts["elsewhere"] += 1
    return counts


def describe(counts: Counter, total: int) -> str:
    parts = [f"{counts['anchored']} anchored, {counts['moved']} moved, {counts['detached']} detached"]
    parts.append(
        f"{counts['true span']}/{total} on the true span, {counts['overlapping']} overlapping it, "
        f"{counts['elsewhere']} elsewhere"
    )
    return "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    command = f"/work/venv/bin/python benchmarks/bench_annotations.py --runs {args.runs} --seed {args.seed}"

    old_whole, new_whole, new_texts, quotes = build_scenario(args.seed)
    old_texts = old_whole.split(SEPARATOR)
    old = make_document(old_texts)
    edited = make_document(new_texts, title="Berita panjang (disunting)")
    notes = load_sentences()

    # The 1,000 quotes the edit is about, as annotations, then 9,000 more anywhere.
    relocated = []
    for quote in quotes:
        selector = quote.selectors["block"]
        start = selector["hint"]
        annotation = annotate(old, quote.block, start, start + len(selector["exact"]), rng, notes)
        assert (annotation.exact, annotation.prefix, annotation.suffix) == (
            selector["exact"], selector["prefix"], selector["suffix"]
        )
        relocated.append(annotation)
    others = [annotate(old, *words_quote(old, rng), rng, notes) for _ in range(ANNOTATIONS - len(relocated))]
    everything = relocated + others
    truths = [(q.block, *q.truths["block"]) for q in quotes]
    changed = [q.changed for q in quotes]

    rows, each = [], f"median of {args.runs}"
    with tempfile.TemporaryDirectory(prefix="baca-bench-") as folder:
        store = open_store(Path(folder))
        store.record_document(old)
        seconds, _ = median_seconds(1, lambda: store.add_annotations(everything))
        rows.append(("import 10,000 annotations (add_annotations, one transaction)", seconds, "once"))

        extra = [annotate(old, *words_quote(old, rng), rng, notes) for _ in range(args.runs * 20)]
        single = []
        for annotation in extra:
            started = time.perf_counter()
            store.add_annotation(annotation)
            single.append(time.perf_counter() - started)
        ordered = sorted(single)
        p95, slowest = ordered[int(0.95 * len(ordered))] * 1000, ordered[-1] * 1000
        spread = f"95th percentile {p95:.1f} ms, slowest {slowest:.1f} ms"
        rows.append(("save one annotation (add_annotation) on 10,000", statistics.median(single),
                     f"median of {len(single)}; {spread}"))

        edits = [a.edited(utc_now(), note=a.note + " diubah", tags=(*a.tags, "baru")) for a in extra]
        edits = edits[: args.runs * 4]
        single = []
        for annotation in edits:
            started = time.perf_counter()
            store.update_annotation(annotation)
            single.append(time.perf_counter() - started)
        median = statistics.median(single)
        rows.append(("edit one annotation (update_annotation)", median, f"median of {len(edits)}"))

        single = []
        for annotation in extra[-args.runs * 4 :]:
            started = time.perf_counter()
            store.delete_annotation(annotation.id)
            single.append(time.perf_counter() - started)
        median = statistics.median(single)
        rows.append(("delete one annotation (delete_annotation)", median, f"median of {len(single)}"))

        count = len(store.annotations_for(old.id))
        seconds, _ = median_seconds(args.runs, lambda: store.annotations_for(old.id))
        rows.append((f"annotations_for, {count:,} annotations", seconds, each))
        seconds, _ = median_seconds(args.runs, store.all_annotations)
        rows.append(("all_annotations", seconds, each))
        seconds, tags = median_seconds(args.runs, store.annotation_tags)
        rows.append((f"annotation_tags ({len(tags)} tags)", seconds, each))
        for query in SEARCHES:
            seconds, hits = median_seconds(args.runs, lambda: store.search_annotations(query))
            rows.append((f"search_annotations({query!r}): {len(hits)} hits", seconds, each))

        def clear() -> None:
            anchoring._encoded_text.cache_clear()
            anchoring._symbols.cache_clear()

        seconds, results = median_seconds(args.runs, lambda: reanchor(relocated, edited), clear)
        rows.append(("reanchor 1,000 after the edit", seconds, each))
        by_id = {a.id: a for a in results}
        seconds, _ = median_seconds(args.runs, lambda: store.save_anchors(results))
        rows.append((f"save_anchors ({len(results):,} changed)", seconds, each))
        seconds, unchanged = median_seconds(args.runs, lambda: reanchor(others, old))
        rows.append((f"reanchor {len(others):,} already on this text (opening it again)", seconds, each))
        assert unchanged == []

        # The same edit with a paragraph added at the top: every block index is off by one, so each
        # quote is found in a neighbouring block or through the whole text.
        shifted = make_document(["Paragraf baru di awal tulisan ini."] + new_texts)
        seconds, shifted_results = median_seconds(args.runs, lambda: reanchor(relocated, shifted), clear)
        rows.append(("reanchor 1,000 after the edit and a new first paragraph", seconds, each))
        shifted_by_id = {a.id: a for a in shifted_results}
        store.close()

    # Quotes whose text was deleted outright should be detached, one edit at a time.
    deleted = [(a, t) for a, t, c in zip(relocated, truths, changed) if not c][:200]
    still = Counter()
    for annotation, (block, start, end) in deleted:
        texts = list(new_texts)
        texts[block] = texts[block][:start] + texts[block][end:]
        (result,) = reanchor([annotation], make_document(texts))
        still[result.status] += 1

    print(f"$ {command}")
    print()
    print(f"Document: {len(old_whole):,} code points in {len(old_texts):,} blocks; after the edit "
          f"{len(new_whole):,}; {ANNOTATIONS:,} annotations; {sum(changed)} of the 1,000 with a word "
          "replaced.")
    print()
    print("| measurement | median | note |")
    print("|---|---:|---|")
    for name, seconds, note in rows:
        print(f"| {name} | {seconds * 1000:.1f} ms | {note} |")
    print()
    same = [i for i, c in enumerate(changed) if not c]
    edited_ = [i for i, c in enumerate(changed) if c]
    for label, results_by_id in (("after the edit", by_id), ("with a new first paragraph", shifted_by_id)):
        for kind, indexes in (("unchanged quotes", same), ("quotes with a word replaced", edited_)):
            chosen = [relocated[i] for i in indexes]
            shift = 1 if results_by_id is shifted_by_id else 0
            wanted = [(truths[i][0] + shift, *truths[i][1:]) for i in indexes]
            counts = landing(results_by_id, chosen, wanted)
            print(f"- {label}, {len(indexes)} {kind}: {describe(counts, len(indexes))}")
    print(f"- {len(deleted)} quotes deleted from the text, one at a time: "
          f"{still['detached']} detached, {still['moved']} moved to a lookalike, "
          f"{still['anchored']} anchored")


if __name__ == "__main__":
    main()
