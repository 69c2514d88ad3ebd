"""The sample post, opened and translated, with annotations that try every format's escaping."""

# The translations are made up (the tests need no model), two of them deliberately hostile: a
# highlight in the translation then carries Markdown, HTML, emoji and line breaks, which the
# sample's own Indonesian text never does.

from pathlib import Path

from reader.core.notes.annotations import ORIGINAL, TRANSLATION, Annotation, Quote, new_annotation
from reader.core.text.document import Document, load_document
from reader.core.platform.resources import SAMPLE_SOURCE, sample_post_path
from reader.core.store import Store

MODEL = "tiny-test-model@1"

HOSTILE_TRANSLATIONS = {
    "KTT Rusia-AS diadakan di Jenewa pada 16 Juni.": (
        "The *Russia–US* summit 🤝 was held in `Geneva` on 16 June, see [link](http://example.com) "
        "& <b>bold</b> &amp; |a|b| $5 ~~x~~ _y_ \\ “curly” \"straight\", end."
    ),
    '"Untuk melakukan segala upaya untuk mencegah konflik bersenjata"': (
        '"To make every effort\n# to prevent\n1. armed\n> conflict\n---\n===\n- item\n+ plus\n'
        "  indented  \n\n    code\n|a|b|\n2) two\n\\\nend\""
    ),
}

NOTE_WITH_EVERYTHING = """Catatan **penting**, with "quotes", commas:

```python
def f():
    return "*x*"

# not a heading: inside the fence
```

- satu
  - dua
    - tiga

# Judul dalam catatan

Baris akhir 🙂 dengan `kode`."""

NOTE_WITH_OPEN_FENCE = "```python\nprint('*not emphasis*')\n# still code\n\n- still code"

NOTE_WITH_BLOCKS = """<div>raw html</div>

- a
- b

> quoted

1. one
2. two

---

End  
hard break\twith tab"""


def translate(sentence: str) -> str:
    """The made-up English of a sample sentence."""
    return HOSTILE_TRANSLATIONS.get(sentence, f"EN: {sentence}")


def open_sample(store: Store, translated: bool = True) -> Document:
    """The sample post opened in `store` (as Baca opens it), its translation cached if asked."""
    document = load_document(sample_post_path(), source=SAMPLE_SOURCE)
    store.record_document(document)
    if translated:
        sentences = [s.text for block in document.blocks for s in block.sentences]
        store.save_translations(MODEL, {s: translate(s) for s in sentences})
    return document


def _quote(document: Document, column: str, block: int, text: str | None = None) -> Quote:
    translations = [translate(s.text) for s in document.blocks[block].sentences]
    whole = document.blocks[block].text if column == ORIGINAL else " ".join(translations)
    start = whole.index(text) if text else 0
    end = start + len(text) if text else len(whole)
    return Quote(document, column, block, start, end, translations=translations, model=MODEL)


def _time(second: int) -> str:
    return f"2026-11-28T03:32:{second:02d}.309Z"


def sample_annotations(document: Document) -> list[Annotation]:
    """Eight annotations on the sample, in both columns, under three headings and none."""
    made = [
        (ORIGINAL, 1, "“Selama beberapa tahun terakhir, terlalu banyak klaim timbal balik",
         dict(color="yellow", note=NOTE_WITH_EVERYTHING, tags=["politik", "AS, Rusia"])),
        (ORIGINAL, 1, "terlalu banyak klaim timbal balik dan kontradiksi",
         dict(color="green", note="Overlaps the first.", tags=[])),
        (ORIGINAL, 4, '"Kami tidak menghargai ilusi tentang terobosan penting," kata Antonov',
         dict(color="green", note='Simple, with "quotes", commas\nand a second line', tags=["kutipan"])),
        (TRANSLATION, 7, None, dict(color="blue", note="", tags=["c++", "a_b", "#hash", "[x]"])),
        (TRANSLATION, 8, None, dict(color="pink", note=NOTE_WITH_OPEN_FENCE, tags=[])),
        (ORIGINAL, 17, "Kerjasama keamanan siber", dict(color="orange", note="😀 catatan *penting*", tags=["siber"])),
        (TRANSLATION, 19, "EN: “Isu prioritas lainnya adalah mendorong kerja sama di bidang keamanan siber,” kata "
         "Antonov. EN: \"Ngomong-ngomong", dict(color="yellow", note="", tags=[])),
        (ORIGINAL, 27, "Resolusi terakhir adalah solusi kompromi.", dict(color="purple", note=NOTE_WITH_BLOCKS,
                                                                      tags=["suriah", "PBB"])),
    ]
    annotations = []
    for second, (column, block, text, options) in enumerate(made):
        annotation = new_annotation(_quote(document, column, block, text), now=_time(second), **options)
        if second % 3 == 0:
            annotation = annotation.edited(_time(second + 30))
        annotations.append(annotation)
    return annotations


def annotated_sample(store: Store) -> tuple[Document, list[Annotation]]:
    """The sample opened, translated and annotated in `store`."""
    document = open_sample(store)
    annotations = sample_annotations(document)
    store.add_annotations(annotations)
    return document, annotations


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
