"""Translation with tiny real Argos packages: batching, protected spans, identity, the cache."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import ctranslate2
import pytest

from reader.core.errors import TranslationFailed
from reader.core.translate.packages import read_package
from reader.core.text.sentences import split_sentences
from reader.core.translate.protection import protect, restore
from reader.core.translate.translation import ModelSettings, Translator, model_identity, translate_blocks
from tests.support.argos_package import build_package_folder

ROOT = Path(__file__).resolve().parents[3]

PROTECTED = [
    "https://example.com/a_b?x=1&y=2",
    "nama_file_laporan.pdf",
    "redaksi@contoh.co.id",
    "www.kompas.com/read/2021/07/13/foo_bar",
]


class DictCache:
    """A TranslationCache in a dict, as the SQLite store keeps it: per model and sentence."""

    def __init__(self):
        self.rows: dict[tuple[str, str], str] = {}
        self.saves: list[dict] = []

    def cached_translations(self, model, sources, glossary_keys=None):
        return {s: self.rows[model, s] for s in sources if (model, s) in self.rows}

    def save_translations(self, model, pairs, glossary_keys=None, scores=None):
        self.saves.append(dict(pairs))
        self.rows.update({(model, s): t for s, t in pairs.items()})


class CountingModels:
    """Stands in for ctranslate2.Translator: makes the real one and records every call."""

    def __init__(self):
        self.loads = 0
        self.batches: list[list[list[str]]] = []
        self.options: list[dict] = []
        self.scorings: list[list[list[str]]] = []

    def __call__(self, *args, **kwargs):
        self.loads += 1
        real = _RealTranslator(*args, **kwargs)
        counter = self

        class Counted:
            def translate_batch(self, batch, **options):
                counter.batches.append([list(tokens) for tokens in batch])
                counter.options.append(options)
                return real.translate_batch(batch, **options)

            def score_batch(self, sources, targets, **options):
                counter.scorings.append([list(tokens) for tokens in targets])
                return real.score_batch(sources, targets, **options)

        return Counted()

    @property
    def sentences(self) -> int:
        return sum(len(batch) for batch in self.batches)


_RealTranslator = ctranslate2.Translator


@pytest.fixture
def models(monkeypatch) -> CountingModels:
    counting = CountingModels()
    monkeypatch.setattr(ctranslate2, "Translator", counting)
    return counting


def sample_blocks(sample_path) -> list[list[str]]:
    """The sample post's paragraphs as blocks of sentences, segmented as the app does."""
    paragraphs = [p.strip() for p in sample_path.read_text(encoding="utf-8").split("\n") if p.strip()]
    return [[s.text for s in split_sentences(p)] for p in paragraphs]


# --- Translating -------------------------------------------------------------------------------


def test_translate_glosses_words_with_either_tokenizer(tiny_package):
    translator = Translator(tiny_package)

    [english] = translator.translate(["Rusia tidak percaya bahwa dialog ini penting."])

    assert english == "Russia not believe that dialog this important."


def test_translate_keeps_sentences_in_order_and_one_result_each(tiny_package):
    sentences = ["Rusia dan AS.", "Moskow untuk Jenewa.", "", "Kami percaya."]

    assert Translator(tiny_package).translate(sentences) == [
        "Russia and US.",
        "Moscow for Geneva.",
        "",
        "We believe.",
    ]


@pytest.mark.parametrize("span", PROTECTED)
def test_urls_emails_and_file_names_come_out_exactly_as_written(tiny_package, span):
    [english] = Translator(tiny_package).translate([f"Lihat {span} untuk dunia."])

    assert english == f"Lihat {span} for world."


def test_several_protected_spans_in_one_sentence_keep_their_places(tiny_package):
    sentence = "Kirim " + " dan ".join(PROTECTED) + " (lihat https://id.wikipedia.org/wiki/Jawa_(pulau))."

    [english] = Translator(tiny_package).translate([sentence])

    assert english == "Kirim " + " and ".join(PROTECTED) + " (lihat https://id.wikipedia.org/wiki/Jawa_(pulau))."


def test_ordinary_underscores_and_hashtags_are_kept(tiny_package):
    [english] = Translator(tiny_package).translate(["Tagar #hari_ini dan kata_kunci di ___ sana."])

    assert english == "Tagar #hari_ini and kata_kunci in ___ sana."


