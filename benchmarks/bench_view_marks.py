"""CPU seconds of the bilingual view's passing marks: pointing at sentences, and a find with many matches.

    .venv/bin/python benchmarks/bench_view_marks.py [--runs 5] [--tree PATH]

The 2,000-paragraph post of bench_window (its translation the original text itself) with the
6,045 highlights of bench_view_cpu, in a BilingualView offscreen, 1200 × 800:
- scroll: 200 steps of 60 px from the top, each `setValue` then a synchronous `repaint`, no mark;
- hover: 300 moves of the pointer between the sentences on screen, each repainted;
- find: `find_all("yang")` (about 9,000 matches in the two columns), then the scroll again with
  every match on screen marked and the first one current.
`--tree` measures another checkout's `reader` package with this same script (decision 0026:
marks painted under and over the text, against the extra selections before it).
"""

import argparse
import datetime
import inspect
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIND = "yang"


def measure(runs: int) -> dict:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from bench_window import long_post
    from reader.core.notes.annotations import Quote, new_annotation
    from reader.core.text.document import load_document
    from reader.ui.bilingual_view import BilingualView

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="baca-bench-marks-"))
    (folder / "post.md").write_text(long_post(2000), encoding="utf-8")
    document = load_document(folder / "post.md")
    translations = {i: [s.text for s in b.sentences] for i, b in enumerate(document.blocks)}
    # bench_view_cpu's highlights: the first five sentences of every block, every colour, every
    # other one with a note.
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc).isoformat()
    colors = ["yellow", "green", "blue", "pink", "purple", "orange"]
    notes = []
    for index, block in enumerate(document.blocks):
        for number, sentence in enumerate(block.sentences[:5]):
            quote = Quote(document, "original", index, sentence.start, sentence.end)
            notes.append(new_annotation(quote, color=colors[len(notes) % 6], now=now, note="a note" if number % 2 else "", tags=()))
    view = BilingualView()
    view.resize(1200, 800)
    view.show()
    if "annotations" in inspect.signature(view.session.open).parameters:
        view.session.open(document, translations, document.title, annotations=notes)
        view.show_session()
    else:  # a tree from before the session held the annotations (--tree)
        view.session.open(document, translations, document.title)
        view.show_session(notes)
    app.processEvents()
    bar = view.verticalScrollBar()

    def scrolled() -> float:
        started = time.process_time()
        for value in range(0, 60 * 200, 60):
            bar.setValue(value)
            view.viewport().repaint()
        return time.process_time() - started

    scroll, hover, find, find_scroll = [], [], [], []
    for _ in range(runs):
        view.finder.clear()
        scroll.append(scrolled())
        bar.setValue(0)
        positions = []
        for block in view.visible_blocks():
            for column in view.layout_mode.columns:
                start, _end = view.cell_range(block, column)
                positions += [start + s + 1 for s, _e in view.sentence_spans(block, column)]
        started = time.process_time()
        for number in range(300):
            view.marks.hover_position(positions[number % len(positions)])
            view.viewport().repaint()
        hover.append(time.process_time() - started)
        view.marks.hover_position(None)
        started = time.process_time()
        found = view.finder.find_all(FIND)
        view.finder.step()
        view.viewport().repaint()
        find.append(time.process_time() - started)
        bar.setValue(0)
        find_scroll.append(scrolled())
    median = lambda values: sorted(values)[len(values) // 2]  # noqa: E731
    return {
        "blocks": len(document.blocks),
        "annotations": len(notes),
        "matches": found,
        "scroll": median(scroll),
        "hover": median(hover),
        "find": median(find),
        "scroll_with_find": median(find_scroll),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=HERE.parent, help="the checkout whose reader package is measured")
    args = parser.parse_args()
    sys.path[:0] = [str(args.tree.resolve()), str(HERE)]
    print(json.dumps({"tree": str(args.tree), **measure(args.runs)}))


if __name__ == "__main__":
    main()
