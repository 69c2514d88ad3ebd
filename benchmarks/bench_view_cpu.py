"""CPU seconds of the bilingual view's own work, which a busy machine disturbs far less than wall time.

    .venv/bin/python benchmarks/bench_view_cpu.py [--runs 5] [--tree PATH]

The 2,000-paragraph post of bench_window (its translation the original text itself), with a
highlight on each of the first five sentences of every block (every colour, every other one with
a note, so the note dots are drawn too), in a BilingualView offscreen:
- build: `set_document` with the translations and highlights, then the events it queued;
- scroll: 200 steps of 60 px from the top, each `setValue` then a synchronous `repaint`.
`--tree` measures another checkout of Baca (its `reader` package) with this same script, so two
commits can be compared in one session, alternating.
"""

import argparse
import datetime
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(runs: int) -> dict:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from bench_window import long_post
    from reader.core.notes.annotations import Quote, new_annotation
    from reader.core.text.document import load_document
    from reader.ui.bilingual_view import BilingualView

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="baca-bench-view-"))
    (folder / "post.md").write_text(long_post(2000), encoding="utf-8")
    document = load_document(folder / "post.md")
    translations = {i: [s.text for s in b.sentences] for i, b in enumerate(document.blocks)}
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc).isoformat()
    colors = ["yellow", "green", "blue", "pink", "purple", "orange"]
    notes = []
    for index, block in enumerate(document.blocks):
        for number, sentence in enumerate(block.sentences[:5]):
            quote = Quote(document, "original", index, sentence.start, sentence.end)
            note = "a note" if number % 2 else ""
            notes.append(new_annotation(quote, color=colors[len(notes) % 6], now=now, note=note, tags=()))
    view = BilingualView()
    view.resize(1200, 800)
    view.show()
    app.processEvents()
    build, scroll = [], []
    for _ in range(runs):
        started = time.process_time()
        view.session.open(document, translations, document.title, annotations=notes)
        view.show_session()
        app.processEvents()
        build.append(time.process_time() - started)
        bar = view.verticalScrollBar()
        started = time.process_time()
        for value in range(0, 60 * 200, 60):
            bar.setValue(value)
            view.viewport().repaint()
        scroll.append(time.process_time() - started)
        view.session.open(None)
        view.show_session()
    median = lambda values: sorted(values)[len(values) // 2]  # noqa: E731
    return {"blocks": len(document.blocks), "annotations": len(notes), "build": median(build), "scroll": median(scroll)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=HERE.parent, help="the checkout whose reader package is measured")
    args = parser.parse_args()
    sys.path[:0] = [str(args.tree.resolve()), str(HERE)]
    print(json.dumps({"tree": str(args.tree), **measure(args.runs)}))


if __name__ == "__main__":
    main()
