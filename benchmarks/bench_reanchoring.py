"""How well re-anchoring keeps highlights through edits of real Indonesian news, against a baseline."""

# Each trial is one highlight (1 to 12 whole words inside one sentence) on a post made of
# consecutive articles of tests/data/id-news (2 to 4 sentences a paragraph, about 6,000 code
# points a post), one edit of that post, and one reanchor() call. The edits:
#
#   deleted   the quote's sentence is deleted                   right answer: detached
#   edited    one or two of its words replaced by other words   right: the new words, >= 90% IoU
#   inserted  1-4 words inserted right before or after it       right: its span, not one code
#                                                                 point of the inserted words
#   inserted+edited  the same, and one of its words replaced    right: >= 90% IoU, none inserted
#             (not the word next to the insertion: that edit is ambiguous)
#   moved     its paragraph moved elsewhere in the post          right: the same text there
#   repeated  its sentence copied into another paragraph        right: where it was
#
# The same trials are run with this checkout's `reader` and with a baseline revision's (`git
# archive`), each in its own process, in the same run. Times are reanchor() alone (the document
# is built beforehand), in CPU seconds of the process (wall times swing with the machine's load),
# median of --runs, with empty caches each run.
#
#   /work/venv/bin/python benchmarks/bench_reanchoring.py [--per-kind 100] [--runs 5] [--seeds 1,2,3]
#       [--baseline 62988fa]

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("deleted", "edited", "inserted", "inserted+edited", "moved", "repeated")
POST_LENGTH = 6_000
WORD_COUNTS = (1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12)
BASELINE = "62988fa"  # main before issue 11's anchoring work
CREATED = "2026-01-01T00:00:00.000Z"

Paragraphs = list[list[str]]  # a post: paragraphs of sentences, joined by one space


@dataclass
class Trial:
    """One highlight, one edit, and the right answer: (block, start, end), or None for detached."""

    kind: str
    before: Paragraphs
    after: Paragraphs
    span: tuple[int, int, int]  # the highlight in `before`
    truth: tuple[int, int, int] | None
    inserted: tuple[int, int, int] | None = None  # (block, start, end) of inserted words in `after`
    changed: bool = False  # words inside the quote were replaced


