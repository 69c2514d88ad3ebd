import subprocess
import sys

from reader.core.text.document import Block, Document
from reader.core.notes.columns import ORIGINAL, TRANSLATION, block_starts, sentence_spans, translation_text
from reader.core.translate.schedule import TranslationQueue, cached_blocks
from reader.core.session import ReadingSession, TranslationState
from reader.core.translate.translation import translate_blocks


def _document() -> Document:
    blocks = [
        Block.of("heading", "Harga beras naik"),
        Block.of("paragraph", "Harga beras naik lagi. Pemerintah berjanji menambah pasokan."),
        Block.of("paragraph", "Para pedagang mengeluh."),
    ]
    return Document("doc1", "content-doc1", "/posts/doc1.txt", "Judul", None, None, blocks)


def test_a_session_gives_each_column_its_text_and_sentence_spans():
    session = ReadingSession()
    document = _document()
    session.open(document, {1: ["Rice prices rose again.", "The government promised more supplies."]}, "Title")

    assert session.text(1, ORIGINAL) == document.blocks[1].text
    assert session.text(1, TRANSLATION) == "Rice prices rose again. The government promised more supplies."
    assert session.spans(1, TRANSLATION) == [(0, 23), (24, 62)]
    original = session.text(1, ORIGINAL)
    assert [original[a:b] for a, b in session.spans(1, ORIGINAL)] == [
        "Harga beras naik lagi.", "Pemerintah berjanji menambah pasokan."
    ]
    assert session.text(2, TRANSLATION) is None and session.spans(2, TRANSLATION) == []
    assert session.text(3, ORIGINAL) is None
    assert session.untranslated_blocks() == [0, 2]
    assert session.title_translation == "Title"


def test_translations_added_to_a_session_fill_its_gaps_and_opening_another_document_forgets_them():
    session = ReadingSession()
    session.open(_document())

    session.add_translations({0: ["Rice prices rise"], 2: ["Traders complain."]})

    assert session.translation_of(0) == ["Rice prices rise"]
    assert session.untranslated_blocks() == [1]
    session.open(_document())
    assert session.translations == {} and session.title_translation is None


def test_translation_state_reads_as_the_word_the_window_logs():
    assert TranslationState("no-model") is TranslationState.NO_MODEL
    assert [state.value for state in TranslationState] == [
        "idle", "loading", "translating", "paused", "done", "no-model", "failed"
    ]


def test_a_block_counts_as_cached_only_when_every_sentence_is():
    cached = {"Rusia.": "Russia.", "AS.": "US."}

    found = cached_blocks([["Rusia."], ["Rusia.", "Kami."], [], ["AS.", "Rusia."]], cached)

    assert found == {0: ["Russia."], 2: [], 3: ["US.", "Russia."]}


def test_the_cli_takes_chunks_as_the_window_queue_does(tiny_translator):
    # A sentence met in an earlier block still counts: the window's queue counts whole blocks.
    blocks = [["Rusia."], ["Rusia.", "AS."], ["Kami."], ["Jenewa."]]
    queue = TranslationQueue([len(block) for block in blocks])
    expected = []
    while queue:
        chunk = queue.next_chunk(max_sentences=2)
        queue.complete(chunk)
        expected.append(chunk)

    chunks = [chunk for chunk, _ in translate_blocks(tiny_translator, blocks, chunk_sentences=2)]

    assert chunks == expected == [[0], [1], [2, 3]]


def test_columns_count_block_starts_with_the_separator_and_spans_within_the_joined_text():
    sentences = ["One.", "Two three."]

    assert translation_text(sentences) == "One. Two three."
    assert [translation_text(sentences)[a:b] for a, b in sentence_spans(sentences)] == sentences
    assert block_starts(["abc", "", "de"]) == [0, 5, 7]


def test_importing_the_session_loads_no_qt():
    code = "import reader.core.session, sys; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_a_session_holds_the_documents_annotations_until_another_document_opens():
    from reader.core.notes.annotations import Quote, new_annotation

    document = _document()
    first = new_annotation(Quote(document, ORIGINAL, 1, 0, 5), color="yellow", now="2026-12-01T00:00:00.000Z")
    second = new_annotation(Quote(document, ORIGINAL, 2, 0, 4), color="green", now="2026-12-01T00:00:00.000Z")
    session = ReadingSession()
    session.open(document, annotations=[first])

    assert session.annotations == {first.id: first}
    recolored = first.edited("2026-12-01T00:01:00.000Z", color="blue")
    assert session.put_annotation(recolored) == first
    assert session.put_annotation(second) is None
    assert list(session.annotations.values()) == [recolored, second]
    assert session.remove_annotation(first.id) == recolored and session.remove_annotation(first.id) is None
    session.open(_document())
    assert session.annotations == {}
