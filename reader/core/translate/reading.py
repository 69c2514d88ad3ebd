"""Reading a document with a translator: the steps the CLI and the window share."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.text.document import Document
from reader.core.errors import TranslationFailed
from reader.core.text.sentences import split_sentences

if TYPE_CHECKING:  # the translator's modules load with the model, after the window's first paint
    from reader.core.translate.confidence import SentenceScores
    from reader.core.translate.glossary import Glossary
    from reader.core.translate.translation import TranslationCache, Translator

log = logging.getLogger(__name__)


def block_sentences(document: Document) -> list[list[str]]:
    """The sentence texts of every block, in order."""
    return [[sentence.text for sentence in block.sentences] for block in document.blocks]


def title_sentences(document: Document) -> list[str]:
    return [sentence.text for sentence in split_sentences(document.title)]


def translate_document(
    document: Document,
    translator: Translator,
    cache: TranslationCache | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    glossary: Glossary | None = None,
) -> list[list[str]]:
    """Every block's sentence translations, from the cache where it has them, with the glossary's terms."""
    from reader.core.translate.translation import translate_blocks

    blocks = block_sentences(document)
    result: list[list[str] | None] = [None] * len(blocks)
    done = 0
    for indexes, translations in translate_blocks(translator, blocks, cache=cache, glossary=glossary):
        for index, sentences in zip(indexes, translations):
            result[index] = sentences
        done += len(indexes)
        if progress is not None:
            progress(done, len(blocks), "paragraphs")
    return [sentences if sentences is not None else [] for sentences in result]


def translate_title(
    document: Document,
    translator: Translator,
    cache: TranslationCache | None = None,
    glossary: Glossary | None = None,
) -> list[str]:
    """The title's sentence translations, from the cache where it has them (the window's too)."""
    from reader.core.translate.translation import translate_blocks

    title = title_sentences(document)
    for _indexes, translations in translate_blocks(translator, [title], cache=cache, glossary=glossary) if title else ():
        return translations[0]
    return []


def translation_scores(
    translator: Translator, cache, pairs: dict[str, str], glossary: Glossary | None = None
) -> dict[str, SentenceScores]:
    """The model's scores of these translations (source -> translation): the cache's, and those it
    lacks (translations cached before scores were kept) scored now, without translating, and kept."""
    found = {
        source: scores
        for source, scores in cache.cached_scores(translator.identity, list(pairs)).items()
        if scores.text == pairs[source]
    }
    missing = {source: translation for source, translation in pairs.items() if source not in found}
    if missing:
        scored = translator.score(missing, glossary)
        cache.save_scores(translator.identity, scored)
        found.update(scored)
    return found


def identity_memo(data_dir: Path) -> Path:
    """Where model identities are remembered, so a package is hashed once."""
    return data_dir / "model-identities.json"


def model_names(data_dir: Path) -> dict[str, str]:
    """Each installed package's identity (a hash) -> its name and version, `Indonesian → English 1.9`."""
    from reader.core.translate.packages import installed_packages
    from reader.core.translate.translation import model_identity

    names = {}
    for package in installed_packages(data_dir):
        try:  # remembered in the memo: a package the app has used is not hashed again
            names[model_identity(package, identity_memo(data_dir))] = package.label
        except OSError as error:
            log.warning("Cannot identify the translation package in %s: %s", package.path, error)
    return names


def open_translator(data_dir: Path, threads: int = 0) -> Translator:
    """The best installed Indonesian to English translator, its model loaded and ready.

    A package that cannot be loaded is skipped with a warning for the next best one: one
    damaged package never stops translation while another would do.
    """
    from reader.core.translate.packages import find_package, packages_for
    from reader.core.translate.translation import ModelSettings, Translator

    candidates = packages_for(data_dir, "id", "en") or [find_package(data_dir, "id", "en")]
    failures: list[TranslationFailed] = []
    for package in candidates:
        translator = Translator(package, memo=identity_memo(data_dir), settings=ModelSettings(threads=threads))
        try:
            translator.load()
            _ = translator.identity  # hashed (or recalled) here, on the worker, not on the GUI thread
        except (TranslationFailed, OSError) as error:
            if not isinstance(error, TranslationFailed):
                error = TranslationFailed(
                    f"The translation model {package.label} in {package.path} cannot be read: {error}"
                )
            log.warning("Skipping the translation package %s: %s", package.path, error)
            failures.append(error)
            continue
        if failures:
            log.warning("Translating with %s instead", package.label)
        return translator
    raise failures[0]
