"""Offline translation with an Argos Translate package, run directly on CTranslate2."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from reader.core.errors import TranslationFailed
from reader.core.platform.files import read_json_object, write_json
from reader.core.text.limits import MAX_INPUT_TOKENS, split_long
from reader.core.translate.glossary import Glossary, capitalise_term, glossary_keys
from reader.core.translate.packages import InstalledPackage
from reader.core.translate.punctuation import follow_punctuation
from reader.core.translate.schedule import CHUNK_SENTENCES, TranslationQueue, cached_blocks

log = logging.getLogger(__name__)


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
        self, model: str, pairs: Mapping[str, str], glossary_keys: Mapping[str, str] | None = None
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


# --- Protected spans ---------------------------------------------------------------------------

# URLs, e-mail addresses, file names, words with underscores, hashtags and mentions never pass
# through the tokenizer: Moses splits them, and Argos's SentencePiece decoder turns `_` into
# spaces. Each is replaced by a placeholder the model copies, and put back afterwards.
_URL = r"\b(?:https?|ftp)://[^\s<>\"“”]+|\bwww\d{0,3}\.[^\s<>\"“”]+"
_EMAIL = r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_DOMAIN = (
    r"\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
    r"(?:com|net|org|id|info|io|gov|edu|co|tv|me|news|biz|asia|uk|au|my|sg)\b(?:/[^\s<>\"“”]*)?"
)
_FILE = (
    r"(?<![\w./-])\w[\w.-]*\.(?:pdf|docx?|xlsx?|pptx?|od[tsp]|rtf|txt|csv|json|xml|html?|"
    r"jpe?g|png|gif|svg|webp|mp[34]|wav|zip|rar|7z|tar|gz|apk|exe|py|js)\b"
)
_UNDERSCORED = r"\w*_\w*"
_TAG = r"(?<![\w#@])[#@]\w+"  # hashtags and mentions, which Moses splits after the sign
# At one position the first alternative that matches wins, so the order matters: an e-mail
# address before the domain inside it, a file name before its underscores.
_SPAN = re.compile(
    "|".join(f"(?:{p})" for p in (_URL, _EMAIL, _DOMAIN, _FILE, _UNDERSCORED, _TAG)), re.I
)
_TRAILING = ".,;:!?'\"”’»)]}"

# Placeholders are four-digit numbers: translation models copy numbers unchanged (they are the
# same in both languages), in one piece for either tokenizer kind. Indonesian writes 8.401 where
# English writes 8,401, so a model may add a separator; restoring accepts that.
_PLACEHOLDER_BASE = 8401
_SENTENCE_END = re.compile(r"[\s.!?…:;\"'”’»)\]]*$")


def protect(sentence: str, glossary: Glossary | None = None) -> tuple[str, list[tuple[str, str]]]:
    """Replace protected spans and glossary terms by numbers; return the text and the (number,
    what goes back) pairs: a span itself, or the term's translation. A term inside a URL stays."""
    spans = []
    for match in _SPAN.finditer(sentence):
        kept = _trim(match.group())
        if kept:
            spans.append((match.start(), match.start() + len(kept), None))
    if glossary:
        taken = list(spans)
        for start, end, entry in glossary.find(sentence):
            if not any(start < s_end and s_start < end for s_start, s_end, _ in taken):
                spans.append((start, end, entry.target))
        spans.sort()
    if not spans:
        return sentence, []
    back = [sentence[start:end] if target is None else target for start, end, target in spans]
    base = _PLACEHOLDER_BASE
    while any(str(base + i) in text for i in range(len(spans)) for text in (sentence, *back)):
        base += 100
    pieces, pairs, position = [], [], 0
    for i, ((start, end, _target), replacement) in enumerate(zip(spans, back)):
        placeholder = str(base + i)
        pieces += [sentence[position:start], placeholder]
        pairs.append((placeholder, replacement))
        position = end
    pieces.append(sentence[position:])
    return "".join(pieces), pairs


def _trim(span: str) -> str:
    """Drop sentence punctuation caught at the end of a URL, keeping balanced brackets."""
    while span and span[-1] in _TRAILING:
        opening = {")": "(", "]": "[", "}": "{"}.get(span[-1])
        if opening and span.count(opening) >= span.count(span[-1]):
            break
        span = span[:-1]
    return span


# The model may write 8401 as 8,401 or 8.401: both are found. A placeholder the model repeats
# is put back once and the repeats dropped. One the model dropped is not lost: its span is added
# at the end of the sentence, before the closing punctuation, in the original order.
def restore(translation: str, pairs: list[tuple[str, str]]) -> str:
    """Put protected spans back in place of their numbers; a lost one goes before the final stop."""
    lost = []
    for placeholder, original in pairs:
        head, tail = placeholder[0], placeholder[1:]
        pattern = re.compile(rf"(?<!\d){head}[.,\u00a0 ]?{tail}(?!\d|[.,]\d)")
        matches = list(pattern.finditer(translation))
        if not matches:
            lost.append(original)
            continue
        for match in reversed(matches[1:]):
            translation = _cut(translation, match.start(), match.end())
        first = matches[0]
        translation = translation[: first.start()] + original + translation[first.end() :]
    if lost:
        log.info("The model dropped %d protected span(s); adding them at the end", len(lost))
        end = _SENTENCE_END.search(translation).start()
        body = (translation[:end].rstrip() + " " + " ".join(lost)).lstrip()
        translation = body + translation[end:]
    return translation


