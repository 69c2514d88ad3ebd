"""What the benchmarks share: the base-shaped copy model (the tests' builder), the sample post."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.notes.annotations import COLORS, ORIGINAL, TRANSLATION, Quote, new_annotation  # noqa: E402
from reader.core.text.sentences import split_sentences  # noqa: E402
from tests.support.argos_package import SAMPLE_POST, build_package_folder  # noqa: E402

# The shape of the OPUS-MT transformer-base models behind the official Argos packages.
BASE_SHAPE = {"layers": (6, 6), "d_model": 512, "heads": 8, "ffn": 2048, "vocab_size": 32000}


def build_base_package(dest_dir: Path, tokenizer: str = "sentencepiece", name=None) -> Path:
    """Build the base-shaped int8 copy model package (about 92 MB) as a folder; return it."""
    return build_package_folder(
        dest_dir, tokenizer=tokenizer, name=name or f"base-{tokenizer}-id_en", **BASE_SHAPE
    )


def sample_paragraphs() -> list[str]:
    """The sample post's paragraphs (its non-empty lines)."""
    lines = SAMPLE_POST.read_text(encoding="utf-8").split("\n")
    return [line.strip() for line in lines if line.strip()]


def sample_sentences() -> list[str]:
    """The sample post's sentences, segmented as the app does."""
    return [s.text for paragraph in sample_paragraphs() for s in split_sentences(paragraph)]


# A Markdown note holding what exports must escape or keep: quotes, emphasis, a list, a quote.
NOTE = (
    "Catatan: angka ini, menurut \"sumber\", *tidak* pasti.\n\n"
    "- periksa lagi, dengan data 2021\n- bandingkan dengan laporan lain\n\n"
    "> kutipan pendek\n\nLihat juga `paragraf` sebelumnya."
)


def synthetic_annotations(document, count: int, model: str, translate, step: int) -> list:
    """`count` annotations of 30 code points in both columns of `document`'s paragraphs.

    `translate(sentence)` gives a sentence's translation; `step` spreads the quotes in a block.
    """
    paragraphs = [index for index, block in enumerate(document.blocks) if block.kind == "paragraph"]
    made = []
    for number in range(count):
        index = paragraphs[number % len(paragraphs)]
        block = document.blocks[index]
        translations = [translate(s.text) for s in block.sentences]
        column = ORIGINAL if number % 2 == 0 else TRANSLATION
        length = len(block.text) if column == ORIGINAL else len(" ".join(translations))
        start = (number * step) % max(1, length - 40)
        quote = Quote(document, column, index, start, start + 30, translations=translations, model=model)
        made.append(
            new_annotation(
                quote,
                color=COLORS[number % len(COLORS)],
                now=f"2026-11-28T03:{number // 600 % 60:02d}:{number // 10 % 60:02d}.{number % 1000:03d}Z",
                note=NOTE if number % 2 == 0 else "",
                tags=[f"topik-{number % 7}", "ekonomi, politik"][: number % 3],
            )
        )
    return made
