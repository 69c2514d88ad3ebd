"""Pytest fixtures: tiny real Argos packages of both tokenizer kinds, built once per test run."""

from pathlib import Path

import pytest

from reader.core.translate.packages import InstalledPackage, install_package_file, read_package
from tests.support.argos_package import GLOSS, build_package, build_package_folder

KINDS = ("sentencepiece", "bpe")


@pytest.fixture(scope="session")
def argos_package_files(tmp_path_factory) -> dict[str, Path]:
    """`.argosmodel` files of glossing copy models, one per tokenizer kind."""
    folder = tmp_path_factory.mktemp("argos-package-files")
    return {kind: build_package(folder, tokenizer=kind, swaps=GLOSS) for kind in KINDS}


@pytest.fixture(scope="session")
def argos_package_dirs(tmp_path_factory) -> dict[str, Path]:
    """Installed-style folders of the same packages, one per tokenizer kind."""
    folder = tmp_path_factory.mktemp("argos-package-dirs")
    return {kind: build_package_folder(folder, tokenizer=kind, swaps=GLOSS) for kind in KINDS}


@pytest.fixture(scope="session", params=KINDS)
def tiny_package(request, argos_package_dirs) -> InstalledPackage:
    """A tiny package of each tokenizer kind in turn (tests using it run once per kind)."""
    return read_package(argos_package_dirs[request.param], writable=True)


@pytest.fixture(scope="session")
def sentencepiece_package(argos_package_dirs) -> InstalledPackage:
    return read_package(argos_package_dirs["sentencepiece"], writable=True)


@pytest.fixture(scope="session")
def bpe_package(argos_package_dirs) -> InstalledPackage:
    return read_package(argos_package_dirs["bpe"], writable=True)


@pytest.fixture
def installed_package(data_dir, argos_package_files) -> InstalledPackage:
    """The SentencePiece package installed in the test's data folder, as a user would."""
    return install_package_file(argos_package_files["sentencepiece"], data_dir)


@pytest.fixture
def tiny_translator(sentencepiece_package):
    """A Translator over the tiny SentencePiece package (its model loads on first use)."""
    from reader.core.translate.translation import Translator

    return Translator(sentencepiece_package)


# A word the model splits its probability between three English words: real low scores.
DOUBTS = {"dialog": ("talks", "dialogue", "discussion")}


@pytest.fixture(scope="session")
def doubtful_package_dirs(tmp_path_factory) -> dict[str, Path]:
    """Glossing copy models unsure of one word (`dialog`), one per tokenizer kind."""
    folder = tmp_path_factory.mktemp("argos-doubtful-packages")
    return {
        kind: build_package_folder(folder, tokenizer=kind, swaps=GLOSS, doubts=DOUBTS, name=f"doubtful-{kind}")
        for kind in KINDS
    }


@pytest.fixture(scope="session", params=KINDS)
def doubtful_package(request, doubtful_package_dirs) -> InstalledPackage:
    """A package unsure of `dialog`, of each tokenizer kind in turn."""
    return read_package(doubtful_package_dirs[request.param], writable=True)
