"""Re-anchoring 1,000 quotes after bench_annotations.py's edit: this checkout against a baseline, in one run."""

# The scenario of bench_annotations.py (bench_anchoring.build_scenario): about 100k code points of
# real Indonesian text, 1,000 quotes, a sentence inserted before each quote's sentence and one word
# replaced inside 200 of them; then the same with a paragraph added at the top. Each code runs in a
# process of its own (`git archive` for the baseline), the two alternating --rounds times, each
# process timing --runs calls of reanchor() with empty caches. The figures are medians over all
# calls, in CPU seconds (the process's own time: other sessions on the machine move wall times by
# a third) and wall seconds.
#
#   .venv/bin/python benchmarks/bench_reanchor_time.py [--seed 1] [--rounds 3] [--runs 5] [--baseline 62988fa]

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "62988fa"  # main before issue 11's anchoring work
CREATED = "2026-01-01T00:00:00.000Z"
NEW_FIRST_PARAGRAPH = "Paragraf baru di awal tulisan ini."


def scenario(seed: int) -> dict:
    """The texts before and after the edit, and each quote with where it should land."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_anchoring import SEPARATOR, build_scenario

    old_whole, _, new_texts, quotes = build_scenario(seed)
    return {
        "before": old_whole.split(SEPARATOR),
        "after": new_texts,
        "quotes": [
            [q.block, q.selectors["block"]["hint"], q.selectors["block"]["hint"] + len(q.selectors["block"]["exact"])]
            for q in quotes
        ],
        "truths": [[q.block, *q.truths["block"]] for q in quotes],
    }


# Run inside a child process, against the `reader` package found first on sys.path.


def run_child(data: dict, runs: int) -> dict:
    try:
        from reader.core.notes import anchoring
        from reader.core.notes.annotations import Quote, new_annotation
        from reader.core.notes.columns import ORIGINAL
        from reader.core.notes.reanchor import reanchor
        from reader.core.text.document import Block, Document, content_id
    except ImportError:  # a revision from before reader.core was split into parts (the baseline)
        from reader.core import anchoring
        from reader.core.annotations import ORIGINAL, Quote, new_annotation
        from reader.core.document import Block, Document, content_id
        from reader.core.reanchor import reanchor

    def document(texts: list[str], title: str) -> Document:
        blocks = [Block.of("paragraph", text) for text in texts]
        return Document("bench-post", content_id(title, blocks), "bench:reanchor", title, None, None, blocks)

    before = document(data["before"], "Berita panjang")
    quotes = [
        new_annotation(Quote(before, ORIGINAL, block, start, end), color="yellow", now=CREATED)
        for block, start, end in data["quotes"]
    ]
    output = {}
    for name, texts in (("after the edit", data["after"]), ("with a new first paragraph", [NEW_FIRST_PARAGRAPH] + data["after"])):
        edited = document(texts, "Berita panjang (disunting)")
        cpu, wall, results = [], [], []
        for _ in range(runs):
            anchoring._encoded_text.cache_clear()
            anchoring._symbols.cache_clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            results = reanchor(quotes, edited, now=CREATED)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
        by_id = {a.id: a for a in results}
        placed = []
        for quote in quotes:
            result = by_id.get(quote.id, quote)
            placed.append(None if result.status == "detached" else [result.block, result.start, result.end])
        output[name] = {"cpu": cpu, "wall": wall, "results": placed}
    return output


# The parent: both codes, alternating, and the report.


def child(reader_root: Path, data_path: Path, runs: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(reader_root), "--data", str(data_path), "--runs", str(runs)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def baseline_checkout(revision: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "reader"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def landing(results: list, truths: list, shift: int) -> str:
    """How many land on the true span, overlap it, land elsewhere or are detached."""
    true = overlap = elsewhere = detached = 0
    for found, (block, start, end) in zip(results, truths):
        block += shift
        if found is None:
            detached += 1
        elif found == [block, start, end]:
            true += 1
        elif found[0] == block and found[1] < end and start < found[2]:
            overlap += 1
        else:
            elsewhere += 1
    return f"{true} true span, {overlap} overlapping, {elsewhere} elsewhere, {detached} detached"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(args.child))
        print(json.dumps(run_child(json.loads(args.data.read_text("utf-8")), args.runs)))
        return

    data = scenario(args.seed)
    names = ["this checkout", f"baseline {args.baseline}"]
    outputs: dict[str, list[dict]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="baca-bench-") as folder:
        data_path = Path(folder) / "scenario.json"
        data_path.write_text(json.dumps(data), "utf-8")
        roots = [ROOT, baseline_checkout(args.baseline, Path(folder) / "baseline")]
        for _ in range(args.rounds):
            for name, root in zip(names, roots):
                outputs[name].append(child(root, data_path, args.runs))
    print(
        f"$ .venv/bin/python benchmarks/bench_reanchor_time.py --seed {args.seed} --rounds {args.rounds} "
        f"--runs {args.runs} --baseline {args.baseline}\n"
    )
    print(f"reanchor() of {len(data['quotes']):,} quotes; median of {args.rounds * args.runs} calls each "
          f"({args.rounds} alternating processes of {args.runs})\n")
    print("| re-anchoring 1,000 quotes | " + " | ".join(names) + " | ratio |")
    print("|---|" + "---:|" * (len(names) + 1))
    for figure in ("after the edit", "with a new first paragraph"):
        for clock in ("cpu", "wall"):
            medians = [statistics.median(t for run in outputs[name] for t in run[figure][clock]) for name in names]
            cells = " | ".join(f"{m * 1000:.1f} ms" for m in medians)
            print(f"| {figure}, {clock.upper() if clock == 'cpu' else clock} | {cells} | {medians[0] / medians[1]:.2f} |")
    print()
    for figure, shift in (("after the edit", 0), ("with a new first paragraph", 1)):
        for name in names:
            print(f"- {figure}, {name}: {landing(outputs[name][-1][figure]['results'], data['truths'], shift)}")


if __name__ == "__main__":
    main()
