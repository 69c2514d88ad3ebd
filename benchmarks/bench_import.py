"""Reading and importing large JSON exports: streamed (ijson) against reading the whole file (json.loads).

Each measurement runs in a fresh process, so that its peak memory is its own: the growth of the
resident set's high-water mark (VmHWM, reset through /proc/self/clear_refs) over its size
before the file is touched. The files: Baca's JSON export of the long document of
bench_export.py (2,000 paragraphs, translated) with 10,000 annotations, and copies of it whose
page repeats those annotations under new ids (Baca's own shape, any size asked for).

- `json.loads (baseline)`: what the importer did before: the file read whole, decoded, parsed.
- `read_stream`: the streamed parse alone, each annotation handed to a callback that drops it.
- `read_notes`: the streamed parse with every check, as the importer does (the Incoming kept).
- `import_notes`: the whole import into a new, empty data folder (the post restored from the
  backup, every annotation re-anchored and written in one transaction), `--import-sizes` only;
  its baseline, `import, file read whole`, is the same import with the file read by json.loads.

    /work/venv/bin/python benchmarks/bench_import.py [--runs 3] [--sizes 10000 100000 200000]
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

_WORKER = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from reader.core.notes.importer import import_notes, read_notes
from reader.core.notes.notes_json import read_stream
from reader.core.store import open_store
import sqlite_utils  # noqa: F401 (the store imports it to migrate a new folder; loaded before the measuring, as it was when the store imported it at once)
kind, path = sys.argv[1], Path(sys.argv[2])
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
with open("/proc/self/clear_refs", "w") as file:
    file.write("5")  # the peak (VmHWM) starts again from here
before = status("VmRSS")
start = time.perf_counter()
if kind == "loads":
    count = len(json.loads(path.read_bytes().decode("utf-8"))["first"]["items"])
elif kind == "stream":
    seen = []
    read_stream(path, path.name, lambda item: seen.append(None), lambda raw: None)
    count = len(seen)
elif kind == "read":
    count = len(read_notes(path).annotations)
elif kind == "import":
    folder = Path(sys.argv[3])
    folder.mkdir()
    count = import_notes(open_store(folder), path).added
else:  # the same import, the file read whole with json.loads instead of streamed
    from reader.core.notes.backup import read_document_record, restore_documents
    from reader.core.notes.importer import plan_import
    from reader.core.notes.notes_checks import check_annotation_item
    folder = Path(sys.argv[3])
    folder.mkdir()
    store = open_store(folder)
    data = json.loads(path.read_bytes().decode("utf-8"))
    problems = []
    documents = [read_document_record(n, raw, problems) for n, raw in enumerate(data["baca:documents"], 1)]
    incoming = [check_annotation_item(n, item, problems) for n, item in enumerate(data["first"]["items"], 1)]
    assert not problems, problems[:3]
    with store.transaction():
        restore_documents(store, documents)
        count = len(store.add_annotations(plan_import(store, incoming).annotations))
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "peak_mb": (status("VmHWM") - before) / 1024, "count": count}}))
"""


def build_export(folder: Path) -> Path:
    """Baca's JSON export of bench_export's long document with 10,000 annotations."""
    from bench_export import MODEL, annotations_for, long_document

    from reader.core.notes.export import collect_notes, dumps, export_json
    from reader.core.store import open_store

    document = long_document()
    data = folder / "source-data"
    data.mkdir()
    store = open_store(data)
    store.record_document(document)
    store.save_translations(MODEL, {s.text: f"EN: {s.text}" for b in document.blocks for s in b.sentences})
    store.add_annotations(annotations_for(document))
    path = folder / "notes-10000.json"
    path.write_text(dumps(export_json(collect_notes(store))), encoding="utf-8")
    store.close()
    return path


def scaled(base: Path, count: int) -> Path:
    """The export with its annotations repeated under new ids until it holds `count`."""
    if count == 10_000:
        return base
    collection = json.loads(base.read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    path = base.with_name(f"notes-{count}.json")
    head, _, tail = base.read_text(encoding="utf-8").partition('"items": [\n')
    head = head.replace(f'"total": {len(items)},', f'"total": {count},', 1)
    with path.open("w", encoding="utf-8") as file:
        file.write(head + '"items": [\n')
        for number in range(count):
            item = dict(items[number % len(items)])
            item["id"] = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'bench:{number}')}"
            file.write(("" if number == 0 else ",\n") + "      " + json.dumps(item, ensure_ascii=False))
        file.write("\n    ]\n  }\n}\n")
    return path


def measure(kind: str, path: Path, runs: int, folder: Path) -> dict:
    results = []
    for run in range(runs):
        argv = [sys.executable, "-c", _WORKER.format(root=str(ROOT)), kind, str(path), str(folder / f"import-{kind}-{path.stem}-{run}")]
        done = subprocess.run(argv, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{kind} on {path.name} failed:\n{done.stderr}")
        output = done.stdout
        results.append(json.loads(output))
    return {
        "seconds": statistics.median(r["seconds"] for r in results),
        "peak_mb": statistics.median(r["peak_mb"] for r in results),
        "count": results[0]["count"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 200_000])
    parser.add_argument("--import-sizes", type=int, nargs="*", default=[10_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="baca-bench-import-") as name:
        folder = Path(name)
        base = build_export(folder)
        print(f"{'file':28} {'step':24} {'median':>9} {'peak memory':>12}  ratio to json.loads")
        for count in sorted(set(args.sizes) | set(args.import_sizes)):
            path = scaled(base, count)
            size = f"{count:,} ({path.stat().st_size / 2**20:.0f} MB)"
            baseline = measure("loads", path, args.runs, folder)
            rows = [("json.loads (baseline)", baseline)]
            if count in args.sizes:
                rows += [("read_stream", measure("stream", path, args.runs, folder)),
                         ("read_notes", measure("read", path, args.runs, folder))]
            if count in args.import_sizes:
                runs = 1 if count > 10_000 else args.runs
                whole = measure("import-whole", path, runs, folder)
                rows += [("import, file read whole", whole), ("import_notes", measure("import", path, runs, folder))]
            for step, result in rows:
                assert result["count"] == count, (step, result)
                ratio = (f"{result['seconds'] / baseline['seconds']:.2f}x time, "
                         f"{result['peak_mb'] / max(baseline['peak_mb'], 0.1):.2f}x memory")
                print(f"{size:28} {step:24} {result['seconds']:7.2f} s {result['peak_mb']:9.0f} MB  {ratio}")
            if path != base:
                path.unlink()


if __name__ == "__main__":
    main()
