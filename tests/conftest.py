"""Test set-up shared by every test: private folders, offscreen Qt, no internet."""

import gc
import ipaddress
import os
import socket
import tempfile
from pathlib import Path

import pytest

pytest_plugins = ["tests.support.fixtures", "tests.support.index_server", "tests.support.web_server"]

# Before anything imports Qt or argostranslate (which creates folders at import time), point
# every folder the app or Argos could touch at a private temporary tree.
_HOME = Path(tempfile.mkdtemp(prefix="baca-tests-"))
for _name, _sub in {
    "BACA_DATA_DIR": "baca-data",
    "ARGOS_PACKAGES_DIR": "argos-packages",
    "XDG_DATA_HOME": "xdg-data",
    "XDG_CONFIG_HOME": "xdg-config",
    "XDG_CACHE_HOME": "xdg-cache",
    "XDG_STATE_HOME": "xdg-state",
    "XDG_RUNTIME_DIR": "xdg-runtime",
}.items():
    os.environ[_name] = str(_HOME / _sub)
    (_HOME / _sub).mkdir(mode=0o700)
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# No shared StarDict folders: tests never see the machine's dictionaries.
os.environ["BACA_STARDICT_DIRS"] = ""
os.environ.pop("ARGOS_PACKAGE_INDEX", None)
# The servers tests talk to are on 127.0.0.1: a proxy from the environment would stand between.
for _name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
    os.environ.pop(_name, None)
    os.environ.pop(_name.upper(), None)

DATA = Path(__file__).parent / "data"


def _is_loopback(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded_connect(self, address):
    if not _is_loopback(address):
        raise ConnectionRefusedError(f"tests may not reach the network: {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _is_loopback(address):
        raise ConnectionRefusedError(f"tests may not reach the network: {address!r}")
    return _real_connect_ex(self, address)


# Nothing in a test run may reach beyond 127.0.0.1 (proves that nothing is downloaded).
socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex


# As in the app (reader/ui/collector.py): cycles are collected on the main thread only, never by
# whichever worker thread (a download, a test server) crosses the allocation threshold while it
# holds the last link to a widget of an earlier test.
gc.disable()


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread():
    yield
    from reader.ui.collector import collect_due  # Qt, once the environment above is set

    collect_due()


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A fresh, empty Baca data folder."""
    path = tmp_path / "baca-data"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return DATA / "seed" / "000_12db35e2f43f4474.txt"
