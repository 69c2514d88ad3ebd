"""`reader --self-check`: the real window, offscreen, translating a post and reporting on it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NEWS_PAGE = ROOT / "tests" / "data" / "pages" / "news_article.html"


def self_check(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m reader --self-check ARGS` from the checkout, as a user would start it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # Nothing forces offscreen but the option itself.
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, "-m", "reader", "--self-check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_self_check_translates_the_sample_and_reports_on_it(data_dir, installed_package):
    result = self_check("--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert report.startswith("Baca self-check passed\n")
    assert "document:   Dubes Rusia untuk AS" in report
    assert "(baca:sample-post.txt)" in report
    assert "blocks:     28, all translated" in report
    assert f"model:      {installed_package.label} at {installed_package.path}" in report
    assert "identity:   sha256:" in report
    # The tiny model glosses frequent words: proof the text went through it.
    first = report.split("first translated paragraph:\n", 1)[1]
    assert "Russia" in first and "Ambassador" in first


def test_self_check_leaves_the_users_library_and_window_settings_alone(data_dir, installed_package):
    before = sorted(path.name for path in data_dir.iterdir())
    assert self_check("--data-dir", str(data_dir)).returncode == 0
    written = sorted(path.name for path in data_dir.iterdir() if path.name not in before)
    # What a normal start writes too (its log, the model's remembered hash); no library, no settings.
    assert written == ["baca.log", "model-identities.json"]


def test_self_check_translates_a_saved_web_page(data_dir, installed_package):
    result = self_check("--data-dir", str(data_dir), str(NEWS_PAGE))
    assert result.returncode == 0, result.stderr
    assert f"({NEWS_PAGE})" in result.stdout
    assert "all translated" in result.stdout


def test_self_check_without_a_model_says_how_to_install_one(data_dir):
    result = self_check("--data-dir", str(data_dir))
    assert result.returncode == 1
    assert result.stdout == ""
    [reason] = [line for line in result.stderr.splitlines() if line.startswith("reader: self-check failed: ")]
    assert "no Indonesian → English translation model is installed" in reason
    assert f"reader-cli --data-dir {data_dir} models install" in reason


def test_self_check_with_a_damaged_model_says_it_could_not_be_loaded(data_dir, installed_package):
    (installed_package.path / "model" / "model.bin").write_bytes(b"not a model")
    result = self_check("--data-dir", str(data_dir))
    assert result.returncode == 1
    [reason] = [line for line in result.stderr.splitlines() if line.startswith("reader: self-check failed: ")]
    assert reason.startswith(
        f"reader: self-check failed: The translation model {installed_package.label} in {installed_package.path} "
        "could not be loaded: "
    )
    assert "Traceback" not in result.stderr


def test_self_check_of_a_file_it_cannot_read_names_the_problem_without_a_traceback(tmp_path, data_dir, installed_package):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x01\x02\x03")
    result = self_check("--data-dir", str(data_dir), str(binary))
    assert result.returncode == 1
    assert (
        f"reader: self-check failed: Cannot open '{binary}': it contains NUL bytes: it is a binary file, "
        "or UTF-16 text without a byte-order mark. Baca reads UTF-8, and UTF-16 with a byte-order mark."
    ) in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_self_check_gives_up_after_its_timeout(data_dir, installed_package):
    result = self_check("--data-dir", str(data_dir), "--timeout", "0.001")
    assert result.returncode == 1
    assert "reader: self-check failed: timed out after 0.001 s" in result.stderr