def load_posts() -> list[list[str]]:
    """Posts of consecutive id-news articles, each a list of sentences, about POST_LENGTH long."""
    posts, current, length = [], [], 0
    for path in sorted((ROOT / "tests" / "data" / "id-news").glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            for sentence in re.split(r"(?<=[.!?”\"])\s+", line.strip()):
                if sentence:
                    current.append(sentence)
                    length += len(sentence) + 1
        if length >= POST_LENGTH:
            posts.append(current)
            current, length = [], 0
    if current:
        posts.append(current)
    return posts


def paragraphs_of(sentences: list[str], rng: random.Random) -> Paragraphs:
    paragraphs, at = [], 0
    while at < len(sentences):
        size = rng.randint(2, 4)
        paragraphs.append(sentences[at : at + size])
        at += size
    return paragraphs


def text_of(paragraph: list[str]) -> str:
    return " ".join(paragraph)


def sentence_start(paragraph: list[str], number: int) -> int:
    return sum(len(s) + 1 for s in paragraph[:number])


def words(sentence: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", sentence)]


def pick(paragraphs: Paragraphs, rng: random.Random, least_words: int = 1) -> tuple[int, int, int, int]:
    """(paragraph, sentence, first word, word count) of a highlight; a quarter start their sentence."""
    while True:
        block = rng.randrange(len(paragraphs))
        number = rng.randrange(len(paragraphs[block]))
        spans = words(paragraphs[block][number])
        count = min(len(spans), rng.choice(WORD_COUNTS))
        if count < least_words:
            continue
        first = 0 if rng.random() < 0.25 else rng.randrange(len(spans) - count + 1)
        return block, number, first, count


def located(paragraphs: Paragraphs, block: int, number: int, first: int, count: int) -> tuple[int, int, int]:
    spans = words(paragraphs[block][number])
    offset = sentence_start(paragraphs[block], number)
    return block, offset + spans[first][0], offset + spans[first + count - 1][1]


def replace_words(
    paragraphs: Paragraphs,
    at: tuple[int, int, int, int],
    vocabulary: list[str],
    how_many: int,
    rng: random.Random,
    keep: int | None = None,
) -> Paragraphs:
    """A copy with `how_many` of the quote's words (never its word number `keep`) replaced by other corpus words."""
    block, number, first, count = at
    sentence = paragraphs[block][number]
    spans = words(sentence)
    allowed = [index for index in range(first, first + count) if index != keep]
    chosen = sorted(rng.sample(allowed, how_many), reverse=True)
    for index in chosen:
        start, end = spans[index]
        old = sentence[start:end]
        new = rng.choice([w for w in vocabulary if w.lower() != old.lower().strip(",.")])
        sentence = sentence[:start] + new + sentence[end:]
    edited = [list(p) for p in paragraphs]
    edited[block][number] = sentence
    return edited


def make_trial(kind: str, paragraphs: Paragraphs, vocabulary: list[str], rng: random.Random) -> Trial:
    least = 2 if kind in ("edited", "inserted+edited") else 1
    at = pick(paragraphs, rng, least)
    block, number, first, count = at
    span = located(paragraphs, *at)
    if kind == "deleted":
        after = [list(p) for p in paragraphs]
        del after[block][number]
        if not after[block]:
            del after[block]
        return Trial(kind, paragraphs, after, span, None)
    if kind == "edited":
        how_many = 1 if count < 4 else rng.choice([1, 2])
        after = replace_words(paragraphs, at, vocabulary, how_many, rng)
        return Trial(kind, paragraphs, after, span, located(after, *at), changed=True)
    if kind in ("inserted", "inserted+edited"):
        # With a word replaced too, it is never the quote's word next to the insertion: "Dana
        # jumlahnya dalam perjanjian" for "Dana yang" could be either edit, and is not scored.
        changed = kind == "inserted+edited"
        before = rng.random() < 0.5
        keep = first if before else first + count - 1
        after = replace_words(paragraphs, at, vocabulary, 1, rng, keep) if changed else [list(p) for p in paragraphs]
        quote = text_of(paragraphs[block])[span[1] : span[2]]
        while True:  # words from elsewhere in the post, never a copy of the quote
            donor_words = rng.choice([s for p in paragraphs for s in p]).split()
            size = min(len(donor_words), rng.randint(1, 4))
            begin = rng.randrange(len(donor_words) - size + 1)
            inserted = " ".join(donor_words[begin : begin + size])
            if inserted not in quote and quote not in inserted:
                break
        sentence = after[block][number]
        spans = words(sentence)
        offset = sentence_start(after[block], number)
        if before:
            at_start = spans[first][0]
            after[block][number] = sentence[:at_start] + inserted + " " + sentence[at_start:]
            where = (block, offset + at_start, offset + at_start + len(inserted))
            first += size
        else:
            at_end = spans[first + count - 1][1]
            after[block][number] = sentence[:at_end] + " " + inserted + sentence[at_end:]
            where = (block, offset + at_end + 1, offset + at_end + 1 + len(inserted))
        truth = located(after, block, number, first, count)
        return Trial(kind, paragraphs, after, span, truth, inserted=where, changed=changed)
    if kind == "moved":
        after = [list(p) for p in paragraphs]
        moving = after.pop(block)
        target = rng.choice([i for i in range(len(paragraphs)) if i != block])
        after.insert(target, moving)
        return Trial(kind, paragraphs, after, span, (target, span[1], span[2]))
    if kind == "repeated":
        after = [list(p) for p in paragraphs]
        other = rng.choice([i for i in range(len(paragraphs)) if i != block])
        copy = paragraphs[block][number]
        after[other].insert(rng.choice([0, len(after[other])]), copy)
        return Trial(kind, paragraphs, after, span, span)
    raise ValueError(kind)


def make_trials(per_kind: int, seeds: list[int]) -> list[Trial]:
    """`per_kind` trials of each kind for each seed."""
    posts = load_posts()
    vocabulary = sorted({w for post in posts for s in post for w in re.findall(r"[A-Za-z]{3,}", s)})
    trials = []
    for seed in seeds:
        rng = random.Random(seed)
        for kind in KINDS:
            for _ in range(per_kind):
                paragraphs = paragraphs_of(rng.choice(posts), rng)
                trials.append(make_trial(kind, paragraphs, vocabulary, rng))
    return trials


# Run inside a child process, against the `reader` package found first on sys.path.


def run_trials(per_kind: int, seeds: list[int], runs: int) -> dict:
    try:
        from reader.core.notes import anchoring
        from reader.core.notes.annotations import Quote, new_annotation
        from reader.core.notes.columns import ORIGINAL
        from reader.core.notes.reanchor import reanchor
        from reader.core.text.document import Block, Document, content_id
    except ImportError:  # a revision from before reader.core was split into parts (the baseline)
        from reader.core import anchoring
        from reader.core.annotations import ORIGINAL, Quote, new_annotation
        from reader.core.document import Block, Document, content_id
        from reader.core.reanchor import reanchor

    def document(paragraphs: Paragraphs) -> Document:
        blocks = [Block.of("paragraph", text_of(p)) for p in paragraphs]
        return Document("bench-post", content_id("Berita", blocks), "bench:reanchoring", "Berita", None, None, blocks)

    trials = make_trials(per_kind, seeds)
    prepared = []
    for trial in trials:
        before = document(trial.before)
        block, start, end = trial.span
        annotation = new_annotation(Quote(before, ORIGINAL, block, start, end), color="yellow", now=CREATED)
        prepared.append((annotation, document(trial.after)))

    times = {kind: [] for kind in KINDS}
    results = []
    for _ in range(runs):
        for cache in ("_encoded_text", "_symbols"):
            if hasattr(anchoring, cache):
                getattr(anchoring, cache).cache_clear()
        spent = dict.fromkeys(KINDS, 0.0)
        results = []
        for trial, (annotation, after) in zip(trials, prepared):
            started = time.process_time()
            (result,) = reanchor([annotation], after, now=CREATED) or [annotation]
            spent[trial.kind] += time.process_time() - started
            results.append(None if result.status == "detached" else (result.block, result.start, result.end))
        for kind in KINDS:
            times[kind].append(spent[kind])
    return {
        "results": results,
        "seconds": {kind: statistics.median(values) for kind, values in times.items()},
        "code points": statistics.median(len("\n\n".join(map(text_of, t.before))) for t in trials),
    }


# Scoring and the report, in the parent.


def overlap(found: tuple[int, int, int], truth: tuple[int, int, int]) -> float:
    """Intersection over union of two spans, 0 in different blocks."""
    if found[0] != truth[0]:
        return 0.0
    inner = min(found[2], truth[2]) - max(found[1], truth[1])
    outer = max(found[2], truth[2]) - min(found[1], truth[1])
    return max(0, inner) / outer


def score(trials: list[Trial], results: list) -> dict[str, dict[str, int]]:
    """Per kind: trials, right answers, and the ways of being wrong."""
    scores = {kind: dict.fromkeys(("trials", "right", "exact", "detached", "wrong", "swallowed"), 0) for kind in KINDS}
    for trial, found in zip(trials, results):
        counts = scores[trial.kind]
        counts["trials"] += 1
        if trial.truth is None:
            counts["right"] += found is None
            counts["wrong"] += found is not None
            continue
        if found is None:
            counts["detached"] += 1
            continue
        exact = found == trial.truth
        counts["exact"] += exact
        right = exact or (trial.changed and overlap(found, trial.truth) >= 0.9)
        if trial.inserted is not None:
            block, start, end = trial.inserted
            swallowed = found[0] == block and found[1] < end and start < found[2]
            counts["swallowed"] += swallowed
            right = right and not swallowed
        counts["right"] += right
        counts["wrong"] += not right
    return scores


TARGETS = {"deleted": 0.98, "edited": 0.95, "inserted": None, "inserted+edited": None, "moved": 1.0, "repeated": None}
MEANING = {
    "deleted": "detached (right)",
    "edited": "found, >= 90% IoU with the new words",
    "inserted": "on the true span, nothing inserted taken in",
    "inserted+edited": "found, >= 90% IoU, nothing inserted taken in",
    "moved": "on the same text in its new paragraph",
    "repeated": "left where it was, not on the copy",
}


def child_output(reader_root: Path, args: argparse.Namespace) -> dict:
    command = [
        sys.executable, str(Path(__file__).resolve()), "--child", str(reader_root),
        "--per-kind", str(args.per_kind), "--runs", str(args.runs), "--seeds", args.seeds,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def baseline_checkout(revision: str, folder: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "reader"], capture_output=True, check=True
    ).stdout
    archive_path = folder / "reader.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(folder, filter="data")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-kind", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seeds", default="1", help="comma-separated; each gives --per-kind trials of each kind")
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    seeds = [int(seed) for seed in args.seeds.split(",")]
    if args.child:
        sys.path.insert(0, str(args.child))
        print(json.dumps(run_trials(args.per_kind, seeds, args.runs)))
        return

    trials = make_trials(args.per_kind, seeds)
    with tempfile.TemporaryDirectory(prefix="baca-bench-") as folder:
        outputs = {
            "this checkout": child_output(ROOT, args),
            f"baseline {args.baseline}": child_output(baseline_checkout(args.baseline, Path(folder)), args),
        }
    print(
        f"$ /work/venv/bin/python benchmarks/bench_reanchoring.py --per-kind {args.per_kind} "
        f"--runs {args.runs} --seeds {args.seeds} --baseline {args.baseline}"
    )
    posts = outputs["this checkout"]["code points"]
    each = args.per_kind * len(seeds)
    print(f"\n{len(trials)} trials, {each} of each kind; posts of {posts:,.0f} code points (median)\n")
    names = list(outputs)
    scored = {
        name: score(trials, [None if r is None else tuple(r) for r in output["results"]])
        for name, output in outputs.items()
    }
    print("| edit | right answer | " + " | ".join(names) + " | target | reanchor a quote, " + " / ".join(names) + " |")
    print("|---|---|" + "---:|" * len(names) + "---|---:|")
    for kind in KINDS:
        cells = []
        for name in names:
            s = scored[name][kind]
            extra = []
            if s["detached"]:
                extra.append(f"{s['detached']} detached")
            if s["wrong"]:
                extra.append(f"{s['wrong']} wrong")
            if kind.startswith("inserted"):
                extra.append(f"{s['swallowed']} swallowed")
            if kind.endswith("edited"):
                extra.append(f"{s['exact']} exact")
            detail = f" ({', '.join(extra)})" if extra else ""
            cells.append(f"{s['right']}/{s['trials']} = {s['right'] / s['trials']:.1%}{detail}")
        target = TARGETS[kind]
        target_text = "" if target is None else f">= {target:.0%}"
        if kind.startswith("inserted"):
            target_text = "0 swallowed"
        milliseconds = " / ".join(
            f"{outputs[name]['seconds'][kind] / each * 1000:.2f} ms" for name in names
        )
        print(f"| {kind} | {MEANING[kind]} | " + " | ".join(cells) + f" | {target_text} | {milliseconds} |")


if __name__ == "__main__":
    main()
