"""The model's confidence: real scores from tiny packages whose model is unsure of one word."""

import logging
import math

import ctranslate2
import pytest

from reader.core.store import Store
from reader.core.translate.confidence import (
    DOUBT_THRESHOLD,
    SentenceScores,
    doubt_threshold,
    group_words,
    read_doubt_threshold,
    sentence_scores,
)
from reader.core.translate.reading import translation_scores
from reader.core.translate.translation import Translator, translate_blocks

SENTENCE = "Rusia tidak percaya bahwa dialog ini penting."


def doubted(scores: SentenceScores, threshold: float = DOUBT_THRESHOLD) -> list[str]:
    return [scores.text[start:end] for start, end in scores.doubtful(threshold)]


# --- Scores from the model ---------------------------------------------------------------------


def test_the_word_the_model_is_unsure_of_is_doubtful_and_no_other(doubtful_package):
    [scores] = Translator(doubtful_package).translate_scored([SENTENCE])

    assert scores.text.startswith("Russia not believe that ")
    assert doubted(scores) in (["talks"], ["dialogue"], ["discussion"])
    # A third of the probability each: ln 1/3, with int8's rounding.
    [(start, end, score)] = [word for word in scores.words if word[2] < DOUBT_THRESHOLD]
    assert score == pytest.approx(math.log(1 / 3), abs=0.15)
    assert [scores.text[s:e] for s, e, _ in scores.words][:4] == ["Russia", "not", "believe", "that"]
    assert all(value > -0.05 for s, e, value in scores.words if (s, e) != (start, end))


def test_a_sentence_with_a_doubtful_word_is_less_confident_than_one_without(doubtful_package):
    sure, unsure = Translator(doubtful_package).translate_scored(["Rusia tidak percaya bahwa ini penting.", SENTENCE])

    assert sure.doubtful() == [] and 0.97 < sure.confidence <= 1.0
    assert 0.5 < unsure.confidence < sure.confidence
    # exp of the mean token log-probability: one token in about ten at ln 1/3.
    assert unsure.confidence == pytest.approx(math.exp(math.log(1 / 3) / 9), abs=0.04)


def test_translate_scored_gives_the_same_text_as_translate(doubtful_package):
    translator = Translator(doubtful_package)
    sentences = [SENTENCE, "Kami percaya pada dialog.", "https://example.com"]

    assert [s.text for s in translator.translate_scored(sentences)] == translator.translate(sentences)


def test_spans_point_into_the_final_text_after_protected_spans_are_put_back(doubtful_package):
    [scores] = Translator(doubtful_package).translate_scored(["Lihat https://contoh.id/a_b?x=1 untuk dialog dunia."])

    assert "https://contoh.id/a_b?x=1" in scores.text
    assert doubted(scores) in (["talks"], ["dialogue"], ["discussion"])
    assert "contoh" not in [scores.text[s:e] for s, e, _ in scores.words]


def test_spans_point_into_the_final_text_after_quote_marks_follow_the_source(doubtful_package):
    [scores] = Translator(doubtful_package).translate_scored(["“Kami percaya pada dialog,” kata Duta."])

    assert scores.text.startswith("“") and scores.text.endswith(",” said Ambassador.")
    assert doubted(scores) in (["talks"], ["dialogue"], ["discussion"])
    assert [scores.text[s:e] for s, e, _ in scores.words][-2:] == ["said", "Ambassador"]


def test_a_sentence_the_model_never_sees_is_sure(doubtful_package):
    [scores] = Translator(doubtful_package).translate_scored(["https://example.com/a_b"])

    assert scores == SentenceScores("https://example.com/a_b", 1.0, ())


