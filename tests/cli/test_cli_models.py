"""reader-cli models available / download / remove, against a local index on 127.0.0.1."""

import io
import shutil
import sys
from pathlib import Path

import pytest

from reader.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from reader.core.translate.downloads import downloads_dir
from reader.core.translate.packages import app_packages_dir, installed_packages
from tests.support.index_server import closed_port_base


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _nothing_written(data_dir: Path) -> bool:
    folders = (app_packages_dir(data_dir), downloads_dir(data_dir))
    return all(not folder.exists() or not any(folder.iterdir()) for folder in folders)


def _refused_with_one_line(status: int, err: str, start: str) -> None:
    assert status == EXIT_REFUSED
    assert "Traceback" not in err
    last = err.rstrip("\n").split("\n")[-1]
    assert last.startswith(f"reader-cli: {start}")


class Terminal(io.StringIO):
    """stderr as a terminal would be: the progress bar redraws itself with carriage returns."""

    def isatty(self) -> bool:
        return True


# --- models available ---------------------------------------------------------------------------


def test_models_available_lists_the_index_indonesian_to_english_first(capsys, data_dir, index_server):
    status, out, err = _run(capsys, "models", "available", "--index", index_server.base, "--data-dir", data_dir)

    assert status == EXIT_OK
    assert out.splitlines() == [
        "translate-id_en\tid->en\t1.0\tavailable\tIndonesian -> English",
        "translate-en_id\ten->id\t1.0\tavailable\tEnglish -> Indonesian",
    ]
    assert err == f"2 models in {index_server.base}index.json\n"


def test_models_available_marks_what_is_installed(capsys, data_dir, index_server, installed_package):
    status, out, _ = _run(capsys, "--data-dir", data_dir, "models", "available", "--index", index_server.base)

    assert status == EXIT_OK
    assert out.splitlines()[0] == "translate-id_en\tid->en\t1.0\tinstalled\tIndonesian -> English"


def test_models_available_reads_the_index_named_by_argos_package_index(capsys, data_dir, index_server, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server.base.rstrip("/"))

    status, out, _ = _run(capsys, "models", "available", "--data-dir", data_dir)

    assert status == EXIT_OK and len(out.splitlines()) == 2
    assert index_server.requests == ["/index.json"]


def test_models_available_without_a_network_says_so_in_one_line(capsys, data_dir):
    status, out, err = _run(capsys, "models", "available", "--index", closed_port_base(), "--data-dir", data_dir)

    _refused_with_one_line(status, err, "No network: cannot reach 127.0.0.1 (connection refused).")
    assert "reader-cli models install FILE.argosmodel" in err
    assert out == "" and err.count("\n") == 1


def test_models_available_refuses_an_index_that_is_not_one(capsys, data_dir, index_server):
    index_server.index_body = b"<html>Moved</html>"

    status, out, err = _run(capsys, "models", "available", "--index", index_server.base, "--data-dir", data_dir)

    _refused_with_one_line(status, err, f"The package index at {index_server.base}index.json is not valid JSON")
    assert out == ""


# --- models download ----------------------------------------------------------------------------


