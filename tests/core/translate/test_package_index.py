"""The package index and downloads, against a local HTTP server on 127.0.0.1."""

import json
import os
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

from reader.core.errors import (
    BadIndex,
    BadPackage,
    DownloadCancelled,
    DownloadFailed,
    NetworkUnavailable,
    NoSuchPackage,
    NotEnoughSpace,
)
from reader.core.translate.downloads import download_package, downloads_dir, sweep_stale_downloads
from reader.core.translate.package_index import (
    DEFAULT_INDEX_BASE,
    AvailablePackage,
    cached_index,
    choose,
    fetch_index,
    index_base,
    index_url,
    install_state,
    parse_index,
    refresh_index,
    select_installed,
    set_index_base,
)
from reader.core.translate.packages import app_packages_dir, install_package_file, installed_packages
from reader.core.translate.transfer import format_bytes
from tests.support.argos_package import build_package_folder
from tests.support.index_server import closed_port_base


def available(code="translate-id_en", pair=("id", "en"), version="1.0", links=("http://127.0.0.1/x",)):
    return AvailablePackage(
        code=code, from_code=pair[0], to_code=pair[1], from_name=pair[0], to_name=pair[1],
        version=version, argos_version="1.0", links=tuple(links),
    )


def listing(folder: Path) -> list[str]:
    """Every path under a folder: equal listings mean nothing was left or changed."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def id_en(index_server):
    """The index's translate-id_en entry, as fetched."""
    return choose(fetch_index(index_server.base), "id_en")


# --- Where the index is -------------------------------------------------------------------------


def test_index_base_defaults_to_the_argos_index(data_dir):
    assert index_base(data_dir) == DEFAULT_INDEX_BASE
    assert index_url(DEFAULT_INDEX_BASE) == (
        "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
    )


def test_index_base_comes_from_the_settings_file_and_ends_with_a_slash(data_dir):
    set_index_base(data_dir, "http://mirror.example/argos")

    assert index_base(data_dir) == "http://mirror.example/argos/"
    assert (data_dir / "settings.ini").read_text() == "[models]\npackage_index=http://mirror.example/argos/\n"
    assert not (data_dir / "settings.json").exists()


def test_argos_package_index_variable_overrides_the_setting(data_dir, monkeypatch):
    set_index_base(data_dir, "http://mirror.example/argos/")
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://other.example/idx")

    assert index_base(data_dir) == "http://other.example/idx/"


def test_clearing_the_setting_goes_back_to_the_argos_index(data_dir):
    set_index_base(data_dir, "http://mirror.example/")
    set_index_base(data_dir, None)

    assert index_base(data_dir) == DEFAULT_INDEX_BASE


def test_a_base_naming_a_json_file_is_the_index_itself():
    assert index_url("http://mirror.example/my-index.json") == "http://mirror.example/my-index.json"


def test_an_unreadable_settings_file_is_ignored(data_dir):
    (data_dir / "settings.json").write_text("{not json")

    assert index_base(data_dir) == DEFAULT_INDEX_BASE


# --- Reading the index --------------------------------------------------------------------------


def test_fetch_index_lists_indonesian_to_english_first_with_links_to_the_server(index_server):
    packages = fetch_index(index_server.base)

    assert [p.code for p in packages] == ["translate-id_en", "translate-en_id"]
    first = packages[0]
    assert (first.pair, first.version, first.label) == (("id", "en"), "1.0", "Indonesian → English 1.0")
    assert first.links == (f"{index_server.base}packages/translate-id_en-1.0.argosmodel",)
    assert index_server.requests == ["/index.json"]