def test_protected_spans_never_reach_the_tokenizer(tiny_package, models):
    Translator(tiny_package).translate([f"Lihat {span} dan dunia." for span in PROTECTED])

    pieces = "".join(token for batch in models.batches for tokens in batch for token in tokens)
    for fragment in ("example", "laporan", "redaksi", "kompas", "_", "<0x5F>"):
        assert fragment not in pieces


def test_a_sentence_that_is_only_a_url_needs_no_model(tiny_package, models):
    assert Translator(tiny_package).translate(["https://example.com/a_b?x=1&y=2", "  "]) == [
        "https://example.com/a_b?x=1&y=2",
        "",
    ]
    assert models.loads == 0


def test_translate_makes_one_batched_call_and_translates_duplicates_once(tiny_package, models):
    sentences = ["Rusia dan AS.", "Kami percaya.", "Rusia dan AS.", "Rusia dan AS."]

    english = Translator(tiny_package).translate(sentences)

    assert english == ["Russia and US.", "We believe.", "Russia and US.", "Russia and US."]
    assert len(models.batches) == 1
    assert models.sentences == 2


def test_a_sentence_over_the_token_limit_reaches_the_model_in_parts_and_comes_back_whole(tiny_package, models):
    from reader.core.text.limits import MAX_INPUT_TOKENS

    words = "kontradiksi menumpuk sentakan terobosan menghargai ilusi".split()
    sentence = " ".join(words[i % len(words)] for i in range(300)) + "."

    [english] = Translator(tiny_package).translate([sentence])

    [batch] = models.batches
    assert len(batch) > 1
    assert sum(len(tokens) for tokens in batch) > MAX_INPUT_TOKENS
    assert all(len(tokens) <= MAX_INPUT_TOKENS for tokens in batch)
    assert english == sentence


def test_translate_passes_the_decoding_options(tiny_package, models):
    Translator(tiny_package, settings=ModelSettings(beam_size=2, max_decoding_length=64)).translate(["Rusia."])

    [options] = models.options
    assert options["beam_size"] == 2
    assert options["max_decoding_length"] == 64
    assert options["max_batch_size"] == 32
    assert options["target_prefix"] is None


def test_the_model_loads_lazily_and_once_per_translator(tiny_package, models):
    translator = Translator(tiny_package)
    assert models.loads == 0

    translator.translate(["Rusia."])
    translator.translate(["AS."])

    assert models.loads == 1
    assert len(models.batches) == 2


def test_a_target_prefix_is_given_to_the_model_and_removed_from_its_output(tmp_path, models):
    folder = build_package_folder(tmp_path, target_prefix=">>eng<<", swaps={"Rusia": "Russia"})
    translator = Translator(read_package(folder, writable=True))

    assert translator.translate(["Rusia dan AS.", "Kami"]) == ["Russia dan AS.", "Kami"]
    assert models.options[0]["target_prefix"] == [[">>eng<<"], [">>eng<<"]]


def test_a_broken_model_raises_translation_failed(tmp_path, argos_package_dirs):
    folder = shutil.copytree(argos_package_dirs["sentencepiece"], tmp_path / "broken")
    (folder / "model" / "model.bin").write_bytes(b"not a model")
    translator = Translator(read_package(folder, writable=True))

    with pytest.raises(TranslationFailed, match="could not be loaded"):
        translator.translate(["Rusia."])


def test_translation_runs_with_the_network_blocked(tiny_package):
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)

    assert Translator(tiny_package).translate(["Rusia."]) == ["Russia."]


def test_translating_never_imports_argostranslate_translate(argos_package_dirs):
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from reader.core.translate.packages import read_package\n"
        "from reader.core.translate.translation import Translator\n"
        "assert 'argostranslate' not in sys.modules\n"
        f"package = read_package(Path({str(argos_package_dirs['bpe'])!r}), writable=True)\n"
        "print(Translator(package).translate(['Rusia dan AS.'])[0])\n"
        "print(sorted(m for m in sys.modules if m in ('argostranslate.translate', 'minisbd')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ), capture_output=True,
        text=True, check=True,
    )

    assert result.stdout.splitlines() == ["Russia and US.", "[]"]


