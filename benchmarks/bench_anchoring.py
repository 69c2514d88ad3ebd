"""Time re-anchoring 1,000 quotes after an edit, per block and against the whole text."""

# The scenario from the anchoring issue: a text of about 100k code points holding 10,000
# annotations; one edit inserts a sentence before each of 1,000 of them and replaces one word
# inside 20% of those. Each of the 1,000 is then located again from its stored quote, 32 code
# points of prefix and suffix, and its old start as the hint: once within its own block (the
# usual case), once against the whole text. Every timed run starts with empty caches.
#
#   /work/venv/bin/python benchmarks/bench_anchoring.py [--runs 5] [--seed 1] [--length 100000]

import argparse
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This checkout's `reader`, not whichever one the virtual environment has installed.
sys.path.insert(0, str(ROOT))

from reader.core.notes import anchoring  # noqa: E402
from reader.core.notes.anchoring import locate  # noqa: E402

TARGET_LENGTH = 100_000
ANNOTATIONS = 10_000
RELOCATED = 1_000
CHANGED_SHARE = 0.2
DELETED = 200
CONTEXT = 32  # code points of prefix and suffix stored, as the Hypothesis client does
SEPARATOR = "\n\n"


@dataclass
class Quote:
    """A highlight: words `start:end` of one sentence of one block."""

    block: int
    sentence: int
    start: int
    end: int
    changed: bool = False
    selectors: dict = field(default_factory=dict)  # "block" and "whole": what was stored
    truths: dict = field(default_factory=dict)  # "block" and "whole": where it is after the edit


def load_sentences() -> list[str]:
    """Every sentence of the Indonesian test texts, split after . ! ? or a closing quote."""
    data = ROOT / "tests" / "data"
    paths = sorted((data / "id-news").glob("*.txt")) + sorted((data / "seed").glob("*.txt"))
    sentences = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            sentences.extend(s for s in re.split(r"(?<=[.!?”\"])\s+", line.strip()) if len(s) > 20)
    return sentences


def shuffled(sentence: str, rng: random.Random) -> str:
    """A sentence's words in another order: real vocabulary, new text."""
    words = sentence.split()
    rng.shuffle(words)
    return " ".join(words)


def build_blocks(sentences: list[str], rng: random.Random, length: int) -> list[list[str]]:
    """Paragraphs of 2 to 6 sentences: every sentence once, then shuffled copies up to the length."""
    # The test texts hold about 77k code points. Verbatim repeats would give quotes identical copies,
    # context and all, that only the hint could tell apart; shuffled words give none.
    pool = rng.sample(sentences, len(sentences))
    blocks, total = [], 0
    while total < length:
        size = rng.randint(2, 6)
        block = [pool.pop() if pool else shuffled(rng.choice(sentences), rng) for _ in range(size)]
        blocks.append(block)
        total += len(" ".join(block)) + len(SEPARATOR)
    return blocks


def pick_quote(blocks: list[list[str]], rng: random.Random) -> Quote:
    """A highlight of 1 to 12 whole words inside one sentence."""
    block = rng.randrange(len(blocks))
    sentence = rng.randrange(len(blocks[block]))
    words = [m.span() for m in re.finditer(r"\S+", blocks[block][sentence])]
    count = min(len(words), rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12]))
    first = rng.randrange(len(words) - count + 1)
    return Quote(block, sentence, words[first][0], words[first + count - 1][1])


def render(blocks: list[list[str]]) -> tuple[str, list[str], list[int], list[list[int]]]:
    """The whole text, each block's text, where blocks start, and where sentences start in blocks."""
    texts, block_starts, sentence_starts, position = [], [], [], 0
    for block in blocks:
        offsets, offset = [], 0
        for sentence in block:
            offsets.append(offset)
            offset += len(sentence) + 1
        texts.append(" ".join(block))
        block_starts.append(position)
        sentence_starts.append(offsets)
        position += len(texts[-1]) + len(SEPARATOR)
    return SEPARATOR.join(texts), texts, block_starts, sentence_starts


def spans(quote: Quote, block_starts: list[int], sentence_starts: list[list[int]], sentence: int) -> dict:
    """The quote's span within its block and within the whole text."""
    start = sentence_starts[quote.block][sentence] + quote.start
    end = start + quote.end - quote.start
    offset = block_starts[quote.block]
    return {"block": (start, end), "whole": (offset + start, offset + end)}


def selector(text: str, start: int, end: int) -> dict:
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
        "hint": start,
    }


