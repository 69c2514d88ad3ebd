"""Time and peak memory of loading, showing and translating documents at and over the limits.

Each case runs in a fresh Python process (so its peak resident memory, VmHWM, is its own),
interleaved with the others, several times; the table gives medians. Cases:

- `idle`: the process imports `reader.core.text.document` and does nothing: the memory floor.
- `read-19mb-text`: read and decode the 19 MB one-line text (the least any loader must do).
- `load-19mb-text`: `load_document` on it (issue 10: 98 s and 5.3 GB before the limits).
- `load-19mb-page`: `load_document` on a 19 MB saved page of paragraphs.
- `load-limit-line`: a text of just under 1,000,000 characters on one line.
- `show-limit-paragraphs`: just under 1,000,000 characters in 4,300 paragraphs, loaded, shown
  in the BilingualView (offscreen) and every translation filled in.
- `translate-long-block`: one 4,000-character paragraph without a full stop, translated with the
  base-shaped copy model (`translate_blocks`: 7 sentences, each under 200 tokens).
- `translate-sample-paragraph`: the sample's longest paragraph, the same way (the baseline).

`--old REV` also runs the two 19 MB cases once on the code of git revision REV (extracted with
`git archive`), with a time limit, to show what the limits replaced.

    .venv/bin/python benchmarks/bench_huge.py [--runs 5] [--old REV] [--old-timeout 400]
"""

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = (
    "idle",
    "read-19mb-text",
    "load-19mb-text",
    "load-19mb-page",
    "load-limit-line",
    "show-limit-paragraphs",
    "translate-long-block",
    "translate-sample-paragraph",
)
OLD_CASES = ("load-19mb-text", "load-19mb-page")


# --- Inputs (written once by the parent) -------------------------------------------------------


def _sample_lines() -> list[str]:
    lines = (ROOT / "tests/data/seed/000_12db35e2f43f4474.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def _numbered(separator: str, chars: int, wrap=lambda line: line) -> str:
    """Sample paragraphs, each numbered so no two are equal, joined up to about `chars`."""
    lines, parts, size, i = _sample_lines(), [], 0, 0
    while True:
        part = wrap(f"{lines[i % len(lines)]} Bagian {i}.")
        if size + len(part) + len(separator) > chars:
            return separator.join(parts)
        parts.append(part)
        size += len(part) + len(separator)
        i += 1


def write_inputs(folder: Path) -> None:
    (folder / "19mb.txt").write_text(_numbered(" ", 19_000_000), encoding="utf-8")
    body = _numbered("\n", 19_000_000, wrap=lambda line: f"<p>{line}</p>")
    page = f"<!doctype html><html><head><title>Uji</title></head><body><article>{body}</article></body></html>"
    (folder / "19mb.html").write_text(page, encoding="utf-8")
    (folder / "limit-line.txt").write_text(_numbered(" ", 999_000), encoding="utf-8")
    (folder / "limit-paragraphs.txt").write_text(_numbered("\n\n", 999_000), encoding="utf-8")
    words = "kontradiksi yang menumpuk tidak dapat diselesaikan dalam satu sentakan namun".split()
    block = " ".join(words[i % len(words)] for i in range(4000))[:3999]
    (folder / "long-block.txt").write_text(block[: block.rindex(" ")], encoding="utf-8")


# --- One case, in this process ----------------------------------------------------------------


def run_case(case: str, folder: Path) -> dict:
    from reader.core.text.document import load_document
    from reader.core.errors import ReaderError

    note = ""
    start = time.perf_counter()
    if case == "read-19mb-text":
        note = f"{len((folder / '19mb.txt').read_bytes().decode('utf-8')):,} characters"
    elif case.startswith("load-"):
        name = {"load-19mb-text": "19mb.txt", "load-19mb-page": "19mb.html", "load-limit-line": "limit-line.txt"}
        try:
            document = load_document(folder / name[case])
            sentences = sum(len(block.sentences) for block in document.blocks)
            note = f"loaded: {len(document.blocks):,} blocks, {sentences:,} sentences"
        except ReaderError as error:
            note = "refused: " + str(error).split(": ", 1)[1]
    elif case == "show-limit-paragraphs":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication

        from reader.ui.bilingual_view import BilingualView

        app = QApplication([])
        start = time.perf_counter()  # Qt's start-up is not the document's cost
        document = load_document(folder / "limit-paragraphs.txt")
        view = BilingualView()
        view.resize(1200, 800)
        view.show()
        view.set_document(document)
        app.processEvents()
        view.set_translations({i: [s.text for s in b.sentences] for i, b in enumerate(document.blocks)})
        app.processEvents()
        sentences = sum(len(block.sentences) for block in document.blocks)
        note = f"{len(document.blocks):,} blocks, {sentences:,} sentences shown in both columns"
    elif case.startswith("translate-"):
        from reader.core.translate.packages import read_package
        from reader.core.text.sentences import split_sentences
        from reader.core.translate.translation import Translator, translate_blocks

        package = read_package(folder / "base-sentencepiece-id_en", writable=True)
        if case == "translate-long-block":
            text = (folder / "long-block.txt").read_text(encoding="utf-8")
        else:
            text = max(_sample_lines(), key=len)
        translator = Translator(package, identity="bench")
        translator.load()
        start = time.perf_counter()  # loading the model costs the same in both cases
        sentences = [s.text for s in split_sentences(text)]
        [(_, [english])] = list(translate_blocks(translator, [sentences]))
        note = f"{len(text):,} characters, {len(sentences)} sentences, copied exactly: {english == sentences}"
    elif case != "idle":
        raise SystemExit(f"unknown case {case}")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(os.getpid()), "note": note}