def test_parse_index_skips_entries_that_are_not_translation_packages():
    entries = [
        {"code": "sbd-id", "type": "sbd", "from_code": "id", "to_code": "id", "package_version": "1", "links": ["a"]},
        {"code": "no-links", "from_code": "id", "to_code": "en", "package_version": "1", "links": []},
        {"code": "no-version", "from_code": "id", "to_code": "en", "links": ["http://x/a"]},
        {"code": "ftp", "from_code": "id", "to_code": "en", "package_version": "1", "links": ["ftp://x/a"]},
        "not an object",
        # The OPUS-MT ports omit `type`, and an index may omit `code`.
        {"from_code": "de", "to_code": "en", "package_version": "1.2", "links": ["pkgs/de_en.argosmodel"]},
    ]

    [package] = parse_index(json.dumps(entries).encode(), "http://mirror.example/argos/index.json")

    assert package.code == "translate-de_en"
    assert package.from_name == "de"
    assert package.links == ("http://mirror.example/argos/pkgs/de_en.argosmodel",)


@pytest.mark.parametrize(
    "body, message",
    [
        (b"<html>Rate limited</html>", "is not valid JSON"),
        (b'{"packages": []}', "is not a list of packages"),
        (b'[{"code": "x"}]', "lists no translation packages Baca can use"),
        (b"\xff\xfe", "is not valid JSON"),
    ],
    ids=["html", "an object", "no usable entry", "not utf-8"],
)
def test_parse_index_refuses_what_is_not_an_index(body, message):
    with pytest.raises(BadIndex, match=message):
        parse_index(body, "http://mirror.example/index.json")


def test_an_index_the_server_refuses_is_a_bad_index(index_server):
    index_server.index_status = 404

    with pytest.raises(BadIndex, match=r"index.json answered 404 Not Found"):
        fetch_index(index_server.base)


def test_no_server_is_no_network_with_advice_to_install_from_a_file():
    base = closed_port_base()

    with pytest.raises(NetworkUnavailable) as raised:
        fetch_index(base, timeout=2)

    message = str(raised.value)
    assert message.startswith("No network: cannot reach 127.0.0.1 (connection refused).")
    assert "Install from File…" in message
    assert "reader-cli models install FILE.argosmodel" in message


def test_a_server_that_never_answers_is_no_network_after_the_timeout():
    # The kernel accepts connections into the backlog, but nothing ever reads or answers.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    started = time.monotonic()
    try:
        with pytest.raises(NetworkUnavailable, match=r"no answer in time"):
            fetch_index(base, timeout=0.5)
    finally:
        listener.close()
    assert time.monotonic() - started < 5


def test_the_real_internet_is_never_reached_in_tests(data_dir):
    # conftest blocks it: the default index fails as "no network", quickly, with the advice.
    with pytest.raises(NetworkUnavailable, match="Install from File"):
        fetch_index(index_base(data_dir), timeout=2)


def test_an_index_in_a_local_folder_can_be_read_through_a_file_url(tmp_path, argos_package_files):
    # An offline mirror (a USB stick): the index and its packages as files.
    package = argos_package_files["sentencepiece"]
    entry = {"code": "translate-id_en", "from_code": "id", "to_code": "en", "package_version": "1.0",
             "links": [package.as_uri()]}
    (tmp_path / "index.json").write_text(json.dumps([entry]))

    [found] = fetch_index(tmp_path.as_uri() + "/")

    assert found.links == (package.as_uri(),)


def test_refresh_index_remembers_the_index_for_when_there_is_no_network(data_dir, index_server):
    fresh = refresh_index(data_dir, index_server.base)
    index_server.stop()

    remembered = cached_index(data_dir, index_server.base)

    assert remembered.packages == fresh.packages
    assert remembered.url == f"{index_server.base}index.json"
    assert remembered.fetched == fresh.fetched
    assert fresh.fetched.tzinfo is not None


def test_a_remembered_index_from_another_base_is_not_offered(data_dir, index_server):
    refresh_index(data_dir, index_server.base)

    assert cached_index(data_dir, "http://mirror.example/") is None


def test_no_remembered_index_is_none_and_a_damaged_one_is_ignored(data_dir):
    assert cached_index(data_dir) is None
    (data_dir / "package-index.json").write_text('{"url": 1}')
    assert cached_index(data_dir) is None


# --- Choosing -----------------------------------------------------------------------------------


