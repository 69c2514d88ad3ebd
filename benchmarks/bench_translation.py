"""Time translating the sample post three ways with the base-shaped copy model; print Markdown.

(a) Baca's Translator.translate, sentences in, English text out.
(b) One raw ctranslate2 translate_batch over the pre-tokenized sentences; (b') the same over
    the distinct sentences only, since (a) translates identical sentences once.
(c) argostranslate.translate.translate over the same sentences, its sentence splitter replaced
    by one that returns ours (MiniSBD would download a model), the same package installed in a
    temporary ARGOS_PACKAGES_DIR.
All three use the same model files, beam size, length penalty, maximum decoding length, int8
and thread count. Runs are interleaved (a, b, c, a, b, c, ...) so drift affects all alike.

    /work/venv/bin/python benchmarks/bench_translation.py [--runs 5] [--threads 0]
"""

import argparse
import os
import platform
import shlex
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Before argostranslate is imported anywhere: private folders, and its decoding settings set to
# ours (it reads them from the environment at import time).
_WORK = Path(tempfile.mkdtemp(prefix="baca-bench-"))
for _name in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_WORK / _name.lower())
    (_WORK / _name.lower()).mkdir()

from models import ROOT, build_base_package, sample_paragraphs, sample_sentences  # noqa: E402

BEAM_SIZE = 4
LENGTH_PENALTY = 0.2  # fixed inside argostranslate.translate; Baca uses the same
MAX_DECODING_LENGTH = 256  # CTranslate2's default, which argostranslate leaves in place
COMPUTE_TYPE = "int8"
MAX_BATCH_SIZE = 32


