"""Offline translation with an Argos Translate package, run directly on CTranslate2."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reader.core.errors import TranslationFailed
from reader.core.platform.files import read_json_object, write_json
from reader.core.text.limits import MAX_INPUT_TOKENS, split_long
from reader.core.translate.confidence import SURE, SentenceScores, bpe_word, group_words, mean, sentence_scores
from reader.core.translate.glossary import Glossary, capitalise_term, glossary_keys
from reader.core.translate.protection import needs_model, protect, restore
from reader.core.translate.packages import InstalledPackage
from reader.core.translate.punctuation import follow_punctuation
from reader.core.translate.schedule import CHUNK_SENTENCES, TranslationQueue, cached_blocks


class TranslationCache(Protocol):
    """Translations remembered per model identity and source sentence (the store implements it).

    `glossary_keys` maps a source to the key of the glossary entries found in it (Glossary.key;
    absent: none found). Given, a cached translation counts only when made with the same entries;
    None takes whatever is cached (readers of what was shown: exports, imports).
    """

    def cached_translations(
        self, model: str, sources: Sequence[str], glossary_keys: Mapping[str, str] | None = None
    ) -> dict[str, str]: ...

    def save_translations(
        self,
        model: str,
        pairs: Mapping[str, str],
        glossary_keys: Mapping[str, str] | None = None,
        scores: Mapping[str, SentenceScores] | None = None,
    ) -> None: ...


# --- Model identity ----------------------------------------------------------------------------

_MEMO_FORMAT = 1


def model_identity(package: InstalledPackage, memo: Path | None = None) -> str:
    """A hash of the package's file names and contents, remembered in `memo` by size and mtime."""
    root = Path(package.path)
    files = sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.is_file()
    )
    signature = []
    for name, path in files:
        info = path.stat()
        signature.append([name, info.st_size, info.st_mtime_ns])
    key = str(root.resolve())

    remembered = _read_memo(memo) if memo else {}
    entry = remembered.get(key)
    if isinstance(entry, dict) and entry.get("files") == signature and entry.get("identity"):
        return entry["identity"]

    digest = hashlib.sha256()
    for name, path in files:
        encoded = name.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
        digest.update(path.stat().st_size.to_bytes(8, "big"))
        with path.open("rb") as handle:
            while block := handle.read(1024 * 1024):
                digest.update(block)
    identity = "sha256:" + digest.hexdigest()

    if memo:
        remembered[key] = {"files": signature, "identity": identity}
        _write_memo(memo, remembered)
    return identity


def _read_memo(memo: Path) -> dict:
    content = read_json_object(memo, "model identity memo")
    if content.get("format") != _MEMO_FORMAT:
        return {}
    packages = content.get("packages")
    return packages if isinstance(packages, dict) else {}


def _write_memo(memo: Path, packages: dict) -> None:
    write_json(memo, {"format": _MEMO_FORMAT, "packages": packages})


# --- Tokenizer ---------------------------------------------------------------------------------


class _Tokenizer:
    """The package's own tokenizer, with a SentencePiece decoder that keeps underscores."""

    def __init__(self, package_path: Path):
        from argostranslate.package import Package

        package = Package(package_path)
        self.argos = getattr(package, "tokenizer", None)
        self.target_prefix = getattr(package, "target_prefix", "") or ""
        self.processor = None
        self._target_moses = None
        model_file = getattr(self.argos, "model_file", None)
        if model_file is not None and Path(model_file).name == "sentencepiece.model":
            import sentencepiece

            # Argos's decoder replaces every `_` with a space (1.12) or leaves byte pieces
            # undecoded (1.11); SentencePiece's own decoder does neither.
            self.processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, text: str) -> list[str]:
        return self.argos.encode(text)

    def decode(self, tokens: list[str]) -> str:
        if self.processor is not None:
            return self.processor.decode_pieces(tokens)
        return self.argos.decode(tokens)

    def encode_target(self, text: str) -> list[str]:
        """Target-language text as the model's pieces (to score a translation made earlier)."""
        if self.processor is not None:
            return self.processor.encode(text, out_type=str)
        if self._target_moses is None:
            from sacremoses import MosesPunctNormalizer, MosesTokenizer

            self.argos.lazy_load()
            # Without moving a full stop inside the quote marks (`".` to `."`), as English normalizing
            # does: the model writes the order it means, and the detokenizer keeps it.
            normalizer = MosesPunctNormalizer(self.argos.to_code, norm_quote_commas=False)
            self._target_moses = normalizer, MosesTokenizer(self.argos.to_code)
        normalizer, moses = self._target_moses
        words = moses.tokenize(normalizer.normalize(text), escape=True)
        return self.argos.bpe_source.segment_tokens(words) if words else []

    def word_text(self, pieces: list[str]) -> str:
        """One word's text from its pieces, for finding it in the final translation."""
        if self.processor is None:
            return bpe_word(pieces)
        if any(piece.startswith("<0x") for piece in pieces):
            return self.processor.decode_pieces(pieces)  # byte pieces: SentencePiece joins them
        return "".join(pieces).replace("▁", " ")


