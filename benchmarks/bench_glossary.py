"""Time the glossary: building it, and finding its terms in every sentence of the sample post.

Glossaries of 10, 1,000 and 10,000 made-up entries (plus `KTT` and `Duta Besar`, which the sample
has). For each: building a `Glossary` (done when the window starts and after each change), and
`Glossary.key` over the sample's 51 sentences (what the window does when it opens a post, to ask
the cache; painting the marks finds the terms the same way). Baseline in the same run: one regular
expression alternating every term, longest first, with the same word boundaries (the first
implementation). Medians of --runs runs.

    .venv/bin/python benchmarks/bench_glossary.py [--runs 7]
"""

import argparse
import random
import re
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.platform.resources import sample_post_path  # noqa: E402
from reader.core.text.document import load_document  # noqa: E402
from reader.core.translate.glossary import Glossary, glossary_entry  # noqa: E402


def entries(count: int) -> list:
    rng = random.Random(count)
    made = {glossary_entry("KTT", "summit"), glossary_entry("Duta Besar", "Ambassador")}
    while len(made) < count + 2:
        words = ["".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(3, 10))) for _ in range(rng.choice((1, 1, 2)))]
        made.add(glossary_entry(" ".join(words), "x"))
    return list(made)


def alternation(items: list):
    """The baseline: every term in one pattern, longest first."""
    ordered = sorted(items, key=lambda e: -len(e.source))
    body = "|".join(
        (f"(?i:{p})" if e.any_case else p) for e in ordered for p in [r"\s+".join(map(re.escape, e.source.split(" ")))]
    )
    return re.compile(rf"(?<!\w)(?<!\w-)(?:{body})(?!\w)(?!-\w)")


def median_ms(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    sentences = [s.text for b in load_document(sample_post_path()).blocks for s in b.sentences]
    print(f"{len(sentences)} sentences; medians of {runs} runs")
    print("| entries | build | keys of the post | per sentence | baseline build | baseline find | ratio (find) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for count in (10, 1_000, 10_000):
        items = entries(count)
        build = median_ms(runs, lambda: Glossary(items))
        glossary = Glossary(items)
        keys = median_ms(runs, lambda: [glossary.key(s) for s in sentences])
        # re.compile keeps compiled patterns: purged first, or the second run costs nothing.
        base_build = median_ms(max(1, runs // 2), lambda: (re.purge(), alternation(items)))
        pattern = alternation(items)
        base_find = median_ms(runs, lambda: [pattern.findall(s) for s in sentences])
        print(
            f"| {count:,} | {build:.1f} ms | {keys:.2f} ms | {keys / len(sentences) * 1000:.0f} µs | "
            f"{base_build:.0f} ms | {base_find:.2f} ms | {base_find / keys:.1f}× |"
        )


if __name__ == "__main__":
    main()