def test_scoring_a_cached_translation_gives_the_scores_of_translating_it(doubtful_package, monkeypatch):
    translator = Translator(doubtful_package)
    sentences = [SENTENCE, "“Kami percaya pada dialog,” kata Duta.", "Lihat https://contoh.id/a_b untuk dialog."]
    made = translator.translate_scored(sentences)
    calls = []
    monkeypatch.setattr(translator, "_model", _Spy(translator._model, calls))

    again = translator.score({source: scores.text for source, scores in zip(sentences, made)})

    assert calls == []  # scored, not translated again
    for source, scores in zip(sentences, made):
        assert again[source].text == scores.text
        assert [(s, e) for s, e, _ in again[source].words] == [(s, e) for s, e, _ in scores.words]
        assert again[source].doubtful() == scores.doubtful()
        assert again[source].confidence == pytest.approx(scores.confidence, abs=0.02)


class _Spy:
    """The real model, with its translate_batch calls recorded."""

    def __init__(self, model, calls):
        self._model, self._calls = model, calls

    def translate_batch(self, *args, **kwargs):
        self._calls.append(args)
        return self._model.translate_batch(*args, **kwargs)

    def score_batch(self, *args, **kwargs):
        return self._model.score_batch(*args, **kwargs)


# --- Words, spans and the threshold ------------------------------------------------------------


def test_pieces_are_grouped_into_words_for_both_tokenizer_kinds():
    pieces = ["▁Rus", "sia", "▁not", "▁be", "lieve", "."]
    assert group_words(pieces, sentencepiece=True) == [[0, 1], [2], [3, 4, 5]]
    assert group_words(["Rus@@", "sia", "not", "be@@", "lie@@", "ve", "."], sentencepiece=False) == [
        [0, 1], [2], [3, 4, 5], [6]
    ]


def test_a_piece_inside_a_word_marks_the_whole_word_and_punctuation_is_never_marked():
    scores = sentence_scores(
        "Don't say “no”, Russia-US.",
        [("Don", -0.1), ("'t", -2.0), ("say", -0.1), ("“", -3.0), ("no", -1.0), ("”,", -3.0), ("Russia-US.", -0.9)],
        [-0.1, -2.0, -0.1, -3.0, -1.0, -3.0, -0.9, 0.0],
    )

    assert [(scores.text[s:e], v) for s, e, v in scores.words] == [
        ("Don't", -2.0), ("say", -0.1), ("no", -1.0), ("Russia-US", -0.9)
    ]
    assert [scores.text[s:e] for s, e in scores.doubtful()] == ["Don't", "no", "Russia-US"]
    assert [scores.text[s:e] for s, e in scores.doubtful(-1.5)] == ["Don't"]


def test_a_word_the_text_does_not_hold_is_skipped_without_moving_the_others():
    words = [("See", -0.1), ("8401", -2.0), ("now", -1.0)]
    scores = sentence_scores("See https://x.id now.", words, [-0.1, -2.0, -1.0])

    assert [(scores.text[s:e], v) for s, e, v in scores.words] == [("See", -0.1), ("now", -1.0)]


def test_scores_round_trip_through_their_cached_form():
    scores = SentenceScores("Russia not talks.", 0.8812345, ((0, 6, -0.0001), (11, 16, -1.0986123)))

    again = SentenceScores.from_cache(scores.text, scores.confidence, scores.to_json())

    assert again.words == ((0, 6, -0.0001), (11, 16, -1.0986))
    assert again.doubtful() == scores.doubtful() == [(11, 16)]


@pytest.mark.parametrize("value", ["abc", "0.5", "0", "-100", "nan"])
def test_a_threshold_setting_that_is_not_a_negative_log_probability_gives_ln_half(value, caplog):
    with caplog.at_level(logging.WARNING):
        assert doubt_threshold(value) == DOUBT_THRESHOLD
    assert "confidence/doubtThreshold" in caplog.text and repr(value) in caplog.text


