"""Installing, listing and removing StarDict dictionaries: files, folders, archives; checks before writing."""

import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from reader.core.words.dictionaries import (
    SHARED_DIRS_ENV,
    app_dictionaries_dir,
    install_dictionaries,
    installed_dictionaries,
    open_dictionaries,
    remove_dictionary,
    select_installed,
    shared_dictionary_dirs,
)
from reader.core.errors import BadDictionary, NoSuchDictionary, ReadOnlyDictionary
from tests.support.stardict_builder import build_dictionary

WORDS = {"baik": "good", "sepakat": "to agree", "rumah": "house"}


def _nothing_installed(data_dir: Path) -> bool:
    folder = app_dictionaries_dir(data_dir)
    return not folder.exists() or not any(folder.iterdir())


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _folder_files(folder: Path, prefix: str = "") -> dict[str, bytes]:
    return {prefix + p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_install_from_the_ifo_takes_its_companions(tmp_path, data_dir):
    ifo = build_dictionary(tmp_path / "src", WORDS, compress=True, synonyms={"bagus": "baik"})

    [installed] = install_dictionaries([ifo], data_dir)

    assert installed.name == "Kamus Uji" and installed.word_count == 3 and installed.writable
    assert sorted(p.name for p in installed.ifo.parent.iterdir()) == [
        "kamus.dict.dz", "kamus.idx", "kamus.ifo", "kamus.syn"
    ]  # fmt: skip
    assert installed_dictionaries(data_dir) == [installed]
    [opened] = open_dictionaries(data_dir)
    assert opened.lookup("bagus")[0].text == "good"


def test_install_from_any_one_file_of_the_dictionary(tmp_path, data_dir):
    build_dictionary(tmp_path / "src", WORDS)

    [installed] = install_dictionaries([tmp_path / "src" / "kamus.dict"], data_dir)

    assert installed.ifo.name == "kamus.ifo"


def test_install_a_folder_with_two_dictionaries(tmp_path, data_dir):
    build_dictionary(tmp_path / "src" / "one", WORDS, stem="satu", name="Satu")
    build_dictionary(tmp_path / "src" / "two", {"air": "water"}, stem="dua", name="Dua", compress=True)
    (tmp_path / "src" / "README.txt").write_text("ignored")

    installed = install_dictionaries([tmp_path / "src"], data_dir)

    assert sorted(d.name for d in installed) == ["Dua", "Satu"]
    assert sorted(d.key for d in installed_dictionaries(data_dir)) == ["dua", "satu"]


def test_install_a_zip_archive(tmp_path, data_dir):
    build_dictionary(tmp_path / "src", WORDS, compress=True)
    archive = _zip(tmp_path / "kamus.zip", _folder_files(tmp_path / "src", "kamus-2.4/"))

    [installed] = install_dictionaries([archive], data_dir)

    assert installed.ifo.parent == app_dictionaries_dir(data_dir) / "kamus"


@pytest.mark.parametrize("suffix,mode", [(".tar.gz", "w:gz"), (".tar.bz2", "w:bz2"), (".tar", "w")])
def test_install_a_tar_archive(tmp_path, data_dir, suffix, mode):
    build_dictionary(tmp_path / "src", WORDS)
    archive = tmp_path / f"kamus{suffix}"
    with tarfile.open(archive, mode) as tar:
        tar.add(tmp_path / "src", arcname="stardict-kamus")

    [installed] = install_dictionaries([archive], data_dir)

    assert [e.text for e in open_dictionaries(data_dir)[0].lookup("rumah")] == ["house"]
    assert installed.name == "Kamus Uji"


def test_installing_the_same_dictionary_twice_is_refused(tmp_path, data_dir):
    ifo = build_dictionary(tmp_path / "src", WORDS)
    install_dictionaries([ifo], data_dir)

    with pytest.raises(BadDictionary, match="'Kamus Uji' is already installed .* Nothing was installed"):
        install_dictionaries([ifo], data_dir)
    assert len(installed_dictionaries(data_dir)) == 1


def test_one_bad_dictionary_among_several_installs_nothing(tmp_path, data_dir):
    build_dictionary(tmp_path / "src" / "good", WORDS, stem="baik")
    bad = build_dictionary(tmp_path / "src" / "bad", WORDS, stem="rusak", name="Rusak")
    (bad.parent / "rusak.dict").write_bytes(b"short")

    with pytest.raises(BadDictionary) as caught:
        install_dictionaries([tmp_path / "src"], data_dir)

    assert "rusak.ifo is not a usable StarDict dictionary" in str(caught.value)
    assert str(caught.value).endswith("Nothing was installed.")
    assert _nothing_installed(data_dir)


@pytest.mark.parametrize(
    "files,message",
    [
        ({"readme.txt": b"hello"}, "No StarDict dictionary was found in bad.zip: there is no .ifo file"),
        ({"kamus.idx": b"x"}, "in bad.zip: there is no .ifo file"),
        ({"../kamus.ifo": b"x"}, "unsafe path"),
        ({"/etc/kamus.ifo": b"x"}, "unsafe path"),
    ],
)
def test_bad_zip_archives_are_refused_naming_the_fault(tmp_path, data_dir, files, message):
    archive = _zip(tmp_path / "bad.zip", files)

    with pytest.raises(BadDictionary, match=message):
        install_dictionaries([archive], data_dir)
    assert _nothing_installed(data_dir)


def test_a_file_belonging_to_no_dictionary_is_refused(tmp_path, data_dir):
    build_dictionary(tmp_path / "src", WORDS)
    (tmp_path / "src" / "lain.idx").write_bytes(b"x")

    with pytest.raises(BadDictionary, match="lain.idx belongs to no dictionary"):
        install_dictionaries([tmp_path / "src"], data_dir)
    assert _nothing_installed(data_dir)


def test_a_tar_with_a_link_is_refused(tmp_path, data_dir):
    archive = tmp_path / "bad.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        link = tarfile.TarInfo("kamus.ifo")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)

    with pytest.raises(BadDictionary, match="'kamus.ifo' is a link"):
        install_dictionaries([archive], data_dir)
    assert _nothing_installed(data_dir)


def test_a_zip_bomb_is_refused(tmp_path, data_dir):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("kamus.dict", b"\0" * (3 * 1024**2))

    with pytest.raises(BadDictionary, match="compressed more than 200:1"):
        install_dictionaries([archive], data_dir)


def test_damaged_archives_and_other_files_are_refused(tmp_path, data_dir):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "broken.tar.gz").write_bytes(b"\x1f\x8b not really")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")

    with pytest.raises(BadDictionary, match="broken.zip is not a readable zip archive"):
        install_dictionaries([tmp_path / "broken.zip"], data_dir)
    with pytest.raises(BadDictionary, match="broken.tar.gz is not a readable tar archive"):
        install_dictionaries([tmp_path / "broken.tar.gz"], data_dir)
    with pytest.raises(BadDictionary, match="notes.pdf is not a StarDict dictionary"):
        install_dictionaries([tmp_path / "notes.pdf"], data_dir)
    with pytest.raises(BadDictionary, match="missing.ifo does not exist"):
        install_dictionaries([tmp_path / "missing.ifo"], data_dir)
    assert _nothing_installed(data_dir)


