import pkgutil
import subprocess
import sys

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