def test_the_threshold_is_read_from_the_windows_settings_file(tmp_path):
    assert read_doubt_threshold(tmp_path) == DOUBT_THRESHOLD  # no file yet
    (tmp_path / "settings.ini").write_text(
        "[view]\nlayout=side-by-side\n\n[confidence]\ndoubtThreshold=-1.5\n", encoding="utf-8"
    )

    assert read_doubt_threshold(tmp_path) == -1.5
    assert doubt_threshold(None) == doubt_threshold("") == DOUBT_THRESHOLD


# --- The cache -----------------------------------------------------------------------------------


def test_translations_are_cached_with_their_scores(doubtful_package, tmp_path):
    store = Store(tmp_path / "baca.db")
    translator = Translator(doubtful_package, identity="model-a")

    list(translate_blocks(translator, [[SENTENCE], ["https://example.com"]], cache=store))
    store.close()
    store = Store(tmp_path / "baca.db")

    cached = store.cached_scores("model-a", [SENTENCE, "https://example.com", "Kami."])
    assert set(cached) == {SENTENCE, "https://example.com"}
    assert cached[SENTENCE].text == store.cached_translations("model-a", [SENTENCE])[SENTENCE]
    assert len(doubted(cached[SENTENCE])) == 1 and cached[SENTENCE].confidence < 0.97
    assert cached["https://example.com"].confidence == 1.0
    store.close()


def test_a_translation_cached_before_scores_is_scored_when_needed_not_translated(doubtful_package, monkeypatch):
    store = Store.memory()
    translator = Translator(doubtful_package, identity="model-a")
    [made] = translator.translate_scored([SENTENCE])
    store.save_translations("model-a", {SENTENCE: made.text})  # as an older Baca cached it
    assert store.cached_scores("model-a", [SENTENCE]) == {}
    calls = []
    monkeypatch.setattr(translator, "_model", _Spy(translator._model, calls))

    scores = translation_scores(translator, store, {SENTENCE: made.text})

    assert calls == []
    assert scores[SENTENCE].doubtful() == made.doubtful()
    assert store.cached_scores("model-a", [SENTENCE])[SENTENCE].doubtful() == made.doubtful()
    assert store.cached_translations("model-a", [SENTENCE]) == {SENTENCE: made.text}


def test_scores_are_not_kept_for_a_text_other_than_the_one_cached(doubtful_package):
    store = Store.memory()
    store.save_translations("model-a", {SENTENCE: "The reader's own words."})

    store.save_scores("model-a", {SENTENCE: SentenceScores("Russia not talks.", 0.5, ((0, 6, -2.0),))})
    store.save_translations("model-a", {"Kami.": "We."}, scores={"Kami.": SentenceScores("Us.", 0.5)})

    assert store.cached_scores("model-a", [SENTENCE, "Kami."]) == {}


def test_the_migration_adds_scores_to_a_cache_written_before(tmp_path):
    import sqlite_utils

    from reader.core.schema import migrations

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m009_translation_scores")
    db["translations"].insert({"model": "m", "source": "Rusia.", "translation": "Russia.", "created": "2026"})
    db.close()

    store = Store(path)

    assert store.cached_translations("m", ["Rusia."]) == {"Rusia.": "Russia."}
    assert store.cached_scores("m", ["Rusia."]) == {}
    store.save_scores("m", {"Rusia.": SentenceScores("Russia.", 0.99, ((0, 6, -0.01),))})
    assert store.cached_scores("m", ["Rusia."])["Rusia."].confidence == 0.99
    store.close()


def test_ctranslate2_offers_per_token_scores_for_beam_search_only_through_score_batch(doubtful_package):
    # What decision 0022 rests on: with beam search, return_logits_vocab gives nothing per step.
    model = ctranslate2.Translator(str(doubtful_package.path / "model"), compute_type="int8")
    translator = Translator(doubtful_package)
    translator.load()
    tokens = translator._tokenizer.encode("Rusia tidak percaya.")

    [beam] = model.translate_batch([tokens], beam_size=4, return_logits_vocab=True, max_decoding_length=32)

    assert [list(step.shape) for step in beam.logits[0]] in ([], [[]])
