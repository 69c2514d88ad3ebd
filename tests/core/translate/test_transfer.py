"""Bounds on every transfer: http and https only (redirects too), a floor on the rate, the index's deadline."""

import json
import time
from pathlib import Path

import pytest

from reader.cli import EXIT_REFUSED, main
from reader.core.errors import BadIndex, DownloadFailed, NetworkUnavailable
from reader.core.translate.downloads import download_package, downloads_dir
from reader.core.translate.package_index import choose, fetch_index, parse_index
from reader.core.translate.packages import installed_packages
from tests.support.index_server import TRICKLE_PAUSE


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def id_en(index_server):
    return choose(fetch_index(index_server.base), "id_en")


# --- Schemes ------------------------------------------------------------------------------------


def test_an_http_index_may_not_send_its_links_to_file_or_ftp(index_server):
    url = f"{index_server.base}index.json"
    entries = [
        {"code": "translate-id_en", "from_code": "id", "to_code": "en", "package_version": "1.0",
         "links": ["file:///etc/passwd", "ftp://127.0.0.1/x.argosmodel", "gopher://127.0.0.1/x"]},
        {"code": "translate-en_id", "from_code": "en", "to_code": "id", "package_version": "1.0",
         "links": ["file:///home/user/x.argosmodel", "https://mirror.example/en_id.argosmodel"]},
    ]

    [package] = parse_index(json.dumps(entries).encode(), url)

    assert package.code == "translate-en_id"
    assert package.links == ("https://mirror.example/en_id.argosmodel",)


@pytest.mark.parametrize("target", ["ftp://127.0.0.1:9/x.argosmodel", "file:///etc/passwd", "data:,hello"])
def test_a_download_redirected_away_from_http_is_refused_and_leaves_nothing(data_dir, index_server, id_en, target):
    index_server.redirects["/packages/translate-id_en-1.0.argosmodel"] = target

    refused = r"redirects to .*, which is not an http or https address; it was not followed"
    with pytest.raises(DownloadFailed, match=refused):
        download_package(id_en, data_dir)

    assert listing(downloads_dir(data_dir)) == [] and installed_packages(data_dir) == []


def test_an_index_redirected_to_a_file_is_refused(index_server):
    index_server.redirects["/index.json"] = "file:///etc/passwd"

    with pytest.raises(BadIndex, match=r"redirects to file:///etc/passwd, which is not an http or https address"):
        fetch_index(index_server.base)


def test_a_redirect_to_another_http_address_is_followed(data_dir, index_server, id_en):
    index_server.files["/mirror/id_en.argosmodel"] = index_server.files["/packages/translate-id_en-1.0.argosmodel"]
    index_server.redirects["/packages/translate-id_en-1.0.argosmodel"] = f"{index_server.base}mirror/id_en.argosmodel"

    installed = download_package(id_en, data_dir)

    assert installed.version == "1.0"
    assert "/mirror/id_en.argosmodel" in index_server.requests


# --- A floor on the rate ------------------------------------------------------------------------


def test_a_download_trickling_below_the_least_rate_is_stopped_and_says_so(data_dir, index_server, id_en):
    index_server.mode = "trickle"  # a byte every 50 ms: no read ever waits long enough to time out
    started = time.monotonic()

    with pytest.raises(DownloadFailed) as raised:
        download_package(id_en, data_dir, timeout=5, window=0.6)

    assert time.monotonic() - started < 3
    message = str(raised.value)
    assert "stopped after" in message and "less than 1.0 kB/s arrived over 0.6 s" in message
    assert "Nothing was kept" in message
    assert listing(downloads_dir(data_dir)) == [] and installed_packages(data_dir) == []


def test_a_download_at_a_fair_rate_is_not_stopped(data_dir, index_server, id_en):
    index_server.mode = "slow"  # 16 kB every 20 ms, far above the floor

    installed = download_package(id_en, data_dir, window=0.3)

    assert installed.version == "1.0"


def test_a_server_trickling_its_headers_is_stopped_too(data_dir, index_server, id_en):
    index_server.mode = "trickle-headers"
    started = time.monotonic()

    with pytest.raises(DownloadFailed, match=r"less than 1.0 kB/s arrived over 0.6 s"):
        download_package(id_en, data_dir, timeout=5, window=0.6)

    assert time.monotonic() - started < 3
    assert listing(downloads_dir(data_dir)) == []


def test_a_trickling_index_is_stopped_and_says_so(index_server):
    index_server.index_mode = "trickle"

    with pytest.raises(NetworkUnavailable) as raised:
        fetch_index(index_server.base, timeout=5, window=0.6)

    assert str(raised.value).startswith(
        f"The package index at {index_server.base[7:-1]} could not be read: less than 1.0 kB/s arrived over 0.6 s"
    )


def test_the_index_must_arrive_within_its_deadline(index_server):
    index_server.index_mode = "trickle"
    assert 1 / TRICKLE_PAUSE > 1  # bytes a second: above the floor below, so only the deadline can stop it

    started = time.monotonic()
    with pytest.raises(NetworkUnavailable, match=r"could not be read: it did not arrive within 0.5 s"):
        fetch_index(index_server.base, timeout=5, deadline=0.5, min_rate=1, window=0.4)

    assert time.monotonic() - started < 2


def test_models_available_against_a_trickling_index_exits_with_one_clear_line(
    capsys, data_dir, index_server, monkeypatch
):
    monkeypatch.setattr("reader.core.translate.transfer.RATE_WINDOW", 0.6)
    index_server.index_mode = "trickle"

    status = main(["--data-dir", str(data_dir), "models", "available", "--index", index_server.base])

    err = capsys.readouterr().err
    assert status == EXIT_REFUSED
    assert "less than 1.0 kB/s arrived over 0.6 s, so Baca stopped waiting" in err
    assert "Traceback" not in err
