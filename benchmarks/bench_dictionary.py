"""Time dictionary lookups in a 100,000-entry StarDict dictionary (target < 20 ms a lookup).

The dictionary: Sastrawi's 28,500 Indonesian root words plus made-up words up to 100,000
headwords, each with a definition of 5-40 words, stored as dictzip (.dict.dz, 64 KB chunks) as
real dictionaries ship. The words looked up: every distinct word of the sample post (about 400:
inflected forms, names, numbers), each a cold lookup the first time (a fresh Lookup, nothing
cached). Timed: `Lookup.lookup(word)`, which trims punctuation, finds the Sastrawi root and reads
the entries for the word, its lower case and its root; opening the dictionary (once per process,
off the GUI thread in the app); and, as the baseline measured in the same run, Sastrawi's stock
stemmer (`StemmerFactory().create_stemmer()`, whose word list is a Python list) on the same words.

    .venv/bin/python benchmarks/bench_dictionary.py [--runs 5]
"""

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.words.lookup import Lookup, Stemmer  # noqa: E402
from reader.core.words.stardict import StarDict  # noqa: E402
from tests.support.stardict_builder import build_dictionary  # noqa: E402

ENTRIES = 100_000
SAMPLE = ROOT / "tests" / "data" / "seed" / "000_12db35e2f43f4474.txt"


def build(folder: Path) -> Path:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    rng = random.Random(20)
    gloss = "good house water rice agree repair road city people year government country".split()
    words = dict.fromkeys(w for w in StemmerFactory().get_words() if w.strip())
    while len(words) < ENTRIES:
        words["".join(rng.choice("abdegikmnprstuy") for _ in range(rng.randint(4, 12)))] = None
    entries = {word: " ".join(rng.choice(gloss) for _ in range(rng.randint(5, 40))) for word in words}
    return build_dictionary(folder, entries, name="Bench 100k", compress=True, chunk_length=65535)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    words = list(dict.fromkeys(re.findall(r"\w[\w-]*", SAMPLE.read_text(encoding="utf-8"))))
    with tempfile.TemporaryDirectory() as folder:
        ifo = build(Path(folder))
        opens, medians, p95s, slowest, found, stock = [], [], [], [], [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            dictionary = StarDict(ifo)
            opens.append(time.perf_counter() - start)
            lookup = Lookup([dictionary], Stemmer())
            times = []
            hits = 0
            for word in words:
                start = time.perf_counter()
                result = lookup.lookup(word)
                times.append(time.perf_counter() - start)
                hits += result.found
            medians.append(statistics.median(times))
            p95s.append(percentile(times, 0.95))
            slowest.append(max(times))
            found.append(hits)
            lookup.close()

            from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

            raw = StemmerFactory().create_stemmer().delegatedStemmer
            times = []
            for word in words:
                start = time.perf_counter()
                raw.stem(word.lower())
                times.append(time.perf_counter() - start)
            stock.append((statistics.median(times), percentile(times, 0.95), max(times)))
        import tracemalloc

        tracemalloc.start()
        dictionary = StarDict(ifo)
        retained = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        dictionary.close()
    ms = lambda seconds: f"{seconds * 1000:.3f} ms"  # noqa: E731
    print(f"{ENTRIES} entries, {len(words)} distinct words of the sample, {args.runs} runs (medians of runs)")
    print(f"open the dictionary:              {ms(statistics.median(opens))}")
    print(f"memory kept by the open dictionary: {retained / 1024**2:.1f} MB (tracemalloc)")
    print(f"lookup, median:                   {ms(statistics.median(medians))}")
    print(f"lookup, 95th percentile:          {ms(statistics.median(p95s))}")
    print(f"lookup, slowest:                  {ms(statistics.median(slowest))}")
    print(f"words found (word or root):       {statistics.median(found):.0f} of {len(words)}")
    median, p95, worst = (statistics.median(run[n] for run in stock) for n in range(3))
    print(f"baseline, stock Sastrawi stemming alone: median {ms(median)}, 95th percentile {ms(p95)}, slowest {ms(worst)}")
    print(f"ratio stock stemming / our whole lookup: median {median / statistics.median(medians):.0f}x, "
          f"95th percentile {p95 / statistics.median(p95s):.0f}x")


if __name__ == "__main__":
    main()
