"""Time a second reading of the sample post, every sentence from the cache (target < 50 ms, no model call).

The first reading translates the sample with the tiny test model (tests/support/argos_package.py)
and fills the cache in a data folder on disk; the model is never needed again. Timed, medians of
--runs runs:

- `translate_document` with the warm cache (the core of a second reading);
- what `reader-cli translate` does after its imports: load the post, open the store, record the
  document, find the package, its identity (remembered in the memo), translate_document, close;
- for information, `reader-cli translate` as a fresh process (interpreter start and imports).

    /work/venv/bin/python benchmarks/bench_cached_reading.py [--runs 7]
"""

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This checkout's `reader`, not whichever one the virtual environment has installed.
sys.path.insert(0, str(ROOT))

from reader.core.text.document import load_document  # noqa: E402
from reader.core.translate.packages import find_package, install_package_file  # noqa: E402
from reader.core.translate.reading import identity_memo, translate_document  # noqa: E402
from reader.core.platform.resources import sample_post_path  # noqa: E402
from reader.core.store import open_store  # noqa: E402
from reader.core.translate.translation import Translator  # noqa: E402
from tests.support.argos_package import build_package  # noqa: E402


class Counting(Translator):
    """A Translator that counts its model calls."""

    calls = 0

    def translate_scored(self, sentences, glossary=None):
        Counting.calls += 1
        return super().translate_scored(sentences, glossary=glossary)


def median_ms(runs: int, work) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, min(times) * 1000, max(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("use at least 5 runs")
    home = Path(tempfile.mkdtemp(prefix="baca-bench-cached-"))
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "argos")  # no package from the user's folder
    data_dir = home / "data"
    data_dir.mkdir()
    install_package_file(build_package(home / "build"), data_dir)
    sample = sample_post_path()

    # The first reading fills the cache.
    store = open_store(data_dir)
    document = load_document(sample)
    store.record_document(document)
    first = Counting(find_package(data_dir), memo=identity_memo(data_dir))
    started = time.perf_counter()
    translate_document(document, first, store)
    first_seconds = time.perf_counter() - started
    first_calls, Counting.calls = Counting.calls, 0

    translator = Counting(find_package(data_dir), memo=identity_memo(data_dir))
    _ = translator.identity

    def second_reading():
        translate_document(document, translator, store)

    core = median_ms(args.runs, second_reading)
    store.close()

    def cli_path():
        post = load_document(sample)
        cache = open_store(data_dir)
        try:
            cache.record_document(post)
            reader = Counting(find_package(data_dir, "id", "en"), memo=identity_memo(data_dir))
            translate_document(post, reader, cache)
        finally:
            cache.close()

    cli = median_ms(args.runs, cli_path)
    calls = Counting.calls
    loaded = translator._model is not None

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "reader.cli", "translate", str(sample), "--data-dir", str(data_dir)]
    process = median_ms(
        args.runs,
        lambda: subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True),
    )

    blocks = len(document.blocks)
    sentences = sum(len(b.sentences) for b in document.blocks)
    print(f"$ {' '.join(shlex.quote(a) for a in [sys.executable, *sys.argv])}")
    print(f"Sample post: {blocks} blocks, {sentences} sentences. First reading (tiny model, "
          f"{first_calls} model calls): {first_seconds * 1000:.0f} ms.")
    print(f"Second readings: {calls} model calls; model loaded: {loaded}.")
    print()
    print("| step | median | min | max | target |")
    print("|---|---:|---:|---:|---|")
    print(f"| translate_document, warm cache | {core[0]:.1f} ms | {core[1]:.1f} ms | {core[2]:.1f} ms | < 50 ms |")
    print(f"| reader-cli translate's work after imports | {cli[0]:.1f} ms | {cli[1]:.1f} ms | {cli[2]:.1f} ms | < 50 ms |")
    print(f"| `python -m reader.cli translate` process | {process[0]:.0f} ms | {process[1]:.0f} ms | "
          f"{process[2]:.0f} ms | (information) |")


if __name__ == "__main__":
    main()
