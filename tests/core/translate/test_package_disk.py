"""A disk that fills up while a package is downloaded or unpacked: a clear message, nothing left.

The child process runs with a real limit on the size of the files it writes (RLIMIT_FSIZE), so
its writes fail as on a full disk (EFBIG; Python ignores SIGXFSZ), with no stub involved.
"""

import os
import subprocess
import sys

import pytest

from reader.core.translate.downloads import downloads_dir
from reader.core.translate.packages import app_packages_dir, installed_packages

resource = pytest.importorskip("resource")

LIMIT = 300_000  # bytes: below the tiny package's model.bin, above the index's offline copy


def run_limited(*args: str) -> subprocess.CompletedProcess:
    script = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({LIMIT}, {LIMIT}))\n"
        "from reader.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=60, env=env, check=False
    )


def test_a_download_filling_the_disk_is_refused_in_one_line_and_leaves_nothing(data_dir, index_server):
    result = run_limited("--data-dir", str(data_dir), "models", "download", "id_en", "--index", index_server.base)

    last = result.stderr.strip().splitlines()[-1]
    assert result.returncode == 1, result.stderr
    assert last.startswith("reader-cli: Cannot write the download of Indonesian → English 1.0 into ")
    assert last.endswith(": File too large. Nothing was kept.")
    assert "Traceback" not in result.stderr
    assert list(downloads_dir(data_dir).iterdir()) == []
    assert installed_packages(data_dir) == []


def test_an_install_filling_the_disk_is_refused_in_one_line_and_leaves_nothing(data_dir, argos_package_files):
    path = argos_package_files["sentencepiece"]

    result = run_limited("--data-dir", str(data_dir), "models", "install", str(path))

    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"reader-cli: Cannot install {path.name} into {app_packages_dir(data_dir)}: File too large. "
        "Nothing was installed.\n"
    )
    assert list(app_packages_dir(data_dir).iterdir()) == []
