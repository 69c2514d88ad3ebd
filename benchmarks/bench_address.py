"""Time opening a web address served from 127.0.0.1, against opening the same page saved as a file.

For two pages (a news post of 12 paragraphs and the 2,000-paragraph page of bench_load.py), each
run times, interleaved in one process:

- fetch: `fetch_page` alone (the HTTP request over loopback, read into memory);
- address: `fetch_document` (fetch, then trafilatura and sentence splitting), what the window's
  web lane runs;
- file: `load_document` on the same HTML saved to a file, the baseline (File › Open);
- keep: `Store.keep_page` into a file-backed store (record the document, keep the page: one transaction);
- reopen: `Store.kept_page` + `page_document`, what Open Recent does for a kept page, offline;
- window: in a real MainWindow (offscreen), from `open_address` to `document_opened`.

Usage: python benchmarks/bench_address.py [--runs N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.bench_load import news_page  # noqa: E402
from reader.core.text.document import load_document  # noqa: E402
from reader.core.store import open_store  # noqa: E402
from reader.core.text.web import fetch_page  # noqa: E402
from reader.core.text.web_pages import fetch_document, page_document  # noqa: E402
from tests.support.web_server import WebServer  # noqa: E402

SHORT_PARAGRAPHS = 12


def _timed(work):
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _window(data_dir: Path):
    from PySide6.QtWidgets import QApplication

    from reader.app import build_window

    app = QApplication.instance() or QApplication([])
    window = build_window(data_dir)  # no model installed: the column says so
    window.resize(1200, 800)
    window.show()
    return app, window, window.tasks, window.store


def _window_open(app, window, url: str) -> float:
    """From open_address to the document shown, the event loop running meanwhile."""
    opened = []
    window.document_opened.connect(opened.append)
    start = time.perf_counter()
    window.open_address(url)
    while not opened:
        app.processEvents()
        time.sleep(0.0005)
    seconds = time.perf_counter() - start
    window.document_opened.disconnect(opened.append)
    window.open_sample()  # another post in between, as a reader would
    while window.document is None or window.document.source == url:
        app.processEvents()
        time.sleep(0.0005)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    server = WebServer().start()
    pages = {
        f"{SHORT_PARAGRAPHS}-paragraph post": news_page(SHORT_PARAGRAPHS),
        "2,000-paragraph page": news_page(2000),
    }
    urls = {name: server.page(f"/{index}/laporan.html", html) for index, (name, html) in enumerate(pages.items())}
    with tempfile.TemporaryDirectory(prefix="baca-bench-address-") as folder:
        folder = Path(folder)
        core_dir, window_dir = folder / "core", folder / "window"
        core_dir.mkdir()
        window_dir.mkdir()
        store = open_store(core_dir)
        app, window, tasks, window_store = _window(window_dir)
        # Warm-up: imports (trafilatura) and first connections, reported apart.
        first = {name: _timed(lambda url=url: fetch_document(url))[0] for name, url in urls.items()}
        keys = ("fetch", "address", "file", "keep", "reopen", "window")
        results = {name: {key: [] for key in keys} for name in pages}
        for _ in range(args.runs):
            for name, html in pages.items():
                url, row = urls[name], results[name]
                saved = folder / f"{len(html)}.html"
                saved.write_text(html, encoding="utf-8")
                row["fetch"].append(_timed(lambda: fetch_page(url))[0])
                seconds, fetched = _timed(lambda: fetch_document(url))
                row["address"].append(seconds)
                row["file"].append(_timed(lambda: load_document(saved))[0])
                row["keep"].append(_timed(lambda: store.keep_page(fetched.document, fetched.page))[0])
                document_id = fetched.document.id
                reopen = lambda: page_document(store.kept_page(document_id), keep_id=document_id)  # noqa: E731
                row["reopen"].append(_timed(reopen)[0])
                row["window"].append(_window_open(app, window, url))
        window.close()
        tasks.shutdown(wait=True)
        window_store.close()
        store.close()
    server.stop()

    print(f"runs: {args.runs}, medians in seconds; load average {os.getloadavg()[0]:.2f}")
    print(
        "| page | bytes | fetch | address | file (baseline) | address / file | keep | reopen offline "
        "| window: open_address to shown | first fetch_document (imports) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, html in pages.items():
        m = {key: statistics.median(values) for key, values in results[name].items()}
        print(
            f"| {name} | {len(html.encode()):,} | {m['fetch']:.4f} | {m['address']:.3f} | {m['file']:.3f} | "
            f"{m['address'] / m['file']:.2f}× | {m['keep']:.4f} | {m['reopen']:.3f} | {m['window']:.3f} "
            f"| {first[name]:.3f} |"
        )


if __name__ == "__main__":
    main()
