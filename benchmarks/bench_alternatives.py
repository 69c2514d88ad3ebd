"""Time Other Translations (the model's n-best of one sentence) against translating it once; print Markdown.

(a) `Translator.translate([sentence])`: the one translation, beam 4 (Baca's setting), the baseline.
(b) `Translator.alternatives(sentence, 3)`: beam 4, three hypotheses.
(c) `Translator.alternatives(sentence, 5)`: beam 5, five hypotheses (what the window asks for).
Base-shaped int8 copy model, the sample post's first sentences one at a time (the dialog asks
for one), nothing cached. Runs interleaved (a, b, c, a, b, c, ...); medians after one warm-up.

    .venv/bin/python benchmarks/bench_alternatives.py [--runs 5] [--sentences 12] [--threads 0]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from models import build_base_package, sample_sentences

from reader.core.translate.packages import read_package
from reader.core.translate.translation import ModelSettings, Translator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=12)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("use at least 5 runs")
    folder = build_base_package(Path(tempfile.mkdtemp(prefix="baca-bench-alternatives-")))
    settings = ModelSettings(threads=args.threads)
    translator = Translator(read_package(folder, writable=False), identity="bench", settings=settings)
    translator.load()
    sentences = sample_sentences()[: args.sentences]
    methods = {
        "(a) `translate([sentence])`, beam 4": lambda s: translator.translate([s]),
        "(b) `alternatives(sentence, 3)`, beam 4": lambda s: translator.alternatives(s, 3),
        "(c) `alternatives(sentence, 5)`, beam 5": lambda s: translator.alternatives(s, 5),
    }
    found = {name: [] for name in methods}
    counts = {name: 0 for name in methods}
    for run in range(args.runs + 1):  # run 0 warms up
        for name, method in methods.items():
            started = time.perf_counter()
            results = [method(sentence) for sentence in sentences]
            elapsed = (time.perf_counter() - started) / len(sentences)
            if run:
                found[name].append(elapsed)
                counts[name] = sum(len(r) for r in results) / len(sentences)
    base = statistics.median(found[next(iter(methods))])
    print(f"`{' '.join(sys.argv)}`: {len(sentences)} sentences one at a time, medians of {args.runs} runs\n")
    print("| Method | Median per sentence (ms) | Min (ms) | Max (ms) | Translations per sentence | Relative to (a) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, times in found.items():
        median = statistics.median(times)
        print(
            f"| {name} | {median * 1000:.0f} | {min(times) * 1000:.0f} | {max(times) * 1000:.0f} "
            f"| {counts[name]:.1f} | {median / base:.2f}× |"
        )


if __name__ == "__main__":
    main()
