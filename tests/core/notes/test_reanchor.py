import dataclasses
import random
import re
from pathlib import Path

import pytest

from reader.core.notes.annotations import (
    ANCHORED,
    DETACHED,
    MOVED,
    ORIGINAL,
    TRANSLATION,
    Annotation,
    Quote,
    new_annotation,
)
from reader.core.text.document import Block, Document, content_id
from reader.core.notes.reanchor import reanchor
from reader.core.store import Store

CREATED = "2024-01-01T00:00:00.000Z"
NOW = "2024-06-01T12:00:00.000Z"

PARAGRAPHS = [
    "Pemerintah kota Delhi mengerahkan monyet untuk mengusir monyet-monyet lain yang berbadan lebih kecil "
    "dari arena Pesta Olahraga Persemakmuran.",
    "Beberapa laporan menyebutkan setidaknya 10 monyet ditempatkan di luar arena lomba dan pertandingan di "
    "ibukota India. Pemkot Delhi memiliki 28 monyet dan berencana mendatangkan 10 monyet sejenis dari negara "
    "bagian Rajasthan.",
    "Jumlah monyet di ibukota India mencapai ribuan, sebagian besar berada di kantor-kantor pemerintah dan "
    "hewan ini dianggap mengganggu ketertiban umum.",
]


def _document(paragraphs=PARAGRAPHS, title="Kera untuk amankan pesta olahraga") -> Document:
    blocks = [Block.of("paragraph", text) for text in paragraphs]
    return Document("doc", content_id(title, blocks), "/posts/kera.txt", title, None, None, blocks)


def _annotate(document: Document, block: int, text: str, occurrence: int = 0) -> Annotation:
    shown = document.blocks[block].text
    start = -1
    for _ in range(occurrence + 1):
        start = shown.index(text, start + 1)
    return new_annotation(Quote(document, ORIGINAL, block, start, start + len(text)), color="yellow", now=CREATED)


def _one(annotations, document, **options) -> Annotation:
    """The single annotation reanchor() reports as changed."""
    (changed,) = reanchor(annotations, document, now=NOW, **options)
    return changed


def _edited(*replacements: tuple[str, str], paragraphs=PARAGRAPHS) -> Document:
    texts = list(paragraphs)
    for old, new in replacements:
        texts = [text.replace(old, new) for text in texts]
    return _document(texts)


# When nothing needs doing


def test_annotations_already_on_this_text_are_left_alone():
    document = _document()
    annotations = [_annotate(document, 1, "28 monyet"), _annotate(document, 2, "ketertiban umum")]
    assert reanchor(annotations, document, now=NOW) == []


def test_annotations_of_another_document_are_refused():
    annotation = dataclasses.replace(_annotate(_document(), 1, "28 monyet"), document_id="other")
    with pytest.raises(ValueError, match="other"):
        reanchor([annotation], _document())


# Anchored and moved


def test_a_quote_where_it_was_in_changed_text_stays_anchored_on_the_new_content():
    before = _document()
    annotation = _annotate(before, 1, "28 monyet")
    after = _edited(("ketertiban umum", "ketertiban warga"))
    result = _one([annotation], after)
    assert result.status == ANCHORED and result.content_id == after.content_id
    assert (result.block, result.start, result.end, result.exact) == (
        annotation.block, annotation.start, annotation.end, annotation.exact
    )
    assert result.modified == CREATED  # nothing the user sees changed
    assert reanchor([result], after) == []  # and it is not searched again


def test_a_quote_after_an_inserted_sentence_moves_with_its_offsets_updated():
    before = _document()
    annotation = _annotate(before, 1, "berencana mendatangkan 10 monyet")
    after = _edited(("Pemkot Delhi", "Monyet itu jinak. Pemkot Delhi"))
    result = _one([annotation], after)
    text = after.blocks[1].text
    assert result.status == MOVED
    assert result.start == annotation.start + len("Monyet itu jinak. ")
    assert text[result.start : result.end] == result.exact == annotation.exact
    assert result.prefix == text[result.start - 32 : result.start] and result.suffix == text[result.end : result.end + 32]
    assert result.modified == CREATED and result.content_id == after.content_id


def test_a_quote_with_a_word_changed_inside_moves_to_the_new_words_and_is_marked_modified():
    before = _document()
    annotation = _annotate(before, 1, "berencana mendatangkan 10 monyet sejenis")
    after = _edited(("berencana mendatangkan 10", "berencana membeli 10"))
    result = _one([annotation], after)
    assert result.status == MOVED and result.exact == "berencana membeli 10 monyet sejenis"
    assert after.blocks[1].text[result.start : result.end] == result.exact
    assert result.modified == NOW and result.created == CREATED


