"""CPU time of one step of resizing the bilingual view, keeping the paragraph at the top of the screen.

    .venv/bin/python benchmarks/bench_resize.py [--runs 5] [--paragraphs 2000]

The long post of bench_window (its translation the original text itself) in a BilingualView
offscreen, 1000 × 700, scrolled to row 10 (near the top) and to row 1500 (deep in it); each step
`resize` to a width 8-17 px from the last, then `processEvents`. The baseline, measured in the
same run, alternately: the same view with the navigator's reading place made a no-op, so a resize
is QTextEdit's own, which lets the text slide under the screen.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WIDTHS = [1000, 1017, 991, 1008, 1000, 983]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--paragraphs", type=int, default=2000)
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))
    from PySide6.QtWidgets import QApplication

    from bench_window import long_post
    from reader.core.text.document import load_document
    from reader.ui.bilingual_view import BilingualView

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="baca-bench-resize-"))
    (folder / "post.md").write_text(long_post(args.paragraphs), encoding="utf-8")
    document = load_document(folder / "post.md")
    view = BilingualView()
    view.resize(1000, 700)
    view.show()
    view.session.open(document, {i: [s.text for s in b.sentences] for i, b in enumerate(document.blocks)}, document.title)
    view.show_session()
    deep = min(1500, len(document.blocks) - 20)
    bar = view.verticalScrollBar()
    while bar.maximum() <= view.block_rect(deep).top():  # the rest is laid out lazily
        app.processEvents()
    navigator = view.navigator
    kept = navigator.reading_place, navigator.restore_reading_place

    def steps(row: int, keep: bool) -> list[float]:
        # (Patching the class's resizeEvent would not do: PySide keeps the override it found.)
        navigator.reading_place, navigator.restore_reading_place = kept if keep else (lambda: None, lambda place: None)
        view.resize(WIDTHS[0], 700)
        app.processEvents()
        bar.setValue(round(view.block_rect(row).top()))
        times = []
        for width in WIDTHS[1:] * 3:
            start = time.process_time()
            view.resize(width, 700)
            app.processEvents()
            times.append(time.process_time() - start)
        return times

    print(f"$ .venv/bin/python benchmarks/bench_resize.py --runs {args.runs} --paragraphs {args.paragraphs}")
    print(f"{len(document.blocks):,} rows; CPU ms per resize step, median of each run's median, {args.runs} runs")
    print("| scrolled to | keeping the reading place | baseline: not keeping it | ratio |")
    print("|---|---:|---:|---:|")
    for row in (10, deep):
        ours, base = [], []
        for _ in range(args.runs):
            ours.append(statistics.median(steps(row, True)))
            base.append(statistics.median(steps(row, False)))
        a, b = statistics.median(ours) * 1000, statistics.median(base) * 1000
        print(f"| row {row} | {a:.1f} | {b:.1f} | {a / b:.2f} |")


if __name__ == "__main__":
    main()