def _cut(text: str, start: int, end: int) -> str:
    """Remove text[start:end] and one space beside it."""
    if start > 0 and text[start - 1] == " ":
        start -= 1
    elif end < len(text) and text[end] == " ":
        end += 1
    return text[:start] + text[end:]


def _needs_model(protected: str, pairs: list[tuple[str, str]]) -> bool:
    """A sentence that is only protected spans and punctuation is its own translation."""
    for placeholder, _original in pairs:
        protected = protected.replace(placeholder, "")
    return bool(re.search(r"\w", protected))


# --- Tokenizer ---------------------------------------------------------------------------------


class _Tokenizer:
    """The package's own tokenizer, with a SentencePiece decoder that keeps underscores."""

    def __init__(self, package_path: Path):
        from argostranslate.package import Package

        package = Package(package_path)
        self.argos = getattr(package, "tokenizer", None)
        self.target_prefix = getattr(package, "target_prefix", "") or ""
        self.processor = None
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


# --- Translator --------------------------------------------------------------------------------


class Translator:
    """Translates sentences with one installed package; the model loads on first use."""

    def __init__(
        self,
        package: InstalledPackage,
        *,
        identity: str | None = None,
        memo: Path | None = None,
        threads: int = 0,
        beam_size: int = 4,
        max_decoding_length: int = 256,
        compute_type: str = "int8",
        max_batch_size: int = 32,
        length_penalty: float = 0.2,
    ):
        self.package = package
        self.threads = threads
        self.beam_size = beam_size
        self.max_decoding_length = max_decoding_length
        self.compute_type = compute_type
        self.max_batch_size = max_batch_size
        # Argos Translate's value, so translations match what its users know.
        self.length_penalty = length_penalty
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
                    compute_type=self.compute_type,
                    inter_threads=1,
                    intra_threads=self.threads,
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
        unique: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        for sentence in sentences:
            if sentence not in unique:
                unique[sentence] = protect(sentence.strip(), glossary)
        pending = [s for s, (protected, pairs) in unique.items() if _needs_model(protected, pairs)]
        # A sentence of protected spans and punctuation only is its own translation.
        done = {s: restore(*unique[s]) for s in unique if s not in pending}
        if pending:
            outputs = self._run([unique[s][0] for s in pending])
            for sentence, output in zip(pending, outputs):
                # Punctuation last: Moses guesses where quotes attach; the source knows.
                done[sentence] = follow_punctuation(sentence.strip(), restore(output, unique[sentence][1]))
        return [capitalise_term(done[s], glossary, s.strip()) for s in sentences]

    def alternatives(self, sentence: str, count: int = 5) -> list[str]:
        """The model's `count` best translations of one sentence (n-best), best first, each once.

        Made as `translate` makes one: protected spans kept, punctuation following the source.
        A sentence too long for one model call gets its one translation.
        """
        source = sentence.strip()
        protected, pairs = protect(source)
        if not _needs_model(protected, pairs):
            return [source]
        self.load()
        parts = self._encode_in_parts(protected)
        if len(parts) != 1:
            return self.translate([sentence])
        prefix = self._tokenizer.target_prefix
        try:
            (result,) = self._model.translate_batch(
                parts,
                target_prefix=[[prefix]] if prefix else None,
                beam_size=max(self.beam_size, count),
                num_hypotheses=count,
                length_penalty=self.length_penalty,
                max_decoding_length=self.max_decoding_length,
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
            if text and text not in found:
                found.append(text)
        return found

    def _run(self, texts: list[str]) -> list[str]:
        """Tokenize, translate in one translate_batch call, detokenize."""
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
                beam_size=self.beam_size,
                length_penalty=self.length_penalty,
                max_decoding_length=self.max_decoding_length,
                max_batch_size=self.max_batch_size,
                replace_unknowns=True,
            )
        except (OSError, RuntimeError, ValueError) as error:
            raise TranslationFailed(
                f"Translating with {self.package.label} failed: {error}"
            ) from error
        parts: list[list[str]] = [[] for _ in texts]
        for owner, result in zip(owners, results):
            tokens = list(result.hypotheses[0])
            if prefix and tokens[:1] == [prefix]:
                tokens = tokens[1:]
            parts[owner].append(tokenizer.decode(tokens).strip())
        return [" ".join(part for part in pieces if part) for pieces in parts]

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
            pairs = dict(zip(new, translator.translate(new, glossary=glossary)))
            known.update(pairs)
            if cache is not None:
                cache.save_translations(translator.identity, pairs, glossary_keys=keys)
        queue.complete(chunk)
        yield chunk, [[known[s] for s in blocks[i]] for i in chunk]