def test_choose_takes_the_exact_code():
    packages = [available("translate-id_en", version="1.9"), available("opus-id_en", version="2.0")]

    assert choose(packages, "opus-id_en").version == "2.0"
    assert choose(packages, "translate-id_en").version == "1.9"


def test_choose_takes_the_highest_version_for_a_language_pair():
    packages = [available(version="1.9"), available(version="1.10"), available(version="1.2")]

    assert choose(packages, "id_en").version == "1.10"


def test_choose_refuses_a_pair_the_index_does_not_have():
    with pytest.raises(NoSuchPackage, match="has no package 'fr_de'.*reader-cli models available"):
        choose([available()], "fr_de")


def test_install_state_says_installed_update_or_nothing(data_dir, installed_package):
    installed = installed_packages(data_dir)

    assert install_state(available(version="1.0"), installed) == "installed"
    assert install_state(available(version="0.9"), installed) == "installed"
    assert install_state(available(version="1.1"), installed) == "update"
    assert install_state(available(pair=("en", "id")), installed) is None


def test_select_installed_finds_a_package_by_pair_code_or_folder(data_dir, installed_package):
    packages = installed_packages(data_dir)

    assert select_installed(packages, "id_en") == installed_package
    assert select_installed(packages, "translate-id_en") == installed_package
    assert select_installed(packages, str(installed_package.path)) == installed_package
    with pytest.raises(NoSuchPackage, match="No installed package matches 'en_id'"):
        select_installed(packages, "en_id")
    with pytest.raises(NoSuchPackage, match="/elsewhere is not an installed translation package"):
        select_installed(packages, str(data_dir / "elsewhere"))


def test_select_installed_refuses_to_guess_between_two_matches(data_dir, tmp_path):
    app_packages_dir(data_dir).mkdir()
    for version in ("1.0", "1.1"):
        build_package_folder(app_packages_dir(data_dir), version=version)

    with pytest.raises(NoSuchPackage, match="Several installed packages match 'id_en'.*Name one by its folder"):
        select_installed(installed_packages(data_dir), "id_en")


def test_format_bytes_uses_decimal_units():
    assert [format_bytes(n) for n in (0, 999, 1500, 70_312_000, 2_500_000_000)] == [
        "0 B", "999 B", "1.5 kB", "70.3 MB", "2.50 GB"
    ]


# --- Downloading --------------------------------------------------------------------------------


def test_download_installs_the_package_and_reports_progress(data_dir, index_server, id_en, argos_package_files):
    size = argos_package_files["sentencepiece"].stat().st_size
    reports = []

    package = download_package(id_en, data_dir, progress=lambda done, total: reports.append((done, total)))

    assert (package.from_code, package.to_code, package.version) == ("id", "en", "1.0")
    assert package.path.parent == app_packages_dir(data_dir)
    assert installed_packages(data_dir) == [package]
    assert reports[0] == (0, size) and reports[-1] == (size, size)
    assert len(reports) > 5
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert listing(downloads_dir(data_dir)) == []


def test_a_download_without_a_content_length_reports_an_unknown_total(data_dir, index_server, id_en):
    index_server.mode = "no-length"
    reports = []

    download_package(id_en, data_dir, progress=lambda done, total: reports.append((done, total)))

    assert {total for _, total in reports} == {None}
    assert installed_packages(data_dir)


def test_a_dropped_connection_leaves_nothing_and_a_retry_succeeds(data_dir, index_server, id_en):
    index_server.drops_left = 1

    with pytest.raises(DownloadFailed) as raised:
        download_package(id_en, data_dir)

    message = str(raised.value)
    assert "The download of Indonesian → English 1.0 from 127.0.0.1" in message
    assert "stopped after 558.6 kB of 1.1 MB: the connection closed early" in message
    assert "Nothing was kept; try again." in message
    assert listing(downloads_dir(data_dir)) == []
    assert listing(app_packages_dir(data_dir)) == []

    package = download_package(id_en, data_dir)

    assert installed_packages(data_dir) == [package]
    assert len(index_server.package_requests()) == 2
    assert listing(downloads_dir(data_dir)) == []