# --- Translator --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelSettings:
    """How the model is loaded and searched: CPU threads (0: CTranslate2 chooses) and decoding."""

    threads: int = 0
    beam_size: int = 4
    max_decoding_length: int = 256
    compute_type: str = "int8"
    max_batch_size: int = 32
    # Argos Translate's value, so translations match what its users know.
    length_penalty: float = 0.2


class Translator:
    """Translates sentences with one installed package; the model loads on first use."""

    def __init__(
        self,
        package: InstalledPackage,
        *,
        identity: str | None = None,
        memo: Path | None = None,
        settings: ModelSettings = ModelSettings(),
    ):
        self.package = package
        self.settings = settings
        self._identity = identity
        self._memo = memo
        self._lock = threading.Lock()
        self._model = None
        self._tokenizer: _Tokenizer | None = None

    @property
    def identity(self) -> str:
        """The model identity that keys the translation cache (hashed once, then remembered)."""
        if self._identity is None:
            self._identity = model_identity(self.package, self._memo)
        return self._identity

    def load(self) -> None:
        """Load the tokenizer and the CTranslate2 model now, if not loaded yet."""
        with self._lock:
            if self._model is not None:
                return
            import ctranslate2

            try:
                tokenizer = _Tokenizer(self.package.path)
                if tokenizer.argos is None:
                    raise ValueError("it has no sentencepiece.model or bpe.model")
                model = ctranslate2.Translator(
                    str(self.package.path / "model"),
                    device="cpu",
                    compute_type=self.settings.compute_type,
                    inter_threads=1,
                    intra_threads=self.settings.threads,
                )
            except (OSError, RuntimeError, ValueError) as error:
                raise TranslationFailed(
                    f"The translation model {self.package.label} in {self.package.path} "
                    f"could not be loaded: {error}"
                ) from error
            self._tokenizer, self._model = tokenizer, model

    def translate(self, sentences: Sequence[str], glossary: Glossary | None = None) -> list[str]:
        """Translate sentences in one batched model call; duplicates are translated once.

        The glossary's terms are kept from the model like URLs, and its translations put in.
        """
        return [text for text, _scores in self._translate(sentences, glossary, scored=False)]

    def translate_scored(self, sentences: Sequence[str], glossary: Glossary | None = None) -> list[SentenceScores]:
        """Translate as `translate` does, with the model's scores (each one's `text` is the translation)."""
        return [scores for _text, scores in self._translate(sentences, glossary, scored=True)]

    def _translate(
        self, sentences: Sequence[str], glossary: Glossary | None, scored: bool
    ) -> list[tuple[str, SentenceScores | None]]:
        unique: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        for sentence in sentences:
            if sentence not in unique:
                unique[sentence] = protect(sentence.strip(), glossary)
        pending = [s for s, (protected, pairs) in unique.items() if needs_model(protected, pairs)]
        # A sentence of protected spans and punctuation only is its own translation.
        done = {s: (restore(*unique[s]), ([], [])) for s in unique if s not in pending}
        if pending:
            outputs = self._run([unique[s][0] for s in pending], scored)
            for sentence, (output, words, log_probs) in zip(pending, outputs):
                # Punctuation last: Moses guesses where quotes attach; the source knows.
                text = follow_punctuation(sentence.strip(), restore(output, unique[sentence][1]))
                done[sentence] = (text, (words, log_probs))
        found = []
        for sentence in sentences:
            text, (words, log_probs) = done[sentence]
            text = capitalise_term(text, glossary, sentence.strip())
            found.append((text, sentence_scores(text, words, log_probs) if scored else None))
        return found

    def score(self, pairs: Mapping[str, str], glossary: Glossary | None = None) -> dict[str, SentenceScores]:
        """Scores for translations made earlier (cached ones), by scoring them: nothing is translated again."""
        self.load()
        tokenizer, prefix = self._tokenizer, self._tokenizer.target_prefix
        scores, sources, targets, owners = {}, [], [], []
        for source, translation in pairs.items():
            protected, placeholders = protect(source.strip(), glossary)
            if not needs_model(protected, placeholders):
                scores[source] = SentenceScores(translation, SURE)
                continue
            target = translation
            for placeholder, original in placeholders:
                target = target.replace(original, placeholder, 1)
            sources.append([token for part in self._encode_in_parts(protected) for token in part])
            targets.append(tokenizer.encode_target(target)[: self.settings.max_decoding_length])
            owners.append((source, translation))
        if sources:
            for (source, translation), tokens, log_probs in zip(owners, targets, self._log_probs(sources, targets)):
                scores[source] = sentence_scores(translation, self._words(tokens, log_probs), log_probs)
        return scores

    def alternatives(self, sentence: str, count: int = 5, glossary: Glossary | None = None) -> list[str]:
        """The model's `count` best translations of one sentence (n-best), best first, each once.

        Made as `translate` makes one: protected spans and glossary terms kept, punctuation
        following the source. A sentence too long for one model call gets its one translation.
        """
        source = sentence.strip()
        protected, pairs = protect(source, glossary)
        if not needs_model(protected, pairs):
            return [capitalise_term(restore(protected, pairs), glossary, source)]
        self.load()
        parts = self._encode_in_parts(protected)
        if len(parts) != 1:
            return self.translate([sentence], glossary=glossary)
        prefix = self._tokenizer.target_prefix
        try:
            (result,) = self._model.translate_batch(
                parts,
                target_prefix=[[prefix]] if prefix else None,
                beam_size=max(self.settings.beam_size, count),
                num_hypotheses=count,
                length_penalty=self.settings.length_penalty,
                max_decoding_length=self.settings.max_decoding_length,
                replace_unknowns=True,
            )
        except (OSError, RuntimeError, ValueError) as error:
            raise TranslationFailed(f"Translating with {self.package.label} failed: {error}") from error
        found: list[str] = []
        for hypothesis in result.hypotheses:
            tokens = list(hypothesis)
            if prefix and tokens[:1] == [prefix]:
                tokens = tokens[1:]
            text = follow_punctuation(source, restore(self._tokenizer.decode(tokens).strip(), pairs))
            text = capitalise_term(text, glossary, source)
            if text and text not in found:
                found.append(text)
        return found

    def _run(self, texts: list[str], scored: bool = False) -> list[tuple[str, list[tuple[str, float]], list[float]]]:
        """Tokenize, translate in one translate_batch call, detokenize; with `scored`, each text's
        words (text, mean log-probability) and its tokens' log-probabilities too."""
        self.load()
        tokenizer = self._tokenizer
        prefix = tokenizer.target_prefix
        try:
            batch, owners = [], []
            for owner, text in enumerate(texts):
                for tokens in self._encode_in_parts(text):
                    batch.append(tokens)
                    owners.append(owner)
            results = self._model.translate_batch(
                batch,
                target_prefix=[[prefix]] * len(batch) if prefix else None,
                beam_size=self.settings.beam_size,
                length_penalty=self.settings.length_penalty,
                max_decoding_length=self.settings.max_decoding_length,
                max_batch_size=self.settings.max_batch_size,
                replace_unknowns=True,
            )
        except (OSError, RuntimeError, ValueError) as error:
            raise TranslationFailed(
                f"Translating with {self.package.label} failed: {error}"
            ) from error
        hypotheses = []
        for result in results:
            tokens = list(result.hypotheses[0])
            if prefix and tokens[:1] == [prefix]:
                tokens = tokens[1:]
            hypotheses.append(tokens)
        scores = self._log_probs(batch, hypotheses) if scored else [[] for _ in batch]
        parts: list[list[str]] = [[] for _ in texts]
        words: list[list[tuple[str, float]]] = [[] for _ in texts]
        log_probs: list[list[float]] = [[] for _ in texts]
        for owner, tokens, values in zip(owners, hypotheses, scores):
            parts[owner].append(tokenizer.decode(tokens).strip())
            if scored:
                words[owner] += self._words(tokens, values)
                log_probs[owner] += values
        return [(" ".join(part for part in pieces if part), w, p) for pieces, w, p in zip(parts, words, log_probs)]

    def _log_probs(self, sources: list[list[str]], targets: list[list[str]]) -> list[list[float]]:
        """Each target token's log-probability given its source, the end of the sentence last."""
        prefix = self._tokenizer.target_prefix
        try:
            results = self._model.score_batch(
                sources,
                [[prefix, *target] if prefix else target for target in targets],
                max_batch_size=self.settings.max_batch_size,
            )
        except (OSError, RuntimeError, ValueError) as error:
            raise TranslationFailed(f"Scoring with {self.package.label} failed: {error}") from error
        return [list(result.log_probs[1:] if prefix else result.log_probs) for result in results]

    def _words(self, tokens: list[str], log_probs: list[float]) -> list[tuple[str, float]]:
        """The words of a hypothesis, each with the mean log-probability of its pieces."""
        sentencepiece = self._tokenizer.processor is not None
        words = []
        for word in group_words(tokens, sentencepiece):
            # Punctuation the tokenizer glued to a word (`dialog,”`) does not dilute its score.
            scored = [i for i in word if any(c.isalnum() for c in tokens[i])] or word
            words.append((self._tokenizer.word_text([tokens[i] for i in word]), mean([log_probs[i] for i in scored])))
        return words

    def _encode_in_parts(self, text: str) -> list[list[str]]:
        """The text's tokens, in parts split between words when over MAX_INPUT_TOKENS."""
        tokens = self._tokenizer.encode(text)
        if len(tokens) <= MAX_INPUT_TOKENS or len(text) < 2:
            return [tokens]
        # Halves at the best cut (a clause, else a word); each half is checked again.
        return [
            part
            for start, end in split_long(text, len(text) // 2 + 1)
            for part in self._encode_in_parts(text[start:end])
        ]


# --- Documents ---------------------------------------------------------------------------------


def translate_blocks(
    translator,
    blocks: Sequence[Sequence[str]],
    cache: TranslationCache | None = None,
    order: Iterable[int] | None = None,
    chunk_sentences: int = CHUNK_SENTENCES,
    glossary: Glossary | None = None,
) -> Iterator[tuple[list[int], list[list[str]]]]:
    """Yield (block indexes, their sentence translations) chunk by chunk, `order` first.

    Chunks: first every block the cache (or an empty block) already answers, in one chunk with
    no model call; then the blocks listed in `order`, then the rest in document order, as the
    window's TranslationQueue takes them: each chunk one `translator.translate` call over whole
    blocks holding at most `chunk_sentences` sentences (a longer block is a chunk of its own).
    Blocks in `order` never share a chunk with the others, so the visible paragraphs come back
    as early as possible. New translations are saved to the cache after each chunk, on the
    iterating thread. Stop iterating to cancel. With a glossary, a cached translation counts only
    when it was made with the entries found in its sentence now.
    """
    if chunk_sentences < 1:
        raise ValueError("chunk_sentences must be at least 1")
    blocks = [list(block) for block in blocks]
    first: list[int] = []
    for index in order or ():
        if not 0 <= index < len(blocks):
            raise IndexError(f"block {index} is not in a document of {len(blocks)} blocks")
        if index not in first:
            first.append(index)
    chosen = set(first)
    reading = first + [i for i in range(len(blocks)) if i not in chosen]

    known: dict[str, str] = {}
    sources = list(dict.fromkeys(s for i in reading for s in blocks[i]))
    keys = glossary_keys(glossary, sources)
    if cache is not None and sources:
        known.update(cache.cached_translations(translator.identity, sources, glossary_keys=keys))

    ready = cached_blocks(blocks, known)
    if ready:
        done = [i for i in reading if i in ready]
        yield done, [ready[i] for i in done]

    queue = TranslationQueue([len(block) for block in blocks], done=ready)
    while queue:
        # The chosen blocks while any is left; then the rest from the top.
        chunk = queue.next_chunk([i for i in first if i not in ready], chunk_sentences)
        first = [i for i in first if i not in chunk]
        new = [s for s in dict.fromkeys(s for i in chunk for s in blocks[i]) if s not in known]
        if new:
            # Scored as they are made (decision 0022): the cache keeps the model's confidence too.
            scored = dict(zip(new, translator.translate_scored(new, glossary=glossary)))
            pairs = {source: scores.text for source, scores in scored.items()}
            known.update(pairs)
            if cache is not None:
                cache.save_translations(translator.identity, pairs, glossary_keys=keys, scores=scored)
        queue.complete(chunk)
        yield chunk, [[known[s] for s in blocks[i]] for i in chunk]

