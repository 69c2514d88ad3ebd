"""Installed packages: discovery in both folders, install from a file with its checks, removal."""

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reader.core.errors import BadPackage, NoTranslationModel, ReadOnlyPackage
from reader.core.translate.package_file import check_package_file
from reader.core.translate.packages import (
    app_packages_dir,
    find_package,
    install_package_file,
    installed_packages,
    read_package,
    remove_package,
    user_argos_packages_dir,
)
from tests.support.argos_package import build_package, build_package_folder, zip_package

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def argos_dir(tmp_path, monkeypatch) -> Path:
    """A private, empty Argos Translate packages folder for this test."""
    path = tmp_path / "argos-packages"
    path.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(path))
    return path


def listing(folder: Path) -> list[tuple[str, int]]:
    """Every path under a folder with its size: equal listings mean nothing changed."""
    if not folder.exists():
        return []
    return sorted((p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob("*"))


def write_zip(path: Path, entries: dict) -> Path:
    """A zip file holding `entries` (name -> bytes, or None for a folder entry)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            if content is None:
                archive.writestr(zipfile.ZipInfo(name), b"")
            else:
                archive.writestr(name, content)
    return path


def package_entries(folder: Path, top: str | None = None) -> dict:
    """The files of a package folder as zip entries under `top` (default: the folder's name)."""
    top = top or folder.name
    return {
        f"{top}/{p.relative_to(folder).as_posix()}": p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- Where packages are found ------------------------------------------------------------------


def test_user_argos_packages_dir_follows_argos_packages_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "mine"))
    assert user_argos_packages_dir() == tmp_path / "mine"


def test_user_argos_packages_dir_reads_argos_settings_file(monkeypatch, tmp_path):
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "config" / "argos-translate").mkdir(parents=True)
    (tmp_path / "config" / "argos-translate" / "settings.json").write_text(
        json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "from-settings")})
    )
    assert user_argos_packages_dir() == tmp_path / "from-settings"


def test_user_argos_packages_dir_defaults_under_xdg_data_home(monkeypatch, tmp_path):
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert user_argos_packages_dir() == tmp_path / "data" / "argos-translate" / "packages"


def test_user_argos_packages_dir_defaults_under_home(monkeypatch, tmp_path):
    for name in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    expected = tmp_path / ".local" / "share" / "argos-translate" / "packages"
    assert user_argos_packages_dir() == expected


