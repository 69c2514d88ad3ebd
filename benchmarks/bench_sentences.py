"""Time split_sentences over 2,000 news paragraphs of about 60 words; prints the median of 5 runs."""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This checkout's `reader`, not whichever one the virtual environment has installed.
sys.path.insert(0, str(ROOT))

import sentencex  # noqa: E402

from reader.core.text.sentences import split_sentences  # noqa: E402

PARAGRAPHS = 2000
WORDS = 60
RUNS = 5


def news_paragraphs() -> list[str]:
    """Paragraphs of about WORDS words, built from consecutive gold sentences of the corpus."""
    manifest = json.loads((ROOT / "tests/data/id-news/manifest.json").read_text(encoding="utf-8"))
    sentences = [s for entry in manifest for s in entry["sentences"] or ()]
    paragraphs = []
    start = 0
    while len(paragraphs) < PARAGRAPHS:
        group = [sentences[start % len(sentences)]]
        words = len(group[0].split())
        index = start + 1
        # Add sentences while that brings the paragraph closer to WORDS.
        while True:
            sentence = sentences[index % len(sentences)]
            added = len(sentence.split())
            if abs(words + added - WORDS) >= abs(words - WORDS):
                break
            group.append(sentence)
            words += added
            index += 1
        paragraphs.append(" ".join(group))
        # Start each paragraph one sentence later, so the 2,000 are not copies of a few.
        start += 1
    return paragraphs


def median_seconds(split, paragraphs: list[str]) -> float:
    """Median wall time of RUNS passes of `split` over every paragraph."""
    split(paragraphs[0])
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        for paragraph in paragraphs:
            split(paragraph)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    paragraphs = news_paragraphs()
    words = sum(len(p.split()) for p in paragraphs) / len(paragraphs)
    ours = median_seconds(split_sentences, paragraphs)
    plain = median_seconds(lambda text: sentencex.segment("id", text), paragraphs)
    print(f"{len(paragraphs)} paragraphs, {words:.0f} words each on average, median of {RUNS} runs:")
    print(f"  split_sentences   {ours * 1000:7.1f} ms  ({ours / len(paragraphs) * 1e6:.0f} us a paragraph)")
    print(f"  sentencex.segment {plain * 1000:7.1f} ms  (for comparison)")


if __name__ == "__main__":
    main()