def _peak_mb(pid: int) -> float:
    """The kernel's high-water mark of a process's resident memory (VmHWM), in MB.

    Not ru_maxrss: Linux keeps that across exec, so a child would report its parent's peak.
    """
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024


# --- The parent: runs, medians, the table ------------------------------------------------------


def _child(case: str, folder: Path, code: Path, timeout: float | None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code))
    command = [sys.executable, str(Path(__file__).resolve()), "--case", case, "--inputs", str(folder)]
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=code, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        peak = _peak_mb(process.pid)  # so far, read before stopping it
        process.kill()
        process.communicate()
        return {"seconds": None, "peak_mb": peak, "note": f"stopped after {time.perf_counter() - began:.0f} s"}
    if process.returncode:
        return {"seconds": None, "peak_mb": None, "note": f"failed: {err.strip().splitlines()[-1]}"}
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--old", help="a git revision to run the 19 MB cases on, once")
    parser.add_argument("--old-timeout", type=float, default=400)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.inputs)))
        return
    if args.runs < 5:
        parser.error("use at least 5 runs")

    with tempfile.TemporaryDirectory(prefix="baca-bench-huge-") as work:
        folder = Path(work)
        write_inputs(folder)
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from models import build_base_package

        build_base_package(folder)
        results: dict[str, list[dict]] = {case: [] for case in CASES}
        for _ in range(args.runs):
            for case in CASES:
                results[case].append(_child(case, folder, ROOT, None))
        old = {}
        if args.old:
            code = folder / "old"
            code.mkdir()
            archive = subprocess.run(["git", "archive", args.old], cwd=ROOT, capture_output=True, check=True)
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(code, filter="data")
            old = {case: _child(case, folder, code, args.old_timeout) for case in OLD_CASES}

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.")
    print(f"Medians of {args.runs} interleaved runs, each case in a fresh process; peak = VmHWM.\n")
    print("| case | seconds | peak memory (MB) | over idle (MB) | result |")
    print("|---|---:|---:|---:|---|")
    idle = statistics.median(r["peak_mb"] for r in results["idle"])
    for case in CASES:
        runs = results[case]
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        print(f"| {case} | {seconds:.3f} | {peak:.0f} | {peak - idle:+.0f} | {runs[-1]['note']} |")
    for case, run in old.items():
        seconds = f"over {args.old_timeout:.0f}" if run["seconds"] is None else f"{run['seconds']:.1f}"
        peak = "—" if run["peak_mb"] is None else f"{run['peak_mb']:.0f}"
        if run["seconds"] is None and run["peak_mb"] is not None:
            peak += " so far"
        print(f"| {case}, code of {args.old} (one run) | {seconds} | {peak} | | {run['note']} |")


if __name__ == "__main__":
    main()