def test_a_package_that_fails_the_checks_is_not_installed(data_dir, index_server, id_en, installed_package):
    index_server.mode = "corrupt"
    before = listing(app_packages_dir(data_dir))

    with pytest.raises(BadPackage) as raised:
        download_package(id_en, data_dir)

    assert str(raised.value) == (
        f"The package downloaded from {id_en.links[0]} failed its checks. translate-id_en-1.0.argosmodel "
        "is not a usable translation package: it is not a zip archive (an .argosmodel file is one). "
        "Nothing was installed."
    )
    assert listing(app_packages_dir(data_dir)) == before
    assert listing(downloads_dir(data_dir)) == []


def _written(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _with_entries(source: Path, path: Path, change) -> Path:
    """A copy of a package file with its entries changed by `change(dict)`."""
    with zipfile.ZipFile(source) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    top = next(iter(entries)).split("/")[0]
    change(entries, top)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return path


BAD_DOWNLOADS = {
    "not a zip": (lambda src, dst: _written(dst, b"<html>Not Found</html>"), "it is not a zip archive"),
    "an entry with ../": (
        lambda src, dst: _with_entries(src, dst, lambda e, top: e.update({f"{top}/../evil.txt": b"x"})),
        "/../evil.txt' has an absolute or unsafe path",
    ),
    "no metadata.json": (
        lambda src, dst: _with_entries(src, dst, lambda e, top: e.pop(f"{top}/metadata.json")),
        "it has no metadata.json in its folder",
    ),
}


@pytest.mark.parametrize("case", BAD_DOWNLOADS, ids=list(BAD_DOWNLOADS))
def test_a_bad_package_file_from_the_server_changes_nothing(
    case, tmp_path, data_dir, index_server, id_en, installed_package, argos_package_files
):
    make, message = BAD_DOWNLOADS[case]
    served = make(argos_package_files["sentencepiece"], tmp_path / "served.argosmodel")
    index_server.files["/packages/translate-id_en-1.0.argosmodel"] = served.read_bytes()
    before = listing(app_packages_dir(data_dir))

    with pytest.raises(BadPackage, match="failed its checks") as raised:
        download_package(id_en, data_dir)

    assert message in str(raised.value)
    assert listing(app_packages_dir(data_dir)) == before
    assert listing(downloads_dir(data_dir)) == []
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_package_for_the_wrong_language_pair_is_not_installed(data_dir, index_server, id_en, en_id_package_file):
    index_server.files["/packages/translate-id_en-1.0.argosmodel"] = en_id_package_file.read_bytes()

    with pytest.raises(BadPackage, match="it translates English → Indonesian, not Indonesian → English"):
        download_package(id_en, data_dir)

    assert installed_packages(data_dir) == []
    assert listing(downloads_dir(data_dir)) == []


def test_a_download_announcing_more_than_any_package_is_refused_before_reading(data_dir, index_server, id_en):
    index_server.mode = "huge"

    with pytest.raises(DownloadFailed, match=r"is 3.00 GB, larger than any translation package"):
        download_package(id_en, data_dir)

    assert listing(downloads_dir(data_dir)) == []


def test_a_download_that_would_not_fit_on_the_disk_is_refused(data_dir, index_server, id_en, monkeypatch):
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: real(path)._replace(free=10 * 1000**2))

    with pytest.raises(NotEnoughSpace, match=r"Not enough free disk space: .* and 10.0 MB is free"):
        download_package(id_en, data_dir)

    assert listing(downloads_dir(data_dir)) == [] and installed_packages(data_dir) == []


def test_a_package_the_server_does_not_have_is_a_failed_download(data_dir, index_server, id_en):
    index_server.mode = "404"

    with pytest.raises(DownloadFailed, match=r"translate-id_en-1.0.argosmodel answered 404 Not Found"):
        download_package(id_en, data_dir)

    assert listing(downloads_dir(data_dir)) == []