def test_models_download_by_pair_installs_it_with_a_progress_line_per_quarter(capsys, data_dir, index_server):
    status, out, err = _run(capsys, "models", "download", "id_en", "--index", index_server.base, "--data-dir", data_dir)

    assert status == EXIT_OK and out == ""
    [package] = installed_packages(data_dir)
    lines = err.splitlines()
    assert lines[0] == (
        f"Downloading translate-id_en 1.0 (Indonesian -> English 1.0) from "
        f"{index_server.base}packages/translate-id_en-1.0.argosmodel"
    )
    # A line when each quarter is passed (by the chunk that passes it), not one per chunk.
    percents = [int(line.split("]")[1].split("%")[0]) for line in lines[1:-1]]
    assert len(percents) == 4 and percents[-1] == 100
    assert [p // 25 for p in percents] == [1, 2, 3, 4]
    assert lines[-2].startswith("[##############################] 100%  1.1 MB of 1.1 MB")
    assert lines[-1] == f"Installed Indonesian -> English 1.0 in {package.path}"
    assert "\r" not in err
    assert not any(downloads_dir(data_dir).iterdir())


def test_models_download_takes_the_index_code(capsys, data_dir, index_server, en_id_package_file):
    status, _, err = _run(capsys, "models", "download", "translate-en_id", "--index", index_server.base, "--data-dir", data_dir)

    assert status == EXIT_OK
    [package] = installed_packages(data_dir)
    assert (package.from_code, package.to_code) == ("en", "id")


def test_models_download_on_a_terminal_redraws_the_bar_with_carriage_returns(
    capsys, data_dir, index_server, monkeypatch
):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    status = main(["models", "download", "id_en", "--index", index_server.base, "--data-dir", str(data_dir)])

    assert status == EXIT_OK
    text = terminal.getvalue()
    assert text.count("\r") >= 2
    assert "\r[##############################] 100%  1.1 MB of 1.1 MB\n" in text
    assert text.endswith(f"Installed Indonesian -> English 1.0 in {installed_packages(data_dir)[0].path}\n")


def test_models_download_of_what_is_installed_does_nothing_unless_asked(capsys, data_dir, index_server, installed_package):
    status, _, err = _run(capsys, "models", "download", "id_en", "--index", index_server.base, "--data-dir", data_dir)

    assert status == EXIT_OK
    assert err == "Indonesian -> English 1.0 (or a newer version) is already installed; --reinstall downloads it again.\n"
    assert index_server.package_requests() == []

    status, _, _ = _run(
        capsys, "models", "download", "id_en", "--reinstall", "--index", index_server.base, "--data-dir", data_dir
    )
    assert status == EXIT_OK and len(index_server.package_requests()) == 1


def test_models_download_when_the_server_drops_writes_nothing_and_can_be_run_again(capsys, data_dir, index_server):
    index_server.drops_left = 1
    argv = ("models", "download", "id_en", "--index", index_server.base, "--data-dir", data_dir)

    status, out, err = _run(capsys, *argv)

    _refused_with_one_line(status, err, "The download of Indonesian → English 1.0 from 127.0.0.1")
    assert "stopped after 558.6 kB of 1.1 MB: the connection closed early. Nothing was kept; try again." in err
    assert out == "" and _nothing_written(data_dir)

    status, _, _ = _run(capsys, *argv)
    assert status == EXIT_OK and len(installed_packages(data_dir)) == 1


def test_models_download_of_a_package_failing_its_checks_installs_nothing(capsys, data_dir, index_server):
    index_server.mode = "corrupt"

    status, _, err = _run(capsys, "models", "download", "id_en", "--index", index_server.base, "--data-dir", data_dir)

    _refused_with_one_line(status, err, "The package downloaded from")
    assert "failed its checks. translate-id_en-1.0.argosmodel is not a usable translation package" in err
    assert _nothing_written(data_dir)


def test_models_download_of_a_pair_the_index_lacks_is_refused(capsys, data_dir, index_server):
    status, _, err = _run(capsys, "models", "download", "fr_de", "--index", index_server.base, "--data-dir", data_dir)

    _refused_with_one_line(status, err, "The package index has no package 'fr_de'.")
    assert index_server.package_requests() == []


def test_models_download_without_a_network_says_so_in_one_line(capsys, data_dir):
    status, _, err = _run(capsys, "models", "download", "id_en", "--index", closed_port_base(), "--data-dir", data_dir)

    _refused_with_one_line(status, err, "No network:")
    assert err.count("\n") == 1 and _nothing_written(data_dir)


def test_models_download_needs_a_package(capsys, data_dir):
    with pytest.raises(SystemExit) as raised:
        main(["models", "download", "--data-dir", str(data_dir)])

    assert raised.value.code == EXIT_USAGE


# --- models remove ------------------------------------------------------------------------------


def test_models_remove_by_pair_deletes_the_package(capsys, data_dir, installed_package):
    status, _, err = _run(capsys, "models", "remove", "id_en", "--data-dir", data_dir)

    assert status == EXIT_OK
    assert err == f"Removed Indonesian -> English 1.0 from {installed_package.path}\n"
    assert installed_packages(data_dir) == [] and not installed_package.path.exists()


def test_models_remove_by_folder_deletes_the_package(capsys, data_dir, installed_package):
    status, _, _ = _run(capsys, "models", "remove", installed_package.path, "--data-dir", data_dir)

    assert status == EXIT_OK and not installed_package.path.exists()


def test_models_remove_refuses_the_read_only_argos_folder(capsys, data_dir, tmp_path, monkeypatch, argos_package_dirs):
    argos = tmp_path / "argos"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos))
    shutil.copytree(argos_package_dirs["bpe"], argos / "translate-id_en-1_9")

    status, _, err = _run(capsys, "models", "remove", "id_en", "--data-dir", data_dir)

    _refused_with_one_line(status, err, "Indonesian → English 1.0 is installed in Argos Translate's own folder")
    assert err.count("\n") == 1
    assert (argos / "translate-id_en-1_9" / "metadata.json").is_file()


def test_models_remove_of_something_not_installed_is_refused(capsys, data_dir):
    status, _, err = _run(capsys, "models", "remove", "id_en", "--data-dir", data_dir)

    _refused_with_one_line(status, err, "No installed package matches 'id_en'.")
