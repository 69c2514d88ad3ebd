"""Time load_document on saved pages of 2,000 paragraphs: median of 5 runs (target < 1.0 s).

Two pages: a news page whose article has no class Baca knows (trafilatura finds it), and a Blogger
post whose body is text split by <br /><br /> (Baca reads the post's element, trafilatura checks it).
The baseline, timed in the same run on the same pages, is trafilatura's bare_extraction alone.
"""

import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.text.document import load_document  # noqa: E402

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


def blogger_page(paragraphs: int) -> str:
    """A Blogger post page (Simple theme's skeleton) whose body is text split by <br /><br />."""
    manifest = json.loads((ROOT / "tests" / "data" / "id-news" / "manifest.json").read_text("utf-8"))
    sentences = itertools.cycle([s for entry in manifest for s in entry["sentences"] or []])
    body = []
    for number in range(paragraphs):
        if number % 40 == 0:
            body.append(f"<b>Bagian {number // 40 + 1}</b><br /><br />")
        body.append(f"{' '.join(next(sentences) for _ in range(3))}<br /><br />\n")
    return (
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>Catatan: Laporan panjang</title>"
        "<link rel='canonical' href='https://catatan.blogspot.com/2021/07/laporan-panjang.html'></head><body>"
        "<div class='widget Header'><h1>Catatan</h1></div><div class='widget Blog'><div class='post hentry'>"
        "<h2 class='date-header'><span>Selasa, 13 Juli 2021</span></h2>"
        "<h3 class='post-title entry-title'>Laporan panjang</h3>"
        f"<div class='post-body entry-content'>{''.join(body)}</div>"
        "<div class='post-footer'>Diposting oleh Sari di 09.30 <span class='post-labels'>Label: Berita</span></div>"
        "</div><div class='comments' id='comments'><h4>1 komentar:</h4><p>Terima kasih.</p></div>"
        "<div class='blog-pager' id='blog-pager'><a>Posting Lebih Baru</a></div></div>"
        "<div class='widget PopularPosts'><h2>Postingan Populer</h2></div></body></html>"
    )


def _median(action, runs: int) -> tuple[float, float, object]:
    """First run, median of the runs, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times), result


def main() -> None:
    import trafilatura

    from reader.core.text.webpage import _DATES, _EXTRACTION

    print(f"median of {RUNS} runs each; target: load_document < 1.0 s")
    with tempfile.TemporaryDirectory(prefix="baca-bench-") as folder:
        for name, html in (("news page, no known post element", news_page(PARAGRAPHS)),
                           ("Blogger post, <br /><br /> body", blogger_page(PARAGRAPHS))):
            path = Path(folder) / "laporan-panjang.html"
            path.write_text(html, encoding="utf-8")
            first, median, document = _median(lambda: load_document(path), RUNS)
            _, baseline, _ = _median(
                lambda: trafilatura.bare_extraction(
                    html, with_metadata=True, date_extraction_params=_DATES, **_EXTRACTION
                ),
                RUNS,
            )
            paragraphs = sum(block.kind == "paragraph" for block in document.blocks)
            sentences = sum(len(block.sentences) for block in document.blocks)
            print(f"{name}: {len(html.encode())} bytes, {paragraphs} paragraphs, {sentences} sentences")
            print(f"  load_document: {median:.3f} s (first run {first:.3f} s)")
            print(f"  baseline, trafilatura.bare_extraction alone: {baseline:.3f} s; ratio {median / baseline:.2f}")


if __name__ == "__main__":
    main()
