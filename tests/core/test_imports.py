import pkgutil
import subprocess
import sys

import pytest

import reader.core


def _core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(reader.core.__path__, "reader.core."))


def test_importing_every_core_module_never_imports_qt():
    program = (
        "import importlib, sys\n"
        f"for name in {_core_modules()!r}: importlib.import_module(name)\n"
        "import reader.cli, reader.cli_words\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_importing_core_leaves_heavy_libraries_for_later():
    # Start-up stays fast: the model, Argos and the HTML extractor load only when used.
    program = (
        "import importlib, sys\n"
        f"for name in {_core_modules()!r}: importlib.import_module(name)\n"
        "heavy = ('ctranslate2', 'argostranslate', 'trafilatura', 'sentencepiece', 'sacremoses', 'Sastrawi')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_reader_core_re_exports_the_public_api_from_its_parts():
    from reader.core.notes.anchoring import locate
    from reader.core.store import Store
    from reader.core.text.document import load_document
    from reader.core.translate.translation import Translator

    assert (reader.core.load_document, reader.core.locate, reader.core.Translator, reader.core.Store) == (
        load_document, locate, Translator, Store)
    for name in reader.core.__all__:
        value = getattr(reader.core, name)
        assert value.__name__ == name, name
    assert "load_document" in dir(reader.core)


def test_importing_reader_core_imports_none_of_its_parts():
    program = (
        "import sys, reader.core\n"
        "print(sorted(m for m in sys.modules if m.startswith('reader.core.')))\n"
        "from reader.core import load_document\n"
        "print('reader.core.text.document' in sys.modules, load_document.__module__)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "True reader.core.text.document"]


def test_reader_core_names_an_unknown_attribute():
    with pytest.raises(AttributeError, match="reader.core.*'no_such_thing'"):
        reader.core.no_such_thing  # noqa: B018