def test_finding_packages_neither_imports_argostranslate_nor_creates_folders(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("ARGOS_PACKAGES_DIR")
    code = (
        "import sys; from pathlib import Path; from reader.core.translate import packages\n"
        f"print(packages.installed_packages(Path({str(tmp_path / 'baca')!r})))\n"
        "print('argostranslate' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["[]", "False"]
    assert list(tmp_path.iterdir()) == []


def test_install_package_file_installs_into_the_app_folder(data_dir, argos_package_files):
    package = install_package_file(argos_package_files["sentencepiece"], data_dir, expect=("id", "en"))

    assert package.path.parent == app_packages_dir(data_dir)
    assert (package.from_code, package.to_code, package.version) == ("id", "en", "1.0")
    assert (package.from_name, package.to_name) == ("Indonesian", "English")
    assert package.tokenizer == "sentencepiece"
    assert package.writable
    assert installed_packages(data_dir) == [package]
    assert not [p for p in app_packages_dir(data_dir).iterdir() if p.name.startswith(".")]


def test_read_package_reports_the_index_code_when_metadata_has_one(tmp_path):
    folder = build_package_folder(tmp_path, code="translate-id_en", tokenizer="bpe")

    package = read_package(folder, writable=True)

    assert package.code == "translate-id_en"
    assert package.tokenizer == "bpe"
    assert package.label == "Indonesian → English 1.0"


def test_installed_packages_include_the_user_argos_folder_read_only(data_dir, argos_dir, argos_package_dirs):
    shutil.copytree(argos_package_dirs["bpe"], argos_dir / "translate-id_en-1_9")

    [package] = installed_packages(data_dir)

    assert package.path == argos_dir / "translate-id_en-1_9"
    assert package.tokenizer == "bpe"
    assert not package.writable


def test_installed_packages_skip_folders_that_are_not_packages(data_dir, argos_dir, caplog):
    (argos_dir / "half-deleted").mkdir()
    (argos_dir / "stray-file.txt").write_text("not a package")
    (argos_dir / "sbd-package").mkdir()
    (argos_dir / "sbd-package" / "metadata.json").write_text(json.dumps({"type": "sbd"}))

    assert installed_packages(data_dir) == []
    assert "half-deleted" in caplog.text


def test_installed_packages_are_sorted_by_pair_then_version_descending(data_dir, argos_dir, tmp_path):
    for version, pair in (("1.2", ("id", "en")), ("1.10", ("id", "en")), ("1.0", ("en", "id"))):
        build_package_folder(
            argos_dir, version=version, from_code=pair[0], to_code=pair[1], name=f"p-{version}"
        )

    found = [(p.from_code, p.to_code, p.version) for p in installed_packages(data_dir)]

    assert found == [("en", "id", "1.0"), ("id", "en", "1.10"), ("id", "en", "1.2")]


def test_find_package_picks_the_highest_version_across_both_folders(data_dir, argos_dir, tmp_path):
    build_package_folder(argos_dir, version="1.9", name="translate-id_en-1_9")
    install_package_file(build_package(tmp_path, version="1.8", name="older"), data_dir)

    assert find_package(data_dir).version == "1.9"
    assert not find_package(data_dir).writable


def test_find_package_prefers_the_app_folder_when_versions_tie(data_dir, argos_dir, tmp_path):
    build_package_folder(argos_dir, version="1.9", name="translate-id_en-1_9")
    install_package_file(build_package(tmp_path, version="1.9", name="translate-id_en-1_9"), data_dir)

    package = find_package(data_dir)

    assert package.writable
    assert package.path.parent == app_packages_dir(data_dir)


def test_find_package_without_a_package_says_how_to_install_one(data_dir, argos_dir):
    with pytest.raises(NoTranslationModel) as raised:
        find_package(data_dir)

    message = str(raised.value)
    assert "Indonesian → English" in message
    assert "reader-cli models install FILE.argosmodel" in message
    assert "translate-id_en" in message
    assert str(argos_dir) in message


def test_find_package_ignores_other_language_pairs(data_dir, argos_dir):
    build_package_folder(argos_dir, from_code="en", to_code="id")

    with pytest.raises(NoTranslationModel):
        find_package(data_dir)


def test_reinstalling_a_package_replaces_its_folder(data_dir, tmp_path):
    first = install_package_file(build_package(tmp_path / "a", version="1.0", name="pkg"), data_dir)
    second = install_package_file(build_package(tmp_path / "b", version="1.1", name="pkg"), data_dir)

    assert first.path == second.path
    assert [p.version for p in installed_packages(data_dir)] == ["1.1"]
    assert sorted(p.name for p in app_packages_dir(data_dir).iterdir()) == ["pkg"]


def test_remove_package_deletes_it_from_the_app_folder(data_dir, installed_package):
    remove_package(installed_package)

    assert not installed_package.path.exists()
    assert installed_packages(data_dir) == []
    assert list(app_packages_dir(data_dir).iterdir()) == []


def test_remove_package_refuses_packages_in_the_user_argos_folder(data_dir, argos_dir, argos_package_dirs):
    shutil.copytree(argos_package_dirs["sentencepiece"], argos_dir / "theirs")
    [package] = installed_packages(data_dir)

    with pytest.raises(ReadOnlyPackage, match="Argos Translate's own folder"):
        remove_package(package)
    assert (argos_dir / "theirs" / "metadata.json").is_file()


# --- Bad package files -------------------------------------------------------------------------


def _not_a_zip(tmp_path, folder):
    path = tmp_path / "bad.argosmodel"
    path.write_text("this is a text file")
    return path


def _parent_entry(tmp_path, folder):
    return write_zip(tmp_path / "bad.argosmodel", {**package_entries(folder, "pkg"), "pkg/../evil.txt": b"x"})


def _absolute_entry(tmp_path, folder):
    return write_zip(tmp_path / "bad.argosmodel", {**package_entries(folder, "pkg"), "/tmp/evil.txt": b"x"})


def _no_metadata(tmp_path, folder):
    entries = package_entries(folder, "pkg")
    del entries["pkg/metadata.json"]
    return write_zip(tmp_path / "bad.argosmodel", entries)


def _two_top_folders(tmp_path, folder):
    entries = {**package_entries(folder, "pkg"), "other/readme.txt": b"x"}
    return write_zip(tmp_path / "bad.argosmodel", entries)


def _file_at_top(tmp_path, folder):
    return write_zip(tmp_path / "bad.argosmodel", {**package_entries(folder, "pkg"), "stray.txt": b"x"})


def _no_tokenizer(tmp_path, folder):
    entries = package_entries(folder, "pkg")
    del entries["pkg/sentencepiece.model"]
    return write_zip(tmp_path / "bad.argosmodel", entries)


def _no_model(tmp_path, folder):
    entries = {k: v for k, v in package_entries(folder, "pkg").items() if "/model/" not in k}
    return write_zip(tmp_path / "bad.argosmodel", entries)


def _metadata_without_codes(tmp_path, folder):
    entries = package_entries(folder, "pkg")
    entries["pkg/metadata.json"] = json.dumps({"package_version": "1.0"}).encode()
    return write_zip(tmp_path / "bad.argosmodel", entries)


def _metadata_not_json(tmp_path, folder):
    entries = package_entries(folder, "pkg")
    entries["pkg/metadata.json"] = b"{not json"
    return write_zip(tmp_path / "bad.argosmodel", entries)


def _link_outside(tmp_path, folder):
    path = write_zip(tmp_path / "bad.argosmodel", package_entries(folder, "pkg"))
    link = zipfile.ZipInfo("pkg/model/escape")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(link, "../../../etc/passwd")
    return path


def _zip_bomb(tmp_path, folder):
    entries = {**package_entries(folder, "pkg"), "pkg/padding.bin": bytes(50 * 1024 * 1024)}
    return write_zip(tmp_path / "bad.argosmodel", entries)


BAD_FILES = {
    "not a zip": (_not_a_zip, "not a zip archive"),
    "an entry with ../": (_parent_entry, "'pkg/../evil.txt' has an absolute or unsafe path"),
    "an absolute entry": (_absolute_entry, "'/tmp/evil.txt' has an absolute or unsafe path"),
    "no metadata.json": (_no_metadata, "no metadata.json"),
    "two top folders": (_two_top_folders, "exactly one top folder, and holds other, pkg"),
    "a file beside the folder": (_file_at_top, "'stray.txt' is not inside the package's folder"),
    "no tokenizer": (_no_tokenizer, "no tokenizer (sentencepiece.model or bpe.model)"),
    "no model": (_no_model, "no model (model/model.bin and model/config.json)"),
    "metadata without codes": (_metadata_without_codes, "does not name `from_code`"),
    "metadata not JSON": (_metadata_not_json, "metadata.json is not valid JSON"),
    "a link outside": (_link_outside, "is a link to '../../../etc/passwd', outside the package"),
    "a zip bomb": (_zip_bomb, "compressed more than 200:1"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_package_files_are_refused_with_a_clear_message(case, tmp_path, argos_package_dirs):
    make, message = BAD_FILES[case]
    path = make(tmp_path, argos_package_dirs["sentencepiece"])

    with pytest.raises(BadPackage) as raised:
        check_package_file(path)

    assert message in str(raised.value)
    assert str(raised.value).startswith("bad.argosmodel is not a usable translation package")


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_installing_a_bad_package_file_leaves_the_packages_folder_as_it_was(
    case, tmp_path, data_dir, installed_package, argos_package_dirs
):
    make, message = BAD_FILES[case]
    path = make(tmp_path, argos_package_dirs["sentencepiece"])
    before = listing(app_packages_dir(data_dir))

    with pytest.raises(BadPackage, match="not a usable translation package.*Nothing was installed"):
        install_package_file(path, data_dir)

    assert listing(app_packages_dir(data_dir)) == before
    assert installed_packages(data_dir) == [installed_package]


def test_a_package_for_the_wrong_language_pair_is_refused_when_a_pair_is_expected(
    tmp_path, data_dir, installed_package
):
    path = build_package(tmp_path, from_code="en", to_code="id")
    before = listing(app_packages_dir(data_dir))

    with pytest.raises(BadPackage, match="it translates English → Indonesian, not Indonesian → English"):
        install_package_file(path, data_dir, expect=("id", "en"))

    assert listing(app_packages_dir(data_dir)) == before
    assert check_package_file(path)["from_code"] == "en"


def test_a_damaged_package_found_while_extracting_leaves_the_packages_folder_as_it_was(
    tmp_path, data_dir, installed_package, argos_package_dirs
):
    folder = argos_package_dirs["sentencepiece"]
    path = tmp_path / "damaged.argosmodel"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in package_entries(folder, "pkg").items():
            archive.writestr(name, content)
    data = bytearray(path.read_bytes())
    offset = data.find(b"pkg/model/model.bin") + len("pkg/model/model.bin") + 1000
    data[offset] ^= 0xFF  # flip a byte of model.bin: the CRC no longer matches
    path.write_bytes(bytes(data))
    check_package_file(path)  # the archive's directory is intact; only extraction finds it
    before = listing(app_packages_dir(data_dir))

    with pytest.raises(BadPackage, match="damaged.argosmodel is damaged and was not installed"):
        install_package_file(path, data_dir)

    assert listing(app_packages_dir(data_dir)) == before


def test_check_package_file_returns_the_metadata(argos_package_files):
    metadata = check_package_file(argos_package_files["bpe"], expect=("id", "en"))

    assert metadata["from_code"] == "id"
    assert metadata["to_code"] == "en"
    assert metadata["package_version"] == "1.0"


def test_a_package_folder_zipped_by_the_builder_passes_the_checks(tmp_path, argos_package_dirs):
    path = zip_package(argos_package_dirs["bpe"], tmp_path / "again.argosmodel")

    assert check_package_file(path)["to_name"] == "English"
