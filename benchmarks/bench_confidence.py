"""What the model's scores cost: translating the sample post with and without them, and the other ways.

(a) Translator.translate: beam search, no scores (the baseline).
(b) Translator.translate_scored: the same beam search, then score_batch on the chosen hypotheses,
    words grouped and mapped into the final text (what Baca does).
(c) Translator.score: scoring translations already made (a cache without scores), no translating.
(d) One greedy translate_batch with return_logits_vocab, the chosen tokens' log-probabilities
    taken from the vocabulary's logits: per-token scores without score_batch, but greedy (a
    different translation than beam search: CTranslate2 returns no logits with beam_size > 1).
(e) generate_tokens with return_log_prob, one sentence at a time (greedy too).
Each on the tiny test package and on the base-shaped copy model; runs interleaved.

    .venv/bin/python benchmarks/bench_confidence.py [--runs 5] [--threads 0] [--output FILE]
        [--methods abcde] [--base-only]
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

_WORK = Path(tempfile.mkdtemp(prefix="baca-bench-confidence-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_WORK / _name.lower())

from models import ROOT, build_base_package, sample_sentences  # noqa: E402

from tests.support.argos_package import GLOSS, build_package_folder  # noqa: E402


def _refuse_network(self, address):
    raise ConnectionRefusedError(f"the benchmark may not reach the network: {address!r}")


def _methods(folder: Path, sentences: list[str], threads: int) -> tuple[dict, dict]:
    """The five ways over one package, and facts about their outputs."""
    import numpy as np

    from reader.core.translate.packages import read_package
    from reader.core.translate.translation import ModelSettings, Translator

    translator = Translator(read_package(folder, writable=False), settings=ModelSettings(threads=threads))
    translator.load()
    model, tokenizer = translator._model, translator._tokenizer
    distinct = list(dict.fromkeys(sentences))
    made = translator.translate_scored(distinct)
    cached = {source: scores.text for source, scores in zip(distinct, made)}
    encoded = [tokenizer.encode(s) for s in distinct]

    def greedy_logits():
        results = model.translate_batch(
            encoded, beam_size=1, max_decoding_length=translator.settings.max_decoding_length,
            max_batch_size=translator.settings.max_batch_size, return_logits_vocab=True,
        )
        found = []
        for result in results:
            tokens = result.hypotheses[0]
            steps = [np.asarray(step) for step in result.logits[0]]
            values = []
            for step, token in zip(steps, tokens):
                shifted = step - step.max()
                values.append(float(shifted[model_vocabulary[token]] - np.log(np.exp(shifted).sum())))
            found.append(values)
        return found

    def generate():
        found = []
        for tokens in encoded:
            found.append([step.log_prob for step in model.generate_tokens(
                tokens, max_decoding_length=translator.settings.max_decoding_length, return_log_prob=True,
            )])
        return found

    model_vocabulary = _vocabulary(folder)
    methods = {
        "a": lambda: translator.translate(sentences),
        "b": lambda: translator.translate_scored(sentences),
        "c": lambda: translator.score(cached),
        "d": greedy_logits,
        "e": generate,
    }
    facts = {
        "same": [s.text for s in translator.translate_scored(sentences)] == translator.translate(sentences),
        "doubtful": sum(len(s.doubtful()) for s in made),
        "distinct": len(distinct),
    }
    return methods, facts


def _vocabulary(folder: Path) -> dict[str, int]:
    import json

    for name in ("shared_vocabulary.json", "target_vocabulary.json"):
        path = folder / "model" / name
        if path.exists():
            return {token: i for i, token in enumerate(json.loads(path.read_text(encoding="utf-8")))}
    raise FileNotFoundError(f"no vocabulary in {folder / 'model'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each method (median)")
    parser.add_argument("--threads", type=int, default=0, help="intra_threads; 0 = all cores")
    parser.add_argument("--output", type=Path, help="also write the Markdown table to this file")
    parser.add_argument("--methods", default="abcde", help="which of (a)-(e) to time, e.g. `ab`")
    parser.add_argument("--base-only", action="store_true", help="only the base-shaped model")
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("use at least 5 runs")
    socket.socket.connect = _refuse_network
    socket.socket.connect_ex = _refuse_network

    import ctranslate2

    sentences = sample_sentences()
    packages = {}
    if not args.base_only:
        packages["tiny (1+1 layers, d_model 128)"] = build_package_folder(_WORK / "tiny", swaps=GLOSS)
    packages["base-shaped (6+6 layers, d_model 512)"] = build_base_package(_WORK / "base")
    labels = {
        "a": "(a) `translate`, no scores",
        "b": "(b) `translate_scored`: beam search + `score_batch`",
        "c": "(c) `score`: a cached translation scored",
        "d": "(d) greedy `translate_batch`, `return_logits_vocab`",
        "e": "(e) greedy `generate_tokens`, `return_log_prob`",
    }
    command = " ".join(shlex.quote(a) for a in [Path(sys.executable).as_posix(), *sys.argv])
    lines = [
        "## Confidence: what the scores cost",
        "",
        f"Command: `{command}` (from `{ROOT.name}/`)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()},"
        f" CTranslate2 {ctranslate2.__version__}. Input: the sample post's {len(sentences)} sentences. "
        f"Medians of {args.runs} interleaved runs after a warm-up; int8, intra_threads {args.threads}.",
        "",
    ]
    summary = []
    for name, folder in packages.items():
        methods, facts = _methods(folder, sentences, args.threads)
        methods = {key: run for key, run in methods.items() if key in args.methods or key == "a"}
        for run in methods.values():
            run()
        times = {key: [] for key in methods}
        for _ in range(args.runs):
            for key, run in methods.items():
                started = time.perf_counter()
                run()
                times[key].append(time.perf_counter() - started)
        median = {key: statistics.median(values) for key, values in times.items()}
        lines += [
            f"**{name}** ({facts['distinct']} distinct sentences; (b) gives the same text as (a): "
            f"{facts['same']}; {facts['doubtful']} doubtful words)",
            "",
            "| Method | Median (s) | Min (s) | Max (s) | Relative to (a) |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for key, label in labels.items():
            if key not in times:
                continue
            values = times[key]
            lines.append(
                f"| {label} | {median[key]:.3f} | {min(values):.3f} | {max(values):.3f} | "
                f"{median[key] / median['a']:.2f}× |"
            )
        lines.append("")
        if "b" not in median:
            continue
        extra = median["b"] / median["a"] - 1
        summary.append(
            f"- {name}: scoring adds {extra:+.1%} to translation time (target: at most +25%): "
            f"{'met' if extra <= 0.25 else 'NOT met'}."
        )
    lines += summary
    table = "\n".join(lines) + "\n"
    print(table)
    if args.output:
        args.output.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
