"""Hostile and broken packages: colliding entries, bombs of small entries, a full disk, absurd
versions and codes, a package taking another pair's folder; one bad package never breaks the rest."""

import json
import logging
import shutil
import zipfile
from pathlib import Path

import pytest

from reader.cli import EXIT_OK, main
from reader.core.errors import BadPackage, NotEnoughSpace
from reader.core.translate.package_file import check_package_file
from reader.core.translate.package_metadata import version_key
from reader.core.translate.packages import app_packages_dir, find_package, install_package_file, installed_packages
from reader.core.translate.reading import open_translator
from tests.support.argos_package import build_package_folder, zip_package
from tests.support.index_server import relabelled

ABSURD_VERSION = "1" * 5000


def listing(folder: Path) -> list[tuple[str, int]]:
    if not folder.exists():
        return []
    return sorted((p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob("*"))


def package_with(tmp_path: Path, folder: Path, extra: dict, top: str = "pkg") -> Path:
    """The package folder zipped under `top`, with `extra` entries (name -> bytes, None for a folder)."""
    path = tmp_path / "odd.argosmodel"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in sorted(folder.rglob("*")):
            if item.is_file():
                archive.write(item, f"{top}/{item.relative_to(folder).as_posix()}")
        for name, content in extra.items():
            archive.writestr(zipfile.ZipInfo(name) if content is None else name, content or b"")
    return path


# --- Entries that collide once their paths are cleaned up ----------------------------------------


COLLISIONS = {
    "a doubled slash": ({"pkg/model//model.bin": b"x"}, "'pkg/model/model.bin' and 'pkg/model//model.bin'"),
    "a file where a folder is": ({"pkg/model": b"x"}, "'pkg/model/config.json' and 'pkg/model'"),
    "a folder entry where a file is": ({"pkg/metadata.json/": None}, "'pkg/metadata.json' and 'pkg/metadata.json/'"),
    "names differing in case": ({"pkg/Metadata.JSON": b"{}"}, "'pkg/metadata.json' and 'pkg/Metadata.JSON'"),
}


@pytest.mark.parametrize("case", COLLISIONS, ids=list(COLLISIONS))
def test_entries_landing_in_the_same_place_are_refused_and_nothing_is_installed(
    case, tmp_path, data_dir, installed_package, argos_package_dirs
):
    extra, names = COLLISIONS[case]
    path = package_with(tmp_path, argos_package_dirs["sentencepiece"], extra)
    before = listing(app_packages_dir(data_dir))

    with pytest.raises(BadPackage) as raised:
        install_package_file(path, data_dir)

    assert f"the entries {names} would be written to the same place" in str(raised.value)
    assert str(raised.value).endswith("Nothing was installed.")
    assert listing(app_packages_dir(data_dir)) == before


# --- Bombs and the disk -------------------------------------------------------------------------


def test_a_bomb_of_many_small_entries_is_refused_by_its_overall_ratio(tmp_path, argos_package_dirs):
    # Each entry stays at 1 MiB, under the per-entry check; together 40 MiB from about 40 kB.
    extra = {f"pkg/padding/{n}.bin": bytes(1024**2) for n in range(40)}
    path = package_with(tmp_path, argos_package_dirs["sentencepiece"], extra)

    with pytest.raises(BadPackage, match=r"compressed more than 20:1 overall, which no real model is \(a zip bomb\?\)"):
        check_package_file(path)


def test_real_packages_pass_the_overall_ratio(argos_package_files):
    for path in argos_package_files.values():
        assert check_package_file(path)["from_code"] == "id"


def test_a_package_that_would_not_fit_on_the_disk_is_refused_before_extracting(
    tmp_path, data_dir, argos_package_files, monkeypatch
):
    app_packages_dir(data_dir).mkdir(parents=True)
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: real(path)._replace(free=40 * 1000**2))

    with pytest.raises(NotEnoughSpace, match=r"installing .* needs 5\d\.\d MB free in .* and 40\.0 MB is free"):
        install_package_file(argos_package_files["sentencepiece"], data_dir)

    assert listing(app_packages_dir(data_dir)) == []


# --- Absurd versions, codes and names ----------------------------------------------------------


BAD_METADATA = {
    "a 5,000-digit version": ({"package_version": ABSURD_VERSION}, "its `package_version` '1111"),
    "a version with a slash": ({"package_version": "1.0/../../x"}, "is not a version"),
    "a code with separators": ({"code": "../../evil"}, "its `code` '../../evil' is not a package code"),
    "a language code with a slash": ({"from_code": "id/../x"}, "its `from_code` 'id/../x' is not a language code"),
    "a name over two lines": (
        {"to_name": "English\nInstalled!"}, "its `to_name` 'English\\nInstalled!' is not a language name"
    ),
}


@pytest.mark.parametrize("case", BAD_METADATA, ids=list(BAD_METADATA))
def test_metadata_with_absurd_values_is_refused_at_install(case, tmp_path, data_dir, argos_package_files):
    values, message = BAD_METADATA[case]
    path = relabelled(argos_package_files["sentencepiece"], tmp_path / "odd.argosmodel", **values)

    with pytest.raises(BadPackage) as raised:
        install_package_file(path, data_dir)

    assert message in str(raised.value)
    assert len(str(raised.value)) < 400  # the bad value is cut short in the message
    assert installed_packages(data_dir) == []


def test_version_key_compares_huge_numbers_without_failing():
    assert version_key(ABSURD_VERSION) > version_key("1.9")
    assert version_key("1.10") > version_key("1.9") > version_key("1.0")
    assert version_key("1" * 4000) > version_key("2" * 3999)