def test_both_tokenizer_kinds_load_through_argos_package(argos_package_dirs):
    from argostranslate.package import Package
    from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

    sentencepiece = Package(argos_package_dirs["sentencepiece"]).tokenizer
    bpe = Package(argos_package_dirs["bpe"]).tokenizer

    assert isinstance(sentencepiece, SentencePieceTokenizer)
    assert isinstance(bpe, BPETokenizer)
    assert sentencepiece.encode("Rusia dan AS") == ["▁Rusia", "▁dan", "▁AS"]
    assert bpe.encode("Rusia dan AS") == ["Rusia", "dan", "AS"]


# --- Protected spans ---------------------------------------------------------------------------


def test_protect_leaves_ordinary_text_alone():
    assert protect("Rusia dan AS, 2021.") == ("Rusia dan AS, 2021.", [])


def test_protect_picks_numbers_that_are_not_in_the_sentence():
    text, pairs = protect("Nomor 8401 di https://example.com")

    assert text == "Nomor 8401 di 8501"
    assert pairs == [("8501", "https://example.com")]


def test_protect_leaves_sentence_punctuation_outside_urls():
    text, pairs = protect("Lihat https://example.com/a, lalu (www.kompas.com).")

    assert text == "Lihat 8401, lalu (8402)."
    assert [original for _, original in pairs] == ["https://example.com/a", "www.kompas.com"]


def test_restore_accepts_numbers_written_with_separators():
    pairs = [("8401", "a_b.pdf"), ("8402", "x@y.id")]

    assert restore("See 8,401 and 8.402.", pairs) == "See a_b.pdf and x@y.id."


def test_restore_puts_a_dropped_span_back_before_the_final_stop():
    pairs = [("8401", "https://example.com"), ("8402", "x@y.id")]

    assert restore("Read it at.", pairs) == "Read it at https://example.com x@y.id."
    assert restore("“Read it”", pairs[:1]) == "“Read it https://example.com”"


def test_restore_keeps_one_copy_of_a_repeated_placeholder():
    assert restore("See 8401 and 8401 now.", [("8401", "a_b.pdf")]) == "See a_b.pdf and now."


# --- Model identity ----------------------------------------------------------------------------


def test_model_identity_differs_for_packages_with_equal_names_and_versions(tmp_path):
    one = build_package_folder(tmp_path / "one", name="translate-id_en-1_9", version="1.9")
    two = build_package_folder(tmp_path / "two", name="translate-id_en-1_9", version="1.9", seed=1)

    first = model_identity(read_package(one, writable=True))
    second = model_identity(read_package(two, writable=True))

    assert first != second
    assert first.startswith("sha256:")


def test_model_identity_depends_on_file_contents_not_the_folder(tmp_path, argos_package_dirs):
    original = read_package(argos_package_dirs["bpe"], writable=True)
    copy = read_package(shutil.copytree(original.path, tmp_path / "copy"), writable=True)
    identity = model_identity(copy)

    assert identity == model_identity(original)
    (copy.path / "README.md").write_text("changed")
    assert model_identity(copy) != identity


def test_model_identity_is_hashed_once_and_remembered(tmp_path, argos_package_dirs, monkeypatch):
    package = read_package(shutil.copytree(argos_package_dirs["bpe"], tmp_path / "pkg"), writable=True)
    memo = tmp_path / "data" / "model-identities.json"
    identity = model_identity(package, memo)

    import reader.core.translate.translation as translation

    def no_hashing():
        raise AssertionError("hashed again")

    monkeypatch.setattr(translation.hashlib, "sha256", no_hashing)
    assert model_identity(package, memo) == identity
    assert Translator(package, memo=memo).identity == identity

    os.utime(package.path / "README.md", ns=(1, 1))  # a changed file is hashed again
    with pytest.raises(AssertionError, match="hashed again"):
        model_identity(package, memo)


def test_an_unreadable_memo_is_rebuilt(tmp_path, argos_package_dirs, caplog):
    package = read_package(argos_package_dirs["sentencepiece"], writable=True)
    memo = tmp_path / "model-identities.json"
    memo.write_text("{broken")

    identity = model_identity(package, memo)

    assert identity == model_identity(package)
    assert "unreadable model identity memo" in caplog.text
    assert identity in memo.read_text()


