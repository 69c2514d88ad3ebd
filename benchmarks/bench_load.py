"""Time load_document on a saved news page of 2,000 paragraphs: median of 5 runs (target < 1.0 s)."""

import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.document import load_document  # noqa: E402

PARAGRAPHS = 2000
RUNS = 5


def news_page(paragraphs: int) -> str:
    """A saved news page with menu, sidebar, comment form and footer around `paragraphs` paragraphs."""
    manifest = json.loads((ROOT / "tests" / "data" / "id-news" / "manifest.json").read_text("utf-8"))
    # Real Indonesian sentences, three to a paragraph, so segmentation does real work.
    sentences = itertools.cycle([s for entry in manifest for s in entry["sentences"] or []])
    body = []
    for number in range(paragraphs):
        if number % 40 == 0:
            body.append(f"<h2>Bagian {number // 40 + 1}</h2>")
        body.append(f"<p>{' '.join(next(sentences) for _ in range(3))}</p>")
    return (
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>Laporan panjang</title>"
        "<link rel='canonical' href='https://berita.example/laporan-panjang'>"
        "<meta property='article:published_time' content='2021-07-13T10:00:00+07:00'></head><body>"
        "<nav><ul><li><a href='/'>Beranda</a></li><li><a href='/politik'>Politik</a></li></ul></nav>"
        f"<article><h1>Laporan panjang</h1>{''.join(body)}</article>"
        "<aside><h3>Berita Terkait</h3><ul><li><a href='/a'>Berita lain</a></li></ul></aside>"
        "<section id='respond'><h3>Tinggalkan Balasan</h3><form><textarea></textarea></form></section>"
        "<footer>Hak cipta 2021</footer></body></html>"
    )


def main() -> None:
    html = news_page(PARAGRAPHS)
    with tempfile.TemporaryDirectory(prefix="baca-bench-") as folder:
        path = Path(folder) / "laporan-panjang.html"
        path.write_text(html, encoding="utf-8")
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            document = load_document(path)
            times.append(time.perf_counter() - start)
    paragraphs = sum(block.kind == "paragraph" for block in document.blocks)
    sentences = sum(len(block.sentences) for block in document.blocks)
    print(f"page: {len(html.encode())} bytes, {paragraphs} paragraphs, {sentences} sentences")
    print(f"first run (imports trafilatura): {times[0]:.3f} s")
    print(f"median of {RUNS} runs: {statistics.median(times):.3f} s (target < 1.0 s)")


if __name__ == "__main__":
    main()
