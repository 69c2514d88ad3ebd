"""What the benchmarks share: the base-shaped copy model (the tests' builder), the sample post."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.sentences import split_sentences  # noqa: E402
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