def installed_folder(data_dir: Path, name: str, **metadata) -> Path:
    """A package folder put straight into Baca's packages folder, as another tool might have."""
    folder = build_package_folder(app_packages_dir(data_dir), name=name, version=metadata.pop("version", "1.0"))
    path = folder / "metadata.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **metadata}))
    return folder


def test_an_installed_package_with_an_absurd_version_is_skipped_with_a_warning(capsys, caplog, data_dir):
    good = installed_folder(data_dir, "good", version="1.0")
    installed_folder(data_dir, "absurd", package_version=ABSURD_VERSION)

    with caplog.at_level(logging.WARNING):
        packages = installed_packages(data_dir)

    assert [p.path for p in packages] == [good]
    assert find_package(data_dir).path == good
    assert "absurd/metadata.json: its `package_version`" in caplog.text
    assert main(["--data-dir", str(data_dir), "models", "list"]) == EXIT_OK
    assert str(good) in capsys.readouterr().out


def test_a_package_that_cannot_load_falls_back_to_the_next_best_for_the_pair(caplog, data_dir):
    good = installed_folder(data_dir, "older", version="1.0")
    broken = installed_folder(data_dir, "newer", version="2.0")
    (broken / "model" / "model.bin").write_bytes(b"not a model")
    assert find_package(data_dir).path == broken  # the newest is preferred while it looks usable

    with caplog.at_level(logging.WARNING):
        translator = open_translator(data_dir)

    assert translator.package.path == good
    assert translator.translate(["Rusia"]) != []
    assert f"Skipping the translation package {broken}" in caplog.text


# --- One folder, two pairs ----------------------------------------------------------------------


def test_a_package_of_another_pair_in_an_installed_folder_is_refused(
    tmp_path, data_dir, installed_package, argos_package_files
):
    # The en→id copy keeps the id→en package's folder name.
    en_id = relabelled(argos_package_files["sentencepiece"], tmp_path / "en_id.argosmodel", from_code="en",
                       to_code="id", from_name="English", to_name="Indonesian")
    before = listing(app_packages_dir(data_dir))

    with pytest.raises(BadPackage) as raised:
        install_package_file(en_id, data_dir)

    message = str(raised.value)
    assert "en_id.argosmodel translates English → Indonesian and unpacks into the folder" in message
    assert "where Indonesian → English 1.0 is installed: installing it would remove that package" in message
    assert listing(app_packages_dir(data_dir)) == before
    assert installed_packages(data_dir) == [installed_package]


def test_an_upgrade_of_the_same_pair_in_the_same_folder_replaces_it(
    tmp_path, data_dir, installed_package, argos_package_files
):
    newer = relabelled(argos_package_files["sentencepiece"], tmp_path / "newer.argosmodel", package_version="1.1")

    upgraded = install_package_file(newer, data_dir)

    assert upgraded.path == installed_package.path
    assert [p.version for p in installed_packages(data_dir)] == ["1.1"]


def test_a_damaged_folder_of_the_same_name_is_repaired_by_a_reinstall(data_dir, installed_package, argos_package_files):
    (installed_package.path / "model" / "model.bin").unlink()
    assert installed_packages(data_dir) == []

    install_package_file(argos_package_files["sentencepiece"], data_dir)

    assert [p.path for p in installed_packages(data_dir)] == [installed_package.path]


def test_a_zipped_builder_folder_still_installs(tmp_path, data_dir, argos_package_dirs):
    path = zip_package(argos_package_dirs["bpe"], tmp_path / "again.argosmodel")

    assert install_package_file(path, data_dir).tokenizer == "bpe"


def test_cli_translate_falls_back_when_the_best_package_cannot_load(capsys, data_dir, sample_path):
    good = installed_folder(data_dir, "older", version="1.0")
    broken = installed_folder(data_dir, "newer", version="2.0")
    (broken / "model" / "model.bin").write_bytes(b"not a model")

    status = main(["--data-dir", str(data_dir), "translate", str(sample_path), "--format", "json"])

    out = capsys.readouterr().out
    assert status == EXIT_OK
    from reader.core.translate.packages import read_package
    from reader.core.translate.translation import model_identity

    assert json.loads(out)["blocks"]
    assert json.loads(out)["model"] == model_identity(read_package(good, writable=True))


def test_an_encrypted_entry_is_refused_before_extraction(tmp_path, data_dir, argos_package_dirs):
    path = package_with(tmp_path, argos_package_dirs["sentencepiece"], {})
    name = b"pkg/secret.bin"
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name.decode(), b"x" * 100)
    # Mark it encrypted (reading it then needs a password) in its local and central headers;
    # zipfile cannot write encrypted entries.
    data = bytearray(path.read_bytes())
    for signature, name_at, flag_at in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        start = data.index(name) - name_at
        while data[start : start + 4] != signature:
            start = data.index(name, start + name_at + 1) - name_at
        data[start + flag_at] |= 0x1
    path.write_bytes(bytes(data))

    with pytest.raises(BadPackage, match=r"the entry 'pkg/secret.bin' is encrypted\. Nothing was installed"):
        install_package_file(path, data_dir)

    assert listing(app_packages_dir(data_dir)) == []


@pytest.mark.parametrize("make", [lambda tmp: tmp, lambda tmp: Path("/dev/zero")], ids=["a folder", "a device"])
def test_installing_what_is_not_a_regular_file_is_refused_at_once(tmp_path, data_dir, make):
    with pytest.raises(BadPackage, match=r"is not a usable translation package: it is not a regular file"):
        install_package_file(make(tmp_path), data_dir)
