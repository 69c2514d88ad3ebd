"""Re-anchoring after the edits of issue 11: inserted words never taken in, deleted sentences detached, moved paragraphs found."""

import dataclasses

from reader.core.notes.annotations import DETACHED, MOVED, Annotation, Quote, new_annotation
from reader.core.notes.columns import ORIGINAL
from reader.core.text.document import Block, Document, content_id
from reader.core.notes.reanchor import reanchor

CREATED = "2024-01-01T00:00:00.000Z"
NOW = "2024-06-01T12:00:00.000Z"

MONKEYS = (
    "Pemerintah kota Delhi mengerahkan monyet untuk mengusir monyet-monyet lain yang berbadan lebih kecil "
    "dari arena Pesta Olahraga Persemakmuran."
)
REPORTS = (
    "Beberapa laporan menyebutkan setidaknya 10 monyet ditempatkan di luar arena lomba dan pertandingan di "
    "ibukota India. Pemkot Delhi memiliki 28 monyet dan berencana mendatangkan 10 monyet sejenis dari negara "
    "bagian Rajasthan."
)

FILLER = [f"Paragraf pengisi nomor {number} tentang hal lain sama sekali." for number in range(8)]


def post(*paragraphs: str) -> Document:
    blocks = [Block.of("paragraph", text) for text in paragraphs]
    return Document("doc", content_id("Berita", blocks), "/posts/berita.txt", "Berita", None, None, blocks)


def highlight(document: Document, block: int, text: str, occurrence: int = 0) -> Annotation:
    shown = document.blocks[block].text
    start = -1
    for _ in range(occurrence + 1):
        start = shown.index(text, start + 1)
    return new_annotation(Quote(document, ORIGINAL, block, start, start + len(text)), color="yellow", now=CREATED)


def found(annotation: Annotation, document: Document) -> Annotation:
    (result,) = reanchor([annotation], document, now=NOW) or [annotation]
    return result


def shown(result: Annotation, document: Document) -> str:
    assert result.status != DETACHED
    return document.blocks[result.block].text[result.start : result.end]


# Inserted words are never taken in


def test_an_edited_quote_at_a_paragraph_start_does_not_take_in_words_inserted_before_it():
    annotation = highlight(post(MONKEYS), 0, "Pemerintah kota Delhi mengerahkan monyet")
    after = post("Sebelumnya, " + MONKEYS.replace("mengerahkan", "mengirim"))
    result = found(annotation, after)
    assert result.status == MOVED and shown(result, after) == "Pemerintah kota Delhi mengirim monyet"


def test_an_edited_quote_does_not_take_in_words_inserted_after_it():
    annotation = highlight(post(REPORTS), 0, "berencana mendatangkan 10 monyet")
    after = post(REPORTS.replace("berencana mendatangkan 10 monyet", "berencana membeli 10 monyet lagi, katanya,"))
    assert shown(found(annotation, after), after) == "berencana membeli 10 monyet"


def test_an_edited_quote_does_not_take_in_words_inserted_between_its_prefix_and_it():
    annotation = highlight(post(REPORTS), 0, "memiliki 28 monyet dan berencana")
    after = post(REPORTS.replace("Delhi memiliki 28 monyet dan", "Delhi kabarnya sudah memiliki 28 ekor monyet dan"))
    assert shown(found(annotation, after), after) == "memiliki 28 ekor monyet dan berencana"


def test_a_quote_with_a_sentence_inserted_on_each_side_stays_on_its_words():
    annotation = highlight(post("Harga naik. Beras mahal. Warga resah."), 0, "Beras mahal.")
    after = post("Harga naik. Kata pedagang, stok menipis sejak pekan lalu. Beras mahal. Menurut warga, ini lama. Warga resah.")
    assert shown(found(annotation, after), after) == "Beras mahal."


# Rewritten in place


def test_a_quote_rewritten_between_its_intact_contexts_follows_the_rewrite():
    # Five edits in a nine-code-point quote: more than the half that approximate search allows.
    annotation = highlight(post(REPORTS), 0, "10 monyet ditempatkan")
    after = post(REPORTS.replace("10 monyet ditempatkan", "10 kera dikerahkan"))
    assert shown(found(annotation, after), after) == "10 kera dikerahkan"


def test_other_text_put_between_a_quotes_contexts_is_not_the_quote():
    annotation = highlight(post(REPORTS), 0, "berencana mendatangkan 10 monyet sejenis")
    after = post(REPORTS.replace("berencana mendatangkan 10 monyet sejenis", "tidak akan membeli hewan apa pun"))
    assert found(annotation, after).status == DETACHED


# Deleted sentences detach


def test_a_deleted_sentences_first_word_is_not_moved_to_the_same_word_starting_the_next_sentence():
    before = post("Menteri datang ke pasar. Ia memeriksa harga beras di sana. Ia juga bertemu para pedagang.")
    annotation = highlight(before, 0, "Ia")
    after = post("Menteri datang ke pasar. Ia juga bertemu para pedagang.")
    assert found(annotation, after).status == DETACHED