def test_a_quote_whose_first_word_was_replaced_takes_the_new_word_where_the_context_is_intact():
    before = _document()
    annotation = _annotate(before, 1, "berencana mendatangkan 10 monyet")
    after = _edited(("dan berencana mendatangkan", "dan bersiap-siap mendatangkan"))
    result = _one([annotation], after)
    assert result.exact == "bersiap-siap mendatangkan 10 monyet"


def test_a_quote_whose_paragraph_moved_is_found_in_its_new_block():
    before = _document()
    annotation = _annotate(before, 2, "dianggap mengganggu ketertiban umum")
    after = _document([PARAGRAPHS[2], PARAGRAPHS[0], PARAGRAPHS[1]])
    result = _one([annotation], after)
    assert result.status == MOVED and result.block == 0
    assert after.blocks[0].text[result.start : result.end] == annotation.exact


def test_a_quote_whose_paragraph_shifted_down_after_an_edit_is_found_in_the_next_block():
    before = _document()
    annotation = _annotate(before, 1, "berencana mendatangkan 10 monyet sejenis")
    after = _document(["Paragraf baru."] + [p.replace("mendatangkan", "membeli") for p in PARAGRAPHS])
    result = _one([annotation], after)
    assert (result.status, result.block, result.exact) == (MOVED, 2, "berencana membeli 10 monyet sejenis")


def test_a_quote_whose_paragraphs_merged_is_found_in_the_merged_block():
    before = _document()
    annotation = _annotate(before, 2, "mencapai ribuan")
    after = _document([PARAGRAPHS[0], PARAGRAPHS[1] + " " + PARAGRAPHS[2]])
    result = _one([annotation], after)
    assert result.block == 1 and after.blocks[1].text[result.start : result.end] == "mencapai ribuan"


def test_a_quote_cut_in_two_by_a_paragraph_break_is_not_anchored_across_the_blocks():
    before = _document()
    annotation = _annotate(before, 1, "di ibukota India. Pemkot Delhi memiliki")
    split = PARAGRAPHS[1].replace("India. Pemkot", "India.\n\nPemkot").split("\n\n")
    after = _document([PARAGRAPHS[0], *split, PARAGRAPHS[2]])
    result = _one([annotation], after)
    if result.status != DETACHED:
        block_text = after.blocks[result.block].text
        assert block_text[result.start : result.end] == result.exact and "\n" not in result.exact


# Detached


def test_a_deleted_quote_is_detached_and_keeps_what_was_stored():
    before = _document()
    annotation = _annotate(before, 1, "berencana mendatangkan 10 monyet sejenis dari negara bagian Rajasthan")
    after = _edited((" dan berencana mendatangkan 10 monyet sejenis dari negara bagian Rajasthan", ""))
    result = _one([annotation], after)
    assert result.status == DETACHED
    assert result == dataclasses.replace(annotation, status=DETACHED)  # quote, selectors, content_id kept


def test_a_deleted_common_word_is_not_moved_to_another_copy_of_it():
    before = _document()
    annotation = _annotate(before, 1, "pertandingan")
    paragraphs = [PARAGRAPHS[0] + " Pertandingan dimulai besok, kata panitia pertandingan.", *PARAGRAPHS[1:]]
    after = _edited(("lomba dan pertandingan di", "lomba di"), paragraphs=paragraphs)
    assert _one([annotation], after).status == DETACHED


def test_a_deleted_quote_is_not_moved_onto_the_words_that_followed_it():
    before = _document()
    annotation = _annotate(before, 2, "mencapai ribuan,")
    after = _edited(("India mencapai ribuan, sebagian", "India sebagian"))
    assert _one([annotation], after).status == DETACHED


def test_a_detached_annotation_is_searched_again_and_reattached_when_its_text_returns():
    before = _document()
    annotation = _annotate(before, 1, "berencana mendatangkan 10 monyet sejenis")
    without = _edited(("dan berencana mendatangkan 10 monyet sejenis dari", "dari"))
    detached = _one([annotation], without)
    assert detached.status == DETACHED
    assert reanchor([detached], without, now=NOW) == []  # still not there: nothing to save
    again = _edited(("Pemkot Delhi", "Kata mereka, Pemkot Delhi"))
    result = _one([detached], again)
    assert result.status == MOVED and result.exact == annotation.exact and result.content_id == again.content_id