def test_shared_folders_are_read_but_never_changed(tmp_path, data_dir, monkeypatch):
    shared = tmp_path / "shared"
    build_dictionary(shared / "stardict-kbbi-2.4.2", WORDS, stem="kbbi", name="KBBI")
    monkeypatch.setenv(SHARED_DIRS_ENV, f"{tmp_path / 'nowhere'}{os.pathsep}{shared}")

    [found] = installed_dictionaries(data_dir)

    assert (found.name, found.writable, found.key) == ("KBBI", False, "kbbi")
    with pytest.raises(ReadOnlyDictionary, match="shared StarDict folder"):
        remove_dictionary(found)
    assert found.ifo.is_file()


def test_shared_folders_default_to_the_usual_stardict_folders(monkeypatch):
    monkeypatch.delenv(SHARED_DIRS_ENV)

    assert shared_dictionary_dirs() == [Path("~/.stardict/dic").expanduser(), Path("/usr/share/stardict/dic")]


def test_a_copy_of_a_shared_dictionary_is_listed_once_baca_s_first(tmp_path, data_dir, monkeypatch):
    ifo = build_dictionary(tmp_path / "shared", WORDS)
    monkeypatch.setenv(SHARED_DIRS_ENV, str(tmp_path / "shared"))
    install_dictionaries([ifo], data_dir)

    [listed] = installed_dictionaries(data_dir)

    assert listed.writable


def test_a_broken_installed_dictionary_is_skipped_not_fatal(tmp_path, data_dir):
    [installed] = install_dictionaries([build_dictionary(tmp_path / "src", WORDS)], data_dir)
    (installed.ifo.parent / "kamus.dict").unlink()

    assert open_dictionaries(data_dir) == []


def test_remove_by_name_or_key(tmp_path, data_dir):
    install_dictionaries([build_dictionary(tmp_path / "src", WORDS)], data_dir)

    dictionary = select_installed(installed_dictionaries(data_dir), "kamus uji")
    assert select_installed(installed_dictionaries(data_dir), "KAMUS") == dictionary
    remove_dictionary(dictionary)

    assert installed_dictionaries(data_dir) == []
    assert _nothing_installed(data_dir)
    with pytest.raises(NoSuchDictionary, match="No dictionary is called 'kamus'"):
        select_installed(installed_dictionaries(data_dir), "kamus")


def test_a_folder_that_cannot_be_written_is_refused_in_one_message(tmp_path, data_dir):
    app_dictionaries_dir(data_dir).write_text("not a folder")  # a damaged data folder

    with pytest.raises(BadDictionary, match="could not be installed in .*dictionaries.* Nothing was installed"):
        install_dictionaries([build_dictionary(tmp_path / "src", WORDS)], data_dir)
