"""Quote marks and punctuation through both tokenizer kinds follow the source sentence."""

import pytest
import sqlite_utils

from reader.core.translate.packages import read_package
from reader.core.translate.punctuation import follow_punctuation, follow_quotes
from reader.core.text.sentences import split_sentences
from reader.core.schema import migrations
from reader.core.store import open_store
from reader.core.translate.translation import Translator
from tests.support.argos_package import build_package_folder, sample_lines

KINDS = ("sentencepiece", "bpe")

# Made-up quotations over several sentences, written as Indonesian news writes them: curly and
# straight marks, an attribution between two quotations, a quotation closed sentences later.
QUOTATIONS = [
    "“Kami percaya dialog ini penting. Rusia dan AS akan bekerja. Dunia menunggu,” kata Antonov.",
    '"Kami tidak percaya," kata Antonov. "Rusia dan AS tidak percaya. Ini penting."',
    "Antonov mencatat: “Kami percaya. Dunia ini penting.” Lalu dia pergi.",
    "Dia bilang «ya» dan „tidak“. Mereka bilang 'mungkin', lalu \"'kata' ini\" penting.",
    "”Kami percaya,” kata dia. Harga naik 50% (Rp 10.000) pada 2020–2021 — kata dia… ya?",
    "©Sergei Savostyanov/TASS. Jumat (18/6/2021) pukul 10.00 WIB.",
]


@pytest.fixture(scope="module", params=KINDS)
def copy_translator(request, tmp_path_factory) -> Translator:
    """A package of each kind whose model copies its input: any change is the tokenizer's."""
    folder = build_package_folder(tmp_path_factory.mktemp("copy"), tokenizer=request.param)
    return Translator(read_package(folder, writable=True))


def sentences_of(paragraphs: list[str]) -> list[str]:
    return [s.text for p in paragraphs for s in split_sentences(p)]


# --- Through the tokenizers --------------------------------------------------------------------


def test_every_sentence_of_the_sample_comes_back_through_a_copy_model_unchanged(copy_translator):
    sentences = sentences_of(sample_lines())

    translations = copy_translator.translate(sentences)

    assert [t for s, t in zip(sentences, translations) if s != t] == []


def test_multi_sentence_quotations_come_back_through_a_copy_model_unchanged(copy_translator):
    sentences = sentences_of(QUOTATIONS)
    assert len(sentences) > len(QUOTATIONS)  # the quotations are split into their sentences

    assert copy_translator.translate(sentences) == sentences


def test_a_closing_quote_stays_closing_and_attached_after_a_glossed_sentence(tiny_package):
    translator = Translator(tiny_package)
    paragraph = (
        "Antonov mencatat: “Dialog ini penting. "
        "Namun, ada peluang untuk dinamika positif,” kata Duta Besar Rusia untuk Amerika Serikat. "
        '"Sekarang kami percaya. Dunia ini penting dalam hubungan Rusia dan AS."'
    )
    sentences = sentences_of([paragraph])

    assert translator.translate(sentences) == [
        "Antonov noted: “Dialog this important.",
        "Namun, ada peluang for dinamika positif,” said Ambassador Besar Russia for America States.",
        '"Sekarang kami believe.',
        'Dunia this important inside relations Russia and US."',
    ]


# --- What a real model's output looks like after Moses -----------------------------------------