def build_scenario(seed: int, length: int = TARGET_LENGTH) -> tuple[str, str, list[str], list[Quote]]:
    """The text before and after the edit, the blocks after it, and the quotes to relocate."""
    rng = random.Random(seed)
    sentences = load_sentences()
    vocabulary = sorted({w for s in sentences for w in re.findall(r"[A-Za-z]{4,}", s)})
    blocks = build_blocks(sentences, rng, length)
    annotations = [pick_quote(blocks, rng) for _ in range(ANNOTATIONS)]
    old_whole, old_texts, block_starts, sentence_starts = render(blocks)

    # The 1,000 to relocate do not overlap one another, so their edits do not interfere.
    quotes, by_sentence = [], {}
    for quote in annotations:
        taken = by_sentence.setdefault((quote.block, quote.sentence), [])
        if len(quotes) < RELOCATED and all(quote.end <= s.start or s.end <= quote.start for s in taken):
            taken.append(quote)
            quotes.append(quote)
    for quote in quotes:
        old = spans(quote, block_starts, sentence_starts, quote.sentence)
        quote.selectors = {
            "block": selector(old_texts[quote.block], *old["block"]),
            "whole": selector(old_whole, *old["whole"]),
        }

    # One word replaced inside 20% of the quotes, right to left within a sentence so that the
    # quotes after a change shift with it.
    multiword = [q for q in quotes if " " in blocks[q.block][q.sentence][q.start : q.end]]
    for quote in rng.sample(multiword, int(CHANGED_SHARE * RELOCATED)):
        quote.changed = True
    for quote in sorted(quotes, key=lambda q: (q.block, q.sentence, -q.start)):
        if not quote.changed:
            continue
        sentence = blocks[quote.block][quote.sentence]
        words = [m.span() for m in re.finditer(r"\S+", sentence[quote.start : quote.end])]
        word_start, word_end = (quote.start + offset for offset in rng.choice(words))
        replacement = rng.choice([w for w in vocabulary if w != sentence[word_start:word_end]])
        blocks[quote.block][quote.sentence] = sentence[:word_start] + replacement + sentence[word_end:]
        shift = len(replacement) - (word_end - word_start)
        for other in by_sentence[(quote.block, quote.sentence)]:
            if other.start >= quote.end:
                other.start += shift
                other.end += shift
        quote.end += shift

    # A new sentence before every sentence holding a relocated quote.
    edited = []
    for index, block in enumerate(blocks):
        new_block = []
        for number, sentence in enumerate(block):
            if by_sentence.get((index, number)):
                new_block.append(shuffled(rng.choice(sentences), rng))
            new_block.append(sentence)
        edited.append(new_block)
    new_whole, new_texts, block_starts, sentence_starts = render(edited)
    for quote in quotes:
        moved = sum(1 for n in range(quote.sentence + 1) if by_sentence.get((quote.block, n)))
        quote.truths = spans(quote, block_starts, sentence_starts, quote.sentence + moved)
        if not quote.changed:
            start, end = quote.truths["whole"]
            assert new_whole[start:end] == quote.selectors["whole"]["exact"]
    return old_whole, new_whole, new_texts, quotes


def median_seconds(runs: int, locate_all) -> tuple[float, float, list]:
    """Median wall and CPU seconds of `runs` runs, each with empty caches, and the last run's results."""
    times, cpu, results = [], [], []
    for _ in range(runs):
        anchoring._encoded_text.cache_clear()
        anchoring._symbols.cache_clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        results = locate_all()
        cpu.append(time.process_time() - started_cpu)
        times.append(time.perf_counter() - started)
    return statistics.median(times), statistics.median(cpu), results


def describe(results: list, truths: list) -> str:
    """How many results hit the true span, overlap it, are missing or land elsewhere."""
    exact = sum(r == t for r, t in zip(results, truths))
    missing = sum(r is None for r in results)
    overlap = sum(r is not None and r != t and r[0] < t[1] and t[0] < r[1] for r, t in zip(results, truths))
    elsewhere = len(results) - exact - overlap - missing
    return f"{exact} at the true span, {overlap} overlapping it, {missing} not found, {elsewhere} elsewhere"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--length", type=int, default=TARGET_LENGTH, help="code points before the edit")
    args = parser.parse_args()

    old_whole, new_whole, new_texts, quotes = build_scenario(args.seed, args.length)
    short = sum(len(q.selectors["block"]["exact"]) < anchoring.SHORT_QUOTE for q in quotes)
    command = f"benchmarks/bench_anchoring.py --runs {args.runs} --seed {args.seed} --length {args.length}"
    print(f"$ /work/venv/bin/python {command}")
    print(
        f"text: {len(old_whole):,} code points, {ANNOTATIONS:,} annotations; after the edit "
        f"{len(new_whole):,} code points in {len(new_texts):,} blocks"
    )
    changed = sum(q.changed for q in quotes)
    print(f"relocating {len(quotes):,} quotes: {changed} with a word replaced, {short} under 8 code points")

    texts = {"block": lambda q: new_texts[q.block], "whole": lambda q: new_whole}
    for scope, name in (("block", "per block"), ("whole", "whole text")):
        seconds, cpu, results = median_seconds(
            args.runs, lambda: [locate(texts[scope](q), **q.selectors[scope]) for q in quotes]
        )
        each = seconds / len(quotes) * 1e6
        print(f"{name:>10}: {seconds:.3f} s (CPU {cpu:.3f} s), median of {args.runs} ({each:.0f} µs a quote); ", end="")
        print(describe(results, [q.truths[scope] for q in quotes]))

    # A quote whose text was deleted outright should come back as None.
    deleted = [q for q in quotes if not q.changed][:DELETED]
    for scope, name in (("block", "per block"), ("whole", "whole text")):
        anchored = 0
        for quote in deleted:
            text = texts[scope](quote)
            start, end = quote.truths[scope]
            anchored += locate(text[:start] + text[end:], **quote.selectors[scope]) is not None
        print(f"{name:>10}: {anchored} of {len(deleted)} deleted quotes still anchored somewhere")


if __name__ == "__main__":
    main()