def test_a_detached_annotation_returns_to_anchored_when_the_old_text_comes_back():
    before = _document()
    annotation = _annotate(before, 1, "berencana mendatangkan 10 monyet sejenis")
    detached = _one([annotation], _edited(("berencana mendatangkan 10 monyet sejenis", "x")))
    result = _one([detached], before)
    assert result.status == ANCHORED and (result.start, result.end) == (annotation.start, annotation.end)


def test_a_short_quote_whose_far_context_changed_is_still_found_by_its_near_context():
    before = _document()
    annotation = _annotate(before, 1, "28")
    after = _edited(("di ibukota India. Pemkot", "di ibukota India. Semua tahu. Pemkot"))
    result = _one([annotation], after)
    assert result.status == MOVED and after.blocks[1].text[result.start : result.end] == "28"


# Re-anchoring through the store


def test_reanchored_annotations_saved_come_back_with_their_new_anchors():
    store = Store.memory()
    before = _document()
    store.record_document(before)
    kept = _annotate(before, 1, "berencana mendatangkan 10 monyet")
    lost = _annotate(before, 2, "dianggap mengganggu ketertiban umum")
    store.add_annotations([kept, lost])
    after = _edited(("Pemkot Delhi", "Monyet itu jinak. Pemkot Delhi"), (" dan hewan ini dianggap mengganggu ketertiban umum", ""))
    store.record_document(after)
    store.save_anchors(reanchor(store.annotations_for(after.id), after, now=NOW))
    saved = {a.id: a for a in store.annotations_for(after.id)}
    assert saved[kept.id].status == MOVED and saved[kept.id].content_id == after.content_id
    assert saved[lost.id].status == DETACHED and saved[lost.id].exact == lost.exact
    assert reanchor([saved[kept.id]], after) == []


# The translation column

TRANSLATED = {
    0: ["Delhi city government deploys monkeys to drive away other smaller monkeys from the Commonwealth Games arena."],
    1: ["Some reports say at least 10 monkeys are stationed outside the competition arena in the Indian capital.",
        "Delhi City has 28 monkeys and plans to bring in 10 similar monkeys from the state of Rajasthan."],
    2: ["The number of monkeys in the Indian capital reaches thousands."],
}


def _translated(document: Document, block: int, text: str, model: str = "model-1") -> Annotation:
    shown = " ".join(TRANSLATED[block])
    start = shown.index(text)
    quote = Quote(document, TRANSLATION, block, start, start + len(text), translations=TRANSLATED[block], model=model)
    return new_annotation(quote, color="blue", now=CREATED)


def test_translation_annotations_wait_until_their_block_is_translated():
    document = _document()
    annotation = _translated(document, 1, "plans to bring in 10 similar monkeys")
    assert reanchor([annotation], document, now=NOW) == []
    assert reanchor([annotation], document, {0: TRANSLATED[0]}, "model-2", now=NOW) == []


def test_translation_annotations_on_the_same_model_and_text_are_left_alone():
    document = _document()
    annotation = _translated(document, 1, "plans to bring in")
    assert reanchor([annotation], document, TRANSLATED, "model-1", now=NOW) == []


def test_a_translation_annotation_follows_a_new_model_and_records_it():
    document = _document()
    annotation = _translated(document, 1, "plans to bring in 10 similar monkeys")
    retranslated = {1: [TRANSLATED[1][0], "Delhi City owns 28 monkeys and plans to bring in 10 similar monkeys from Rajasthan."]}
    result = _one([annotation], document, translations=retranslated, model="model-2")
    assert result.status == MOVED and result.model == "model-2" and result.exact == annotation.exact
    assert " ".join(retranslated[1])[result.start : result.end] == result.exact


def test_a_translation_annotation_not_found_waits_while_other_blocks_are_untranslated_then_detaches():
    document = _document()
    annotation = _translated(document, 1, "plans to bring in 10 similar monkeys")
    other = {1: ["Reports say monkeys were placed outside.", "The city owns many animals."]}
    assert reanchor([annotation], document, other, "model-2", now=NOW) == []
    complete = {**TRANSLATED, **other}
    result = _one([annotation], document, translations=complete, model="model-2")
    assert result.status == DETACHED and result.model == "model-1" and result.exact == annotation.exact


# Rechecking: positions that are only hints (an import)


def test_recheck_finds_a_quote_whose_stored_position_is_wrong_even_on_the_current_content():
    document = _document()
    annotation = _annotate(document, 1, "28 monyet")
    hint = dataclasses.replace(annotation, start=annotation.start + 5, end=annotation.end + 5)
    assert reanchor([hint], document, now=NOW) == []  # on this content: trusted
    (result,) = reanchor([hint], document, now=NOW, recheck=True)
    assert (result.status, result.start, result.end) == (MOVED, annotation.start, annotation.end)
    assert result.modified == CREATED  # the same quote: not an edit