# --- Documents in chunks, with the cache -------------------------------------------------------


def test_translate_blocks_yields_every_block_once_with_its_translations(tiny_translator, sample_path):
    blocks = sample_blocks(sample_path)

    chunks = list(translate_blocks(tiny_translator, blocks, chunk_sentences=8))

    indexes = [i for chunk, _ in chunks for i in chunk]
    assert sorted(indexes) == list(range(len(blocks)))
    results = {i: t for chunk, texts in chunks for i, t in zip(chunk, texts)}
    assert [len(results[i]) for i in range(len(blocks))] == [len(b) for b in blocks]
    assert results[0] == tiny_translator.translate(blocks[0])
    assert len(chunks) > 3


def test_translate_blocks_does_the_chosen_blocks_first_then_the_rest_in_order(tiny_translator):
    blocks = [["Rusia."], ["AS."], ["Kami."], ["Jenewa."], ["Moskow."]]

    chunks = list(translate_blocks(tiny_translator, blocks, order=[3, 1, 3], chunk_sentences=2))

    assert [chunk for chunk, _ in chunks] == [[3, 1], [0, 2], [4]]
    assert chunks[0][1] == [["Geneva."], ["US."]]


def test_translate_blocks_keeps_chunks_within_the_sentence_limit(tiny_translator, models):
    blocks = [["Rusia.", "AS."], ["Kami.", "Jenewa.", "Moskow."], ["Suriah."], ["PBB."]]

    chunks = [chunk for chunk, _ in translate_blocks(tiny_translator, blocks, chunk_sentences=3)]

    # A block is never split; one longer than the limit would be a chunk of its own.
    assert chunks == [[0], [1], [2, 3]]
    assert [len(batch) for batch in models.batches] == [2, 3, 2]


def test_translate_blocks_rejects_an_unknown_block_index(tiny_translator):
    with pytest.raises(IndexError):
        list(translate_blocks(tiny_translator, [["Rusia."]], order=[5]))


def test_a_document_read_again_is_translated_with_zero_model_calls(sentencepiece_package, sample_path, models):
    blocks = sample_blocks(sample_path)
    cache = DictCache()
    first = list(translate_blocks(Translator(sentencepiece_package), blocks, cache=cache))
    calls = len(models.batches)
    assert calls >= 1

    again = list(translate_blocks(Translator(sentencepiece_package), blocks, cache=cache))

    assert len(models.batches) == calls
    assert models.loads == 1  # the second translator never even loaded its model
    assert len(again) == 1
    as_dict = lambda chunks: {i: t for c, ts in chunks for i, t in zip(c, ts)}
    assert as_dict(again) == as_dict(first)


def test_the_cache_is_keyed_by_the_model_identity(sentencepiece_package):
    cache = DictCache()
    translator = Translator(sentencepiece_package, identity="model-a")

    list(translate_blocks(translator, [["Rusia dan AS."]], cache=cache))

    assert cache.rows == {("model-a", "Rusia dan AS."): "Russia and US."}


def test_cached_sentences_are_served_and_only_new_ones_reach_the_model(sentencepiece_package, models):
    cache = DictCache()
    translator = Translator(sentencepiece_package, identity="model-a")
    cache.save_translations("model-a", {"Rusia.": "CACHED"})
    cache.save_translations("model-b", {"AS.": "OTHER MODEL"})

    chunks = list(translate_blocks(translator, [["Rusia."], ["Rusia.", "AS."]], cache=cache))

    assert chunks == [([0], [["CACHED"]]), ([1], [["CACHED", "US."]])]
    assert models.batches and sum(len(b) for b in models.batches) == 1
    assert cache.saves[-1] == {"AS.": "US."}


def test_a_sentence_repeated_across_chunks_is_translated_once(tiny_translator, models):
    blocks = [["Rusia."], ["Rusia.", "AS."]]

    list(translate_blocks(tiny_translator, blocks, chunk_sentences=1))

    assert models.sentences == 2


def test_stopping_early_translates_no_more_chunks(tiny_translator, models):
    blocks = [["Rusia."], ["AS."], ["Kami."]]

    chunks = translate_blocks(tiny_translator, blocks, chunk_sentences=1)
    next(chunks)
    chunks.close()

    assert len(models.batches) == 1
