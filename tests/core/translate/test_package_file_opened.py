"""A model package opened as a post is recognised before decoding, never a decoding error."""

import shutil
import zipfile

import pytest

from reader.cli import EXIT_REFUSED, main
from reader.core.text.document import load_document
from reader.core.errors import PackageFileOpened, UnreadableDocument
from reader.core.translate.packages import installed_packages


def test_an_argosmodel_file_is_recognised_as_a_package_not_decoded(argos_package_files):
    path = argos_package_files["sentencepiece"]

    with pytest.raises(PackageFileOpened) as raised:
        load_document(path)

    assert raised.value.path == path.resolve()
    message = str(raised.value)
    assert message.startswith(f"{path.name} is a translation model package, not a post.")
    assert "Install from File…" in message and "reader-cli models install" in message
    assert "NUL" not in message and "UTF-16" not in message


def test_a_package_under_another_name_is_recognised_by_its_contents(tmp_path, argos_package_files):
    path = shutil.copy(argos_package_files["bpe"], tmp_path / "model-from-a-friend.txt")

    with pytest.raises(PackageFileOpened):
        load_document(path)


def test_a_large_argosmodel_file_is_recognised_before_the_size_limit(tmp_path):
    path = tmp_path / "translate-id_en.argosmodel"
    with path.open("wb") as file:
        file.truncate(70 * 1024**2)  # as large as the real package; sparse, so cheap

    with pytest.raises(PackageFileOpened):
        load_document(path)


def test_another_zip_archive_is_refused_as_a_zip_not_as_text(tmp_path):
    path = tmp_path / "notes.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("OEBPS/chapter.xhtml", "<p>Halo</p>")

    with pytest.raises(UnreadableDocument) as raised:
        load_document(path)

    assert not isinstance(raised.value, PackageFileOpened)
    assert "it is a zip archive (a packed folder, a Word document or an e-book), not a post." in str(raised.value)


def test_cli_translate_of_a_package_says_how_to_install_it_in_one_line(capsys, data_dir, argos_package_files):
    path = argos_package_files["sentencepiece"]

    status = main(["--data-dir", str(data_dir), "translate", str(path)])

    err = capsys.readouterr().err
    assert status == EXIT_REFUSED
    assert err.count("\n") == 1 and f"reader-cli models install {path.resolve()}" in err
    assert "NUL" not in err and "Traceback" not in err
    assert installed_packages(data_dir) == []