def _refuse_network(self, address):
    raise ConnectionRefusedError(f"the benchmark may not reach the network: {address!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each method (median)")
    parser.add_argument("--threads", type=int, default=0, help="intra_threads; 0 = all cores")
    parser.add_argument("--output", type=Path, help="also write the Markdown table to this file")
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("use at least 5 runs")
    os.environ["ARGOS_INTRA_THREADS"] = str(args.threads)
    os.environ["ARGOS_BEAM_SIZE"] = str(BEAM_SIZE)
    os.environ["ARGOS_COMPUTE_TYPE"] = COMPUTE_TYPE
    # Nothing may be downloaded: any connection attempt fails loudly.
    socket.socket.connect = _refuse_network
    socket.socket.connect_ex = _refuse_network

    started = time.perf_counter()
    folder = build_base_package(Path(os.environ["ARGOS_PACKAGES_DIR"]))
    build_seconds = time.perf_counter() - started
    model_mb = sum(p.stat().st_size for p in (folder / "model").rglob("*")) / 1e6
    sentences = sample_sentences()
    paragraphs = sample_paragraphs()

    import ctranslate2
    import argostranslate.translate as argos_translate
    from reader.core.translate.packages import read_package
    from reader.core.text.sentences import split_sentences
    from reader.core.translate.translation import ModelSettings, Translator

    # (a)
    settings = ModelSettings(
        threads=args.threads,
        beam_size=BEAM_SIZE,
        max_decoding_length=MAX_DECODING_LENGTH,
        compute_type=COMPUTE_TYPE,
        max_batch_size=MAX_BATCH_SIZE,
        length_penalty=LENGTH_PENALTY,
    )
    translator = Translator(read_package(folder, writable=False), settings=settings)

    def run_a():
        return translator.translate(sentences)

    # (b)
    from argostranslate.package import Package

    argos_tokenizer = Package(folder).tokenizer
    tokenized = [argos_tokenizer.encode(s) for s in sentences]
    distinct = [argos_tokenizer.encode(s) for s in dict.fromkeys(sentences)]
    raw = ctranslate2.Translator(
        str(folder / "model"), device="cpu", compute_type=COMPUTE_TYPE, inter_threads=1,
        intra_threads=args.threads,
    )

    def run_b(batch=tokenized):
        return raw.translate_batch(
            batch,
            beam_size=BEAM_SIZE,
            length_penalty=LENGTH_PENALTY,
            max_decoding_length=MAX_DECODING_LENGTH,
            max_batch_size=MAX_BATCH_SIZE,
            replace_unknowns=True,
        )

    # (c) argostranslate picks its splitter class from this module's globals.
    class OurSentences:
        def __init__(self, package):
            self.pkg = package

        def split_sentences(self, text):
            return [s.text for s in split_sentences(text)]

    argos_translate.MiniSBDSentencizer = OurSentences
    text = "\n".join(paragraphs)
    argos_translation = argos_translate.get_translation_from_codes("id", "en")

    def run_c():
        argos_translation.cache = {}  # its CachedTranslation would answer repeats from memory
        return argos_translate.translate(text, "id", "en")

    # Warm-up: loads each model once (load time is not what is compared), checks outputs.
    outputs_a = run_a()
    run_b()
    output_c = run_c()
    copied = sum(a == s for a, s in zip(outputs_a, sentences))
    # argostranslate joins a paragraph's sentences with a space, and paragraphs with newlines.
    expected_c = "\n".join(" ".join(s.text for s in split_sentences(p)) for p in paragraphs)
    argos_copied = output_c == expected_c

    def run_b_distinct():
        return run_b(distinct)

    times = {"a": [], "b": [], "b'": [], "c": []}
    for _ in range(args.runs):
        for key, run in (("a", run_a), ("b", run_b), ("b'", run_b_distinct), ("c", run_c)):
            started = time.perf_counter()
            run()
            times[key].append(time.perf_counter() - started)

    median = {key: statistics.median(values) for key, values in times.items()}
    command = " ".join(shlex.quote(a) for a in [Path(sys.executable).as_posix(), *sys.argv])
    rows = [
        ("(a) Baca `Translator.translate`", "a"),
        ("(b) raw `translate_batch`, pre-tokenized", "b"),
        (f"(b') the same, {len(distinct)} distinct sentences", "b'"),
        ("(c) `argostranslate.translate.translate`", "c"),
    ]
    lines = [
        "## Translation benchmark",
        "",
        f"Command: `{command}` (from `{ROOT.name}/`)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()},"
        f" CTranslate2 {ctranslate2.__version__}.",
        f"Model: base-shaped copy model (6+6 layers, d_model 512, 8 heads, FFN 2048, vocabulary "
        f"32,000), int8, {model_mb:.0f} MB, built in {build_seconds:.1f} s.",
        f"Input: the sample post, {len(paragraphs)} paragraphs, {len(sentences)} sentences, "
        f"{sum(len(t) for t in tokenized)} tokens.",
        f"Settings: beam {BEAM_SIZE}, length penalty {LENGTH_PENALTY}, max decoding length "
        f"{MAX_DECODING_LENGTH}, {COMPUTE_TYPE}, intra_threads {args.threads}, "
        f"max_batch_size {MAX_BATCH_SIZE} for (a) and (b) (argostranslate: 32 tokens).",
        f"Medians of {args.runs} interleaved runs after one warm-up run each. Outputs: (a) copied "
        f"{copied}/{len(sentences)} sentences exactly; (c) copied the text: {argos_copied}.",
        "",
        "| Method | Median (s) | Min (s) | Max (s) | Sentences/s | Relative to (b) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, key in rows:
        values = times[key]
        lines.append(
            f"| {label} | {median[key]:.2f} | {min(values):.2f} | {max(values):.2f} | "
            f"{len(sentences) / median[key]:.1f} | {median[key] / median['b']:.2f}× |"
        )
    overhead = median["a"] / median["b"] - 1
    overhead_distinct = median["a"] / median["b'"] - 1
    speedup = median["c"] / median["a"]
    lines += [
        "",
        f"- (a) vs (b): {overhead:+.1%} (target: within 10%): "
        f"{'met' if overhead <= 0.10 else 'NOT met'}. Against (b'), the same work: "
        f"{overhead_distinct:+.1%}.",
        f"- (c) / (a): {speedup:.1f}× slower (target: (a) at least 5× faster): "
        f"{'met' if speedup >= 5 else 'NOT met'}.",
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    if args.output:
        args.output.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
