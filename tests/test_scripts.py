"""scripts/setup on a set-up checkout returns at once, so that scripts/run starts Baca as fast as a direct start."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The only programs the set-up checkout's path may run: no Python, no dpkg-query, no pip.
FAST_PATH_TOOLS = ("bash", "cat", "cut", "dirname", "env", "sha256sum", "stat")


def _checkout(tmp_path: Path) -> Path:
    """A copy of the scripts and pyproject.toml, with .venv's Python: set up as scripts/setup leaves it."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "scripts", checkout / "scripts")
    shutil.copy(ROOT / "pyproject.toml", checkout)
    (checkout / ".venv" / "bin").mkdir(parents=True)
    (checkout / ".venv" / "bin" / "python").symlink_to(sys.executable)
    return checkout


def _only_tools(tmp_path: Path) -> dict:
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in FAST_PATH_TOOLS:
        (tools / name).symlink_to(shutil.which(name))
    return dict(os.environ, PATH=str(tools), PYTHON="python3")


def _setup(checkout: Path, env: dict, kind: str = "app") -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(checkout / "scripts" / "setup"), kind], env=env, capture_output=True, text=True, timeout=60
    )


def _stamp(checkout: Path, kind: str) -> None:
    """What a finished scripts/setup writes: the pyproject digest, and dpkg's state when the packages were there."""
    digest = subprocess.run(
        ["sha256sum", "pyproject.toml"], cwd=checkout, capture_output=True, text=True, check=True
    ).stdout[:16]
    (checkout / ".venv" / f".baca-installed-{kind}").write_text(digest + "\n")
    status = Path("/var/lib/dpkg/status")
    state = str(int(status.stat().st_mtime)) if status.exists() else "none"
    (checkout / ".venv" / f".baca-system-deps-{kind}").write_text(state + "\n")


def test_a_set_up_checkout_starts_without_running_python_pip_or_dpkg(tmp_path):
    checkout = _checkout(tmp_path)
    env = _only_tools(tmp_path)
    _stamp(checkout, "app")
    result = _setup(checkout, env)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_checkout_set_up_for_the_tests_is_set_up_for_the_app_too(tmp_path):
    checkout = _checkout(tmp_path)
    env = _only_tools(tmp_path)
    _stamp(checkout, "test")
    (checkout / ".venv" / ".baca-system-deps-test").rename(checkout / ".venv" / ".baca-system-deps-app")
    result = _setup(checkout, env)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_changed_pyproject_sets_up_again(tmp_path):
    checkout = _checkout(tmp_path)
    env = _only_tools(tmp_path)
    _stamp(checkout, "app")
    with (checkout / "pyproject.toml").open("a") as file:
        file.write("\n# changed\n")
    result = _setup(checkout, env)
    # It goes past the fast path: to the Python check, which finds no python3 on this bare PATH.
    assert result.returncode == 1
    assert "Baca needs Python 3.11 or newer (python3 is" in result.stderr


def test_a_system_package_added_or_removed_checks_the_packages_again(tmp_path):
    checkout = _checkout(tmp_path)
    env = _only_tools(tmp_path)
    _stamp(checkout, "app")
    (checkout / ".venv" / ".baca-system-deps-app").write_text("12345\n")  # dpkg's state then
    result = _setup(checkout, env)
    assert result.returncode == 1
    assert "Baca needs Python 3.11 or newer" in result.stderr
