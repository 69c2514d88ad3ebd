"""Values from the package index are checked before they name a file or reach a comparison."""

import json
import logging
from pathlib import Path

import pytest

from reader.core.errors import BadIndex
from reader.core.translate.downloads import download_package, downloads_dir
from reader.core.translate.package_index import CACHE_FILE, AvailablePackage, cached_index, parse_index, refresh_index

URL = "http://127.0.0.1:9/index.json"
GOOD = {
    "code": "translate-id_en", "type": "translate", "from_code": "id", "to_code": "en",
    "from_name": "Indonesian", "to_name": "English", "package_version": "1.9", "argos_version": "1.0",
    "links": ["http://127.0.0.1:9/translate-id_en-1_9.argosmodel"],
}

REFUSED = {
    "a code climbing out of the downloads folder": {"code": "../../../home/user/.bashrc"},
    "a code with a slash": {"code": "translate/id_en"},
    "a code with a backslash": {"code": "translate\\id_en"},
    "a code that is dots": {"code": ".."},
    "a hidden code": {"code": ".translate-id_en"},
    "a language code with a separator": {"from_code": "id/.."},
    "a 5,000-digit version": {"package_version": "9" * 5000},
    "a version with a space": {"package_version": "1 9"},
    "a name over two lines": {"to_name": "English\nReal"},
    "a name of 500 characters": {"from_name": "I" * 500},
    "a code that is not text": {"code": 17},
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_an_index_entry_with_a_refused_value_is_skipped_and_logged(case, caplog):
    entries = [{**GOOD, **REFUSED[case]}, {**GOOD, "code": "translate-en_id", "from_code": "en", "to_code": "id"}]

    with caplog.at_level(logging.INFO):
        packages = parse_index(json.dumps(entries).encode(), URL)

    assert [p.code for p in packages] == ["translate-en_id"]
    assert "Skipped 1 index entries" in caplog.text


def test_an_index_whose_only_entries_are_refused_is_a_bad_index():
    with pytest.raises(BadIndex, match="lists no translation packages Baca can use"):
        parse_index(json.dumps([{**GOOD, "code": "../x"}]).encode(), URL)


def test_names_with_spaces_and_brackets_are_kept():
    [package] = parse_index(json.dumps([{**GOOD, "to_name": "Chinese (traditional)"}]).encode(), URL)

    assert package.to_name == "Chinese (traditional)"


def test_a_download_of_a_package_with_a_path_for_a_code_writes_nothing(data_dir):
    package = AvailablePackage(
        code="../../escaped", from_code="id", to_code="en", from_name="Indonesian", to_name="English",
        version="1.0", argos_version="1.0", links=("http://127.0.0.1:9/x.argosmodel",),
    )

    with pytest.raises(BadIndex, match="a code or version Baca refuses: '../../escaped'"):
        download_package(package, data_dir)

    assert not downloads_dir(data_dir).exists()
    assert not (Path(data_dir).parent / "escaped").exists()


def test_a_tampered_offline_copy_of_the_index_is_ignored(data_dir, index_server):
    refresh_index(data_dir, index_server.base)
    path = Path(data_dir) / CACHE_FILE
    cache = json.loads(path.read_text())
    cache["packages"][0]["code"] = "../../evil"
    path.write_text(json.dumps(cache))

    assert cached_index(data_dir, index_server.base) is None


def test_numbers_for_versions_are_read_as_text_and_an_odd_argos_version_is_only_dropped():
    entry = {**GOOD, "package_version": 2, "argos_version": {"odd": True}}

    [package] = parse_index(json.dumps([entry]).encode(), URL)

    assert (package.version, package.argos_version) == ("2", "")