def test_cancelling_a_download_leaves_nothing_behind(data_dir, index_server, id_en):
    index_server.mode = "slow"
    cancel = threading.Event()
    reports = []

    def progress(done, total):
        reports.append(done)
        if done > 0:
            cancel.set()  # as the Cancel button would, from another thread

    with pytest.raises(DownloadCancelled, match="was cancelled; nothing was kept"):
        download_package(id_en, data_dir, progress=progress, cancelled=cancel)

    assert 0 < reports[-1] < 100_000
    assert listing(downloads_dir(data_dir)) == []
    assert listing(app_packages_dir(data_dir)) == []


def test_cancelling_from_another_thread_stops_a_slow_download(data_dir, index_server, id_en):
    index_server.mode = "slow"
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()

    with pytest.raises(DownloadCancelled):
        download_package(id_en, data_dir, cancelled=cancel)

    assert time.monotonic() - started < 1.5  # the whole file takes about 1.4 s
    assert listing(downloads_dir(data_dir)) == []


def test_cancel_takes_effect_at_once_even_while_the_server_is_silent(data_dir, index_server, id_en):
    index_server.mode = "stall"  # a first piece, then nothing: the read would wait for its timeout
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()

    with pytest.raises(DownloadCancelled):
        download_package(id_en, data_dir, cancelled=cancel, timeout=20)

    assert time.monotonic() - started < 2
    assert listing(downloads_dir(data_dir)) == []


def test_a_silent_server_is_a_failed_download_after_the_read_timeout(data_dir, index_server, id_en):
    index_server.mode = "stall"

    with pytest.raises(DownloadFailed, match=r"stopped after 16.4 kB of 1.1 MB: nothing arrived for 0.5 s. Nothing was kept"):
        download_package(id_en, data_dir, timeout=0.5)

    assert listing(downloads_dir(data_dir)) == []


def test_an_interrupted_download_leaves_nothing_behind(data_dir, index_server, id_en):
    def interrupt(done, total):
        if done > 200_000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        download_package(id_en, data_dir, progress=interrupt)

    assert listing(downloads_dir(data_dir)) == []
    assert listing(app_packages_dir(data_dir)) == []


def test_the_next_link_is_tried_when_the_first_cannot_be_reached(data_dir, index_server, id_en):
    mirror = AvailablePackage(**{**id_en.__dict__, "links": (closed_port_base() + "x.argosmodel", *id_en.links)})

    package = download_package(mirror, data_dir)

    assert installed_packages(data_dir) == [package]


def test_no_network_for_a_download_is_reported_as_such(data_dir, id_en):
    unreachable = AvailablePackage(**{**id_en.__dict__, "links": (closed_port_base() + "x.argosmodel",)})

    with pytest.raises(NetworkUnavailable, match="No network: cannot reach 127.0.0.1"):
        download_package(unreachable, data_dir)

    assert listing(downloads_dir(data_dir)) == []


def test_a_download_sweeps_unfinished_downloads_left_by_a_killed_one(data_dir, index_server, id_en):
    folder = downloads_dir(data_dir)
    folder.mkdir()
    stale, recent = folder / "translate-id_en-old.part", folder / "translate-id_en-now.part"
    for part in (stale, recent):
        part.write_bytes(b"half a package")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))

    download_package(id_en, data_dir)

    # A recent one may belong to a download running in another process.
    assert listing(folder) == [recent.name]


def test_sweep_stale_downloads_without_a_downloads_folder_does_nothing(data_dir):
    assert sweep_stale_downloads(data_dir) == []


def test_reinstalling_the_same_version_replaces_it(data_dir, index_server, id_en):
    first = download_package(id_en, data_dir)
    second = download_package(id_en, data_dir)

    assert first.path == second.path
    assert installed_packages(data_dir) == [second]


def test_a_package_already_installed_from_a_file_is_marked_installed_in_the_index(
    data_dir, index_server, argos_package_files
):
    install_package_file(argos_package_files["sentencepiece"], data_dir)
    packages = fetch_index(index_server.base)

    states = {p.code: install_state(p, installed_packages(data_dir)) for p in packages}

    assert states == {"translate-id_en": "installed", "translate-en_id": None}