def test_a_deleted_common_word_is_not_moved_to_a_copy_that_shares_only_the_next_word():
    before = post(
        "Laba naik karena pertumbuhan yang signifikan di pembiayaan komersial. "
        "Pertumbuhan laba bersih yang signifikan tersebut didorong oleh kredit."
    )
    annotation = highlight(before, 0, "yang")
    after = post("Pertumbuhan laba bersih yang signifikan tersebut didorong oleh kredit.")
    assert found(annotation, after).status == DETACHED


def test_a_deleted_quote_is_not_moved_to_a_word_cut_in_the_middle():
    before = post("Perseroan mengusulkan menjual armada kapal tersebut. Nilai wajar penjualan kapal itu besar.")
    annotation = highlight(before, 0, "armada kapal")
    after = post("Nilai wajar penjualan kapal itu besar.")
    assert found(annotation, after).status == DETACHED


def test_a_deleted_quote_is_not_moved_to_a_far_paragraph_whose_context_agrees_only_in_part():
    deleted = "Harga CPO naik tajam menjadi Rp4.591 per kilogram atau naik 37,5 persen dibanding periode sama sebelumnya."
    lookalike = "Harga TBS naik tajam menjadi Rp1.591 per kilogram atau naik 37,5 persen dibanding periode yang sama."
    first = "Direktur itu berbicara kepada wartawan di Jakarta. " + deleted + " Ia tidak merinci lebih jauh."
    annotation = highlight(post(first, *FILLER, lookalike), 0, "naik 37,5 persen")
    after = post(first.replace(deleted + " ", ""), *FILLER, lookalike)
    assert found(annotation, after).status == DETACHED


def test_a_deleted_long_quote_is_not_moved_to_a_lookalike_with_none_of_its_context():
    deleted = "Menurut data Depkeu, net buy saham oleh investor asing non-residence mencapai Rp17,3 triliun. "
    rest = "Sementara itu net buy obligasi negara atau SUN oleh investor asing non-residence pada saat ini mencapai Rp20,3 triliun."
    annotation = highlight(post(deleted + rest), 0, "investor asing non-residence mencapai")
    assert found(annotation, post(rest)).status == DETACHED


# Moved and repeated


def test_a_moved_paragraph_is_found_rather_than_a_lookalike_now_at_its_old_place():
    first = "Rasio kredit bermasalah turun menjadi 1,7 persen di akhir 2005. Restrukturisasi kredit berjalan."
    second = "Rasio kecukupan modal 111 persen di akhir 2004, tetapi lebih tinggi dari target."
    before = post(first, second, "Paragraf lain.")
    start = first.index("di akhir 2005")  # the word, not the "di" in "kredit" or "menjadi"
    annotation = new_annotation(Quote(before, ORIGINAL, 0, start, start + 2), color="yellow", now=CREATED)
    after = post(second, "Paragraf lain.", first)
    result = found(annotation, after)
    assert (result.block, result.start) == (2, first.index("di akhir 2005"))


def test_an_edited_quote_in_a_paragraph_moved_far_away_is_found_there():
    before = post(REPORTS, *FILLER)
    annotation = highlight(before, 0, "memiliki 28 monyet dan berencana")
    moved = REPORTS.replace("28 monyet", "30 monyet")
    after = post(*FILLER, moved)  # eight paragraphs on, beyond the nearby ones
    result = found(annotation, after)
    assert result.block == 8
    assert shown(result, after) == "memiliki 30 monyet dan berencana"


def test_an_edited_quote_is_not_looked_for_in_far_paragraphs_without_its_context():
    before = post(REPORTS, *FILLER)
    annotation = highlight(before, 0, "memiliki 28 monyet dan berencana")
    # Far away, a lookalike of the quote with none of its context: nothing vouches for it.
    after = post("Paragraf pertama yang baru.", *FILLER, "Kota itu memiliki 29 monyet dan berencana lain.")
    assert found(annotation, after).status == DETACHED


def test_a_moved_paragraph_is_found_rather_than_a_repeat_of_its_sentence_now_at_its_old_place():
    lead = "Kantor berita melaporkan stadion sering diserbu monyet. Monyet besar akan dikerahkan di dua stadion untuk mengusir serbuan monyet kecil."
    repeat = '"Monyet besar akan dikerahkan di dua stadion tersebut untuk mengusir serbuan monyet kecil," kata Prasad.'
    annotation = highlight(post(lead, repeat, *FILLER), 0, "di dua stadion")
    after = post(repeat, *FILLER, lead)  # the lead moved to the end; the repeat is at its old place
    result = found(annotation, after)
    assert (result.block, result.start) == (9, lead.index("di dua stadion"))


def test_a_quote_whose_sentence_was_copied_elsewhere_stays_where_it_was():
    annotation = highlight(post(MONKEYS, REPORTS), 1, "28 monyet")
    copy = "Pemkot Delhi memiliki 28 monyet dan berencana mendatangkan 10 monyet sejenis dari negara bagian Rajasthan."
    after = post(copy + " " + MONKEYS, REPORTS)
    assert reanchor([annotation], after, now=NOW)[0].block == 1


def test_an_exact_copy_is_returned_exactly_when_its_stored_context_does_not_touch_it():
    annotation = dataclasses.replace(highlight(post(REPORTS), 0, "28 monyet"), suffix="dan berencana")
    result = found(annotation, post(REPORTS))
    assert shown(result, post(REPORTS)) == "28 monyet"
