"""Baca's core: documents, sentences, translation, notes, words and storage. No Qt here.

The public API is re-exported here, `from reader.core import load_document, Store`, the way
sqlite_utils exposes `Database`. Each name is imported on first use (PEP 562), so importing
`reader.core` stays cheap for start-up. The map of the parts is docs/architecture.md.
"""

import importlib

# name -> the module that defines it
_EXPORTS = {
    # text: a post made into blocks and sentences
    "Block": "reader.core.text.document",
    "Document": "reader.core.text.document",
    "load_document": "reader.core.text.document",
    "Sentence": "reader.core.text.sentences",
    "split_sentences": "reader.core.text.sentences",
    "fetch_document": "reader.core.text.web_pages",
    # translate: the offline translator and its packages
    "Translator": "reader.core.translate.translation",
    "translate_blocks": "reader.core.translate.translation",
    "open_translator": "reader.core.translate.reading",
    "translate_document": "reader.core.translate.reading",
    "InstalledPackage": "reader.core.translate.packages",
    "find_package": "reader.core.translate.packages",
    "install_package_file": "reader.core.translate.packages",
    "installed_packages": "reader.core.translate.packages",
    # notes: annotations, anchoring, export and import
    "Annotation": "reader.core.notes.annotations",
    "Quote": "reader.core.notes.annotations",
    "new_annotation": "reader.core.notes.annotations",
    "locate": "reader.core.notes.anchoring",
    "reanchor": "reader.core.notes.reanchor",
    "collect_notes": "reader.core.notes.note_groups",
    "export_notes": "reader.core.notes.export",
    "import_notes": "reader.core.notes.importer",
    # words: dictionaries and lookup
    "Lookup": "reader.core.words.lookup",
    "open_dictionaries": "reader.core.words.dictionaries",
    # the open post: its document, translations and their state
    "ReadingSession": "reader.core.session",
    "TranslationState": "reader.core.session",
    # the store and the platform
    "Store": "reader.core.store",
    "open_store": "reader.core.store",
    "resolve_data_dir": "reader.core.platform.paths",
    "utc_now": "reader.core.platform.clock",
    "ReaderError": "reader.core.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reader.core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
