"""Build tiny real Argos Translate packages from numpy weights: a model that copies its input.

No pytest here, so the benchmarks can build their base-shaped model with the same code.

How the copy works (all in a pre-norm CTranslate2 Transformer):
- Every vector has a token part (the first `d_model - head_dim` dimensions) and a position part
  (the last `head_dim` dimensions). Token vectors and position vectors are random, zero-mean and
  near-orthogonal, so the dot product of two different ones is small.
- Every layer is inert (its weights are tiny noise, so it adds almost nothing to the residual),
  except the last decoder layer's cross-attention: its queries read the decoding step's position,
  its keys the source positions, so step t attends to source token t; its values carry that
  token's vector into the residual.
- The output projection holds the token vectors, so the argmax is the attended source token.
  `add_source_eos=True` puts `</s>` at the end of the source, so decoding stops after copying.
- A gloss (`swaps`) adds a source token's vector to another token's projection row and clears
  its own: the source word then comes out as the chosen English word.
- A doubt (`doubts`) adds a source token's vector to the rows of several English words, so the
  model gives each of them about the same probability: a word the model is unsure of, with real
  low scores (the tests of confidence marks need one).
The layers are full size, so the cost of running the model is that of a real one of its shape.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

SAMPLE_POST = Path(__file__).resolve().parent.parent / "data" / "seed" / "000_12db35e2f43f4474.txt"

# A word-by-word gloss of the sample post's frequent words, enough for a readable screenshot.
GLOSS = {
    "Rusia": "Russia",
    "untuk": "for",
    "dan": "and",
    "yang": "which",
    "di": "in",
    "dalam": "inside",
    "AS": "US",
    "tentang": "about",
    "kata": "said",
    "tidak": "not",
    "dengan": "with",
    "bahwa": "that",
    "adalah": "is",
    "ini": "this",
    "dapat": "can",
    "tahun": "year",
    "Amerika": "America",
    "Serikat": "States",
    "percaya": "believe",
    "Kami": "We",
    "pada": "on",
    "nuklir": "nuclear",
    "keamanan": "security",
    "Keamanan": "Security",
    "Jenewa": "Geneva",
    "Suriah": "Syria",
    "hubungan": "relations",
    "dunia": "world",
    "penting": "important",
    "akan": "will",
    "dari": "from",
    "negara": "country",
    "konflik": "conflict",
    "Moskow": "Moscow",
    "Dewan": "Council",
    "PBB": "UN",
    "strategis": "strategic",
    "mencatat": "noted",
    "semua": "all",
    "kerja": "work",
    "Duta": "Ambassador",
}

LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}
SPECIALS = ["<unk>", "<s>", "</s>"]

# Scales of the copy mechanism: attention logit where source and target positions match, the
# output logit of the copied token, and the size of the noise in inert weights.
_ATTENTION_SHARPNESS = 50.0
_OUTPUT_LOGIT = 20.0
_NOISE = 1e-3


def sample_lines(path: Path = SAMPLE_POST) -> list[str]:
    """The sample post's non-empty lines."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_package(
    dest_dir: Path,
    *,
    tokenizer: str = "sentencepiece",
    layers: tuple[int, int] = (1, 1),
    d_model: int = 128,
    heads: int = 2,
    ffn: int = 256,
    vocab_size: int | None = None,
    swaps: dict[str, str] | None = None,
    doubts: dict[str, tuple[str, ...]] | None = None,
    version: str = "1.0",
    name: str | None = None,
    **options,
) -> Path:
    """Build a copy model package and zip it into `dest_dir/<name>.argosmodel`; return the file."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest_dir, prefix=".build-") as work:
        folder = build_package_folder(
            Path(work),
            tokenizer=tokenizer,
            layers=layers,
            d_model=d_model,
            heads=heads,
            ffn=ffn,
            vocab_size=vocab_size,
            swaps=swaps,
            doubts=doubts,
            version=version,
            name=name,
            **options,
        )
        return zip_package(folder, dest_dir / f"{folder.name}.argosmodel")


def build_package_folder(
    dest_dir: Path,
    *,
    tokenizer: str = "sentencepiece",
    layers: tuple[int, int] = (1, 1),
    d_model: int = 128,
    heads: int = 2,
    ffn: int = 256,
    vocab_size: int | None = None,
    swaps: dict[str, str] | None = None,
    doubts: dict[str, tuple[str, ...]] | None = None,
    version: str = "1.0",
    name: str | None = None,
    from_code: str = "id",
    to_code: str = "en",
    code: str | None = None,
    target_prefix: str | None = None,
    max_positions: int = 512,
    quantization: str = "int8",
    seed: int = 0,
    corpus: list[str] | None = None,
) -> Path:
    """Build a copy model package as an installed folder `dest_dir/<name>`; return the folder."""
    if tokenizer not in ("sentencepiece", "bpe"):
        raise ValueError(f"tokenizer must be 'sentencepiece' or 'bpe', not {tokenizer!r}")
    if heads < 2 or d_model % heads:
        raise ValueError("need 2 or more heads dividing d_model (a head's width holds positions)")
    swaps = dict(swaps or {})
    doubts = {source: tuple(targets) for source, targets in (doubts or {}).items()}
    name = name or f"tiny-{tokenizer}-{from_code}_{to_code}-{version.replace('.', '_')}"
    folder = Path(dest_dir) / name
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "model").mkdir(parents=True)

    lines = list(corpus) if corpus is not None else sample_lines()
    # Swap targets are trained into the tokenizer so that each is one token.
    lines += [" ".join([*swaps.values(), *(t for targets in doubts.values() for t in targets)])] * 4
    if tokenizer == "sentencepiece":
        tokens, word_token = _write_sentencepiece(folder, lines)
    else:
        tokens, word_token = _write_bpe(folder, lines, from_code)

    vocabulary = list(tokens)
    if target_prefix:
        vocabulary.append(target_prefix)
    if vocab_size is not None:
        if vocab_size < len(vocabulary):
            raise ValueError(f"vocab_size {vocab_size} is below the {len(vocabulary)} tokens")
        vocabulary += [f"<extra_{i}>" for i in range(vocab_size - len(vocabulary))]
    index = {token: i for i, token in enumerate(vocabulary)}

    glossed = {}
    for source, target in swaps.items():
        source_token, target_token = word_token(source), word_token(target)
        if source_token is None or target_token is None:
            missing = source if source_token is None else target
            raise ValueError(f"gloss word {missing!r} is not a single token of this tokenizer")
        glossed[index[source_token]] = index[target_token]
    doubted = {}
    for source, targets in doubts.items():
        wanted = [source, *targets]
        found = [word_token(word) for word in wanted]
        if None in found:
            raise ValueError(f"doubt word {wanted[found.index(None)]!r} is not a single token of this tokenizer")
        doubted[index[found[0]]] = [index[token] for token in found[1:]]

    spec = _copy_model_spec(
        vocabulary,
        glossed,
        doubted,
        layers=layers,
        d_model=d_model,
        heads=heads,
        ffn=ffn,
        max_positions=max_positions,
        shift_target=bool(target_prefix),
        checked=[index[token] for token in tokens],
        rng=np.random.default_rng(seed),
    )
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=quantization)
    spec.save(str(folder / "model"))

    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
    }
    if code:
        metadata["code"] = code
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (folder / "README.md").write_text(
        f"# {name}\n\nA test package: a {layers[0]}+{layers[1]} layer model that copies its input"
        f" ({tokenizer} tokenizer), glossing {len(glossed)} words, doubting {len(doubted)}.\n",
        encoding="utf-8",
    )
    return folder


def zip_package(folder: Path, path: Path) -> Path:
    """Zip a package folder as an `.argosmodel`: one top folder, with directory entries."""
    folder = Path(folder)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder, folder.name)
        for item in sorted(folder.rglob("*")):
            archive.write(item, f"{folder.name}/{item.relative_to(folder).as_posix()}")
    return path


def _write_sentencepiece(folder: Path, lines: list[str]):
    """Train `sentencepiece.model` on the lines; return its pieces and a word-to-piece lookup."""
    import sentencepiece as spm

    prefix = folder / "sentencepiece"
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(prefix),
        vocab_size=2000,
        hard_vocab_limit=False,
        model_type="bpe",
        character_coverage=1.0,
        # Bytes for characters never seen in training (URLs, e-mail addresses): no <unk>.
        byte_fallback=True,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    prefix.with_suffix(".vocab").unlink()
    processor = spm.SentencePieceProcessor(model_file=str(prefix.with_suffix(".model")))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    if pieces[:3] != SPECIALS:
        raise RuntimeError(f"unexpected special pieces {pieces[:3]}")

    def word_token(word: str) -> str | None:
        encoded = processor.encode(word, out_type=str)
        return encoded[0] if len(encoded) == 1 else None

    return pieces, word_token


def _write_bpe(folder: Path, lines: list[str], from_code: str):
    """Learn subword-nmt codes on the Moses-tokenized lines into `bpe.model`; return tokens."""
    from argostranslate.apply_bpe import BPE
    from sacremoses import MosesPunctNormalizer, MosesTokenizer

    normalizer, moses = MosesPunctNormalizer(from_code), MosesTokenizer(from_code)
    words = Counter(
        word for line in lines for word in moses.tokenize(normalizer.normalize(line), escape=True)
    )
    merges = _learn_bpe(words)
    codes = folder / "bpe.model"
    codes.write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges), encoding="utf-8")
    with codes.open(encoding="utf-8") as handle:
        bpe = BPE(handle)
    # Every unit BPE can produce, inside (`@@`) or ending a word: each printable ASCII character,
    # each character seen, each merge. So URLs and unseen words segment without <unk>.
    symbols = {chr(c) for c in range(33, 127)} | {c for word in words for c in word}
    symbols |= {(a + b).removesuffix("</w>") for a, b in merges}
    tokens = SPECIALS + sorted(symbols | {symbol + "@@" for symbol in symbols})

    def word_token(word: str) -> str | None:
        segmented = bpe.segment_tokens(moses.tokenize(word, escape=True))
        return segmented[0] if len(segmented) == 1 else None

    return tokens, word_token


def _learn_bpe(words: Counter, min_frequency: int = 2, max_merges: int = 20000):
    """Learn BPE merges (subword-nmt 0.2 format, `</w>` on the last symbol) from word counts."""
    vocabulary = {tuple(word[:-1]) + (word[-1] + "</w>",): count for word, count in words.items()}
    merges = []
    while len(merges) < max_merges:
        pairs = Counter()
        for symbols, count in vocabulary.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += count
        if not pairs:
            break
        # Most frequent first; ties broken by the pair itself so the codes are reproducible.
        best, count = min(pairs.items(), key=lambda item: (-item[1], item[0]))
        if count < min_frequency:
            break
        merges.append(best)
        merged = {}
        for symbols, word_count in vocabulary.items():
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            merged[tuple(out)] = word_count
        vocabulary = merged
    return merges


def _unit_rows(rng, count: int, width: int) -> np.ndarray:
    """Random zero-mean rows of norm sqrt(width): near-orthogonal, unchanged by layer norm."""
    rows = rng.standard_normal((count, width))
    rows -= rows.mean(axis=1, keepdims=True)
    rows *= np.sqrt(width) / np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32)


def _copy_model_spec(
    vocabulary, glossed, doubted, *, layers, d_model, heads, ffn, max_positions, shift_target, checked, rng
):
    """A TransformerSpec whose weights copy the source (with the gloss applied)."""
    import ctranslate2

    width = d_model // heads  # the position part: one head's width, shared by every head
    token_width = d_model - width
    size = len(vocabulary)
    tok = slice(0, token_width)
    pos = slice(token_width, d_model)

    def noise(*shape):
        return (rng.standard_normal(shape) * _NOISE).astype(np.float32)

    tokens = _unit_rows(rng, size, token_width)
    positions = _unit_rows(rng, max_positions, width)

    spec = ctranslate2.specs.TransformerSpec.from_config(tuple(layers), heads)
    spec.config.add_source_eos = True

    def norm(layer_norm):
        layer_norm.gamma = np.ones(d_model, np.float32)
        layer_norm.beta = np.zeros(d_model, np.float32)

    def linear(spec_linear, weight):
        spec_linear.weight = weight
        spec_linear.bias = np.zeros(weight.shape[0], np.float32)

    def inert_layer(layer):
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], noise(3 * d_model, d_model))
        linear(layer.self_attention.linear[1], noise(d_model, d_model))
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, noise(ffn, d_model))
        linear(layer.ffn.linear_1, noise(d_model, ffn))
        if hasattr(layer, "attention"):
            norm(layer.attention.layer_norm)
            linear(layer.attention.linear[0], noise(d_model, d_model))
            linear(layer.attention.linear[1], noise(2 * d_model, d_model))
            linear(layer.attention.linear[2], noise(d_model, d_model))

    # Encoder: token vector + position vector, passed through unchanged. Embeddings are scaled
    # by sqrt(d_model) at run time, hence the division.
    source = np.zeros((size, d_model), np.float32)
    source[:, tok] = tokens
    spec.encoder.embeddings[0].weight = source / np.sqrt(d_model) + noise(size, d_model)
    encoder_positions = np.zeros((max_positions, d_model), np.float32)
    encoder_positions[:, pos] = positions
    spec.encoder.position_encodings.encodings = encoder_positions
    norm(spec.encoder.layer_norm)
    for layer in spec.encoder.layer:
        inert_layer(layer)

    # Decoder: its input carries only the step's position (the previous token is noise). With a
    # target prefix the first step emits the prefix, so step t copies source position t - 1.
    spec.decoder.embeddings.weight = noise(size, d_model)
    decoder_positions = np.zeros((max_positions, d_model), np.float32)
    decoder_positions[:, pos] = np.roll(positions, 1, axis=0) if shift_target else positions
    spec.decoder.position_encodings.encodings = decoder_positions
    norm(spec.decoder.layer_norm)
    for layer in spec.decoder.layer:
        inert_layer(layer)

    # The last decoder layer's cross-attention: every head matches positions. The decoder state
    # there is [noise, position], which layer norm scales by sqrt(d_model / width); CTranslate2
    # divides the logits by sqrt(width); so the logit of a match is the sharpness below.
    last = spec.decoder.layer[-1].attention
    query = noise(d_model, d_model)
    key_value = noise(2 * d_model, d_model)
    for head in range(heads):
        rows = slice(head * width, (head + 1) * width)
        query[rows, pos] = np.eye(width) * _ATTENTION_SHARPNESS / np.sqrt(d_model)
        key_value[rows, pos] = np.eye(width)
    key_value[d_model : d_model + token_width, tok] = np.eye(token_width)
    output = noise(d_model, d_model)
    output[tok, tok] = np.eye(token_width)
    linear(last.linear[0], query)
    linear(last.linear[1], key_value)
    linear(last.linear[2], output)

    # Projection: row v holds the vectors of the source tokens that come out as v.
    projection = np.zeros((size, d_model), np.float32)
    for source_index in range(size):
        for target_index in doubted.get(source_index) or [glossed.get(source_index, source_index)]:
            projection[target_index, tok] += tokens[source_index]
    # The rows of a doubt's words give its source vector the same logit each, exactly: the
    # other words in those rows are only near-orthogonal to it.
    for source_index, targets in doubted.items():
        vector = tokens[source_index]
        dots = projection[targets, tok] @ vector
        projection[targets, tok] += np.outer((dots.max() - dots) / (vector @ vector), vector)
    projection[:, tok] *= _OUTPUT_LOGIT / token_width
    projection += noise(size, d_model)
    linear(spec.decoder.projection, projection)

    # Check in floating point that every real token comes out as itself (or its gloss).
    checked = [i for i in checked if i not in doubted]
    logits = tokens[checked] @ projection[:, tok].T
    expected = np.array([glossed.get(i, i) for i in checked])
    wrong = np.nonzero(logits.argmax(axis=1) != expected)[0]
    if len(wrong):
        raise RuntimeError(f"{len(wrong)} tokens would not copy; use a larger d_model")
    return spec