@pytest.mark.parametrize(
    ("source", "moses", "expected"),
    [
        # The two cases from the issue.
        ("Dalam hubungan Rusia-AS.\"", 'In Russia-US relations. "', 'In Russia-US relations."'),
        (
            "Namun, ada peluang untuk dinamika positif,” kata Duta Besar.",
            'However, there is a chance for positive dynamics, "said the Ambassador.',
            "However, there is a chance for positive dynamics,” said the Ambassador.",
        ),
        ("di Rusia- hubungan AS.\".", 'in Russia-US relations. ".', 'in Russia-US relations.".'),
        (
            "“Kami tidak,” kata dia. “Mereka ya.”",
            '"We don\'t, "he said." They do. "',
            "“We don't,” he said. “They do.”",
        ),
        ("Dia bilang «ya» dan „tidak“.", 'He said "yes" and "no".', "He said «yes» and „no“."),
        ("Ia bilang 'tidak'.", "He said ' no '.", "He said 'no'."),
        (
            "\"'Persamaan' ini harus,\" kata duta besar.",
            "\"' This equation ' must, \"said the ambassador.",
            "\"'This equation' must,\" said the ambassador.",
        ),
        # An Indonesian habit: a quotation opened with `”`. The source's own mark is kept.
        ("”Kami pergi,” kata dia.", '"We go, "he said.', "”We go,” he said."),
        # Spacing as the source wrote it, however it wrote it.
        ('Antonov mencatat:"Kami pergi."', 'Antonov noted: "We go. "', 'Antonov noted:"We go."'),
        ('Kata dia. " Kami pergi. "', 'He said. "We go."', 'He said. " We go. "'),
    ],
)
def test_quotes_take_the_source_marks_roles_and_spacing(source, moses, expected):
    assert follow_quotes(source, moses) == expected


def test_apostrophes_inside_words_are_not_quote_marks():
    source = "“Rusia tidak percaya,” kata Antonov."

    assert follow_quotes(source, 'Russia\'s leaders don\'t believe, "Antonov said.') == (
        "Russia's leaders don't believe,” Antonov said."
    )


def test_a_mark_the_model_dropped_or_added_leaves_the_others_paired_by_place():
    # The source closes a quotation opened in an earlier sentence: its one mark closes.
    source = "Ini penting,” kata dia tentang damai."

    assert follow_quotes(source, 'This is important, "he said about peace.') == (
        "This is important,” he said about peace."
    )
    # A pair the model added keeps its own roles, in the source's shape.
    assert follow_quotes(source, 'This is important, "he said about" peace ".') == (
        "This is important,” he said about “peace”."
    )


def test_single_marks_are_left_alone_when_their_number_differs():
    source = "Mereka bilang 'ya'."

    assert follow_quotes(source, "The leaders' said ' yes '.") == "The leaders' said ' yes '."


def test_a_translation_without_quote_marks_is_unchanged():
    assert follow_quotes("“Ya,” katanya.", "Yes, he said.") == "Yes, he said."


def test_other_marks_follow_the_source_only_where_it_wrote_them():
    source = "Jumat (18/6/2021) — kata dia… 2020–2021 ©TASS"
    moses = "Friday (18 / 6 / 2021) - he said... 2020-2021 © TASS"

    assert follow_punctuation(source, moses) == "Friday (18/6/2021) — he said… 2020–2021 ©TASS"
    # A source that spaces its slash or uses plain dots keeps the translation's own.
    assert follow_punctuation("A / B ...", "A / B ...") == "A / B ..."


# --- The cache -------------------------------------------------------------------------------


def test_cached_translations_spoiled_by_moses_are_dropped_by_a_migration(data_dir):
    name = "m004_retranslate_sentences_with_quotes_and_marks"
    db = sqlite_utils.Database(data_dir / "baca.db")
    migrations.apply(db, stop_before=name)
    db["translations"].insert_all(
        {"model": "m", "source": source, "translation": translation, "created": "2026-01-01"}
        for source, translation in [
            ("Rusia dan AS.", "Russia and US."),
            ("positif,” kata dia.", 'positive, "he said.'),
            ("hubungan Rusia-AS.\"", 'Russia-US relations. "'),
            ("Ia bilang 'tidak'.", "He said ' no '."),
            ("Jumat (18/6/2021).", "Friday (18 / 6 / 2021)."),
        ]
    )
    db.close()

    store = open_store(data_dir)

    assert store.cached_translations("m", ["Rusia dan AS.", "positif,” kata dia."]) == {
        "Rusia dan AS.": "Russia and US."
    }
    assert store.db["translations"].count == 1