def test_recheck_returns_an_annotation_found_where_it_says_unchanged():
    document = _document()
    annotation = _annotate(document, 2, "ketertiban umum")
    assert reanchor([annotation], document, now=NOW, recheck=True) == [annotation]


def test_recheck_still_leaves_a_translation_annotation_undecided_until_its_block_is_translated():
    document = _document()
    annotation = _translated(document, 1, "plans to bring in")
    assert reanchor([annotation], document, {0: TRANSLATED[0]}, "model-1", now=NOW, recheck=True) == []
    assert reanchor([annotation], document, TRANSLATED, "model-1", now=NOW, recheck=True) == [annotation]


# On real text: the benchmark's edit, smaller


def _news_paragraphs() -> list[str]:
    folder = Path(__file__).resolve().parents[2] / "data" / "id-news"
    paragraphs = []
    for path in sorted(folder.glob("*.txt"))[:12]:
        paragraphs.extend(p.strip() for p in path.read_text("utf-8").split("\n\n") if len(p.strip()) > 80)
    return paragraphs


def test_after_inserting_sentences_and_changing_words_most_quotes_land_on_their_new_text():
    rng = random.Random(7)
    paragraphs = _news_paragraphs()
    before = _document(paragraphs, title="Berita")
    picks = []  # (block, sentence index, word span within sentence)
    for index, block in enumerate(before.blocks):
        sentence = rng.randrange(len(block.sentences))
        words = [m.span() for m in re.finditer(r"\S+", block.sentences[sentence].text)]
        count = min(len(words), rng.choice([2, 3, 4, 6]))
        first = rng.randrange(len(words) - count + 1)
        picks.append((index, sentence, words[first][0], words[first + count - 1][1], rng.random() < 0.2))
    annotations, edited, truths = [], [], []
    for (index, number, start, end, change), block in zip(picks, before.blocks):
        sentence = block.sentences[number]
        annotations.append(
            new_annotation(Quote(before, ORIGINAL, index, sentence.start + start, sentence.start + end), color="green", now=CREATED)
        )
        text = sentence.text
        if change:  # replace the quote's last word
            last = text[start:end].rsplit(" ", 1)[-1]
            text = text[: end - len(last)] + "perubahan" + text[end:]
            end += len("perubahan") - len(last)
        inserted = "Kalimat sisipan ini baru saja ditambahkan. "
        new_text = block.text[: sentence.start] + inserted + text + block.text[sentence.end :]
        edited.append(new_text)
        offset = sentence.start + len(inserted)
        truths.append((index, offset + start, offset + end, change))
    after = _document(edited, title="Berita")
    results = {a.id: a for a in reanchor(annotations, after, now=NOW)}
    unchanged = [(results[a.id], t) for a, t in zip(annotations, truths) if not t[3]]
    changed = [(results[a.id], t) for a, t in zip(annotations, truths) if t[3]]
    on_truth = lambda pairs: sum((r.block, r.start, r.end) == t[:3] for r, t in pairs)  # noqa: E731
    assert len(annotations) > 80
    assert on_truth(unchanged) >= 0.97 * len(unchanged)
    assert on_truth(changed) >= 0.6 * len(changed)
    wrong = [r for r, t in changed + unchanged if r.status != DETACHED and not (r.block == t[0] and r.start < t[2] and t[1] < r.end)]
    assert len(wrong) <= 0.02 * len(annotations)


def test_quotes_deleted_from_real_text_are_detached_rather_than_moved_to_lookalikes():
    rng = random.Random(11)
    paragraphs = _news_paragraphs()
    before = _document(paragraphs, title="Berita")
    detached = total = 0
    for index, block in enumerate(before.blocks):
        words = [m.span() for m in re.finditer(r"\S+", block.text)]
        count = min(len(words), rng.choice([1, 2, 3, 5, 8]))
        first = rng.randrange(len(words) - count + 1)
        start, end = words[first][0], words[first + count - 1][1]
        annotation = new_annotation(Quote(before, ORIGINAL, index, start, end), color="pink", now=CREATED)
        texts = list(paragraphs)
        texts[index] = block.text[:start] + block.text[end:]
        (result,) = reanchor([annotation], _document(texts, title="Berita"), now=NOW)
        detached += result.status == DETACHED
        total += 1
    assert detached >= 0.85 * total
