"""The package index's address moves from an older Baca's settings.json into settings.ini, once."""

import json
import os

import pytest

from reader.core.translate.package_index import DEFAULT_INDEX_BASE, index_base, set_index_base
from reader.core.translate.package_index import refresh_index

OLD = {"package_index": "http://mirror.example/argos"}


def test_an_old_settings_json_is_folded_into_settings_ini_and_renamed(data_dir):
    (data_dir / "settings.json").write_text(json.dumps(OLD))
    (data_dir / "settings.ini").write_text("[General]\ngeometry=@ByteArray(\\x1)\n")

    assert index_base(data_dir) == "http://mirror.example/argos/"

    assert (data_dir / "settings.ini").read_text() == (
        "[General]\ngeometry=@ByteArray(\\x1)\n\n[models]\npackage_index=http://mirror.example/argos/\n"
    )
    assert not (data_dir / "settings.json").exists()
    assert json.loads((data_dir / "settings.json.old").read_text()) == OLD
    # Once: the value now comes from settings.ini alone.
    (data_dir / "settings.json.old").unlink()
    assert index_base(data_dir) == "http://mirror.example/argos/"


def test_the_cli_reads_the_folded_setting_too(data_dir, index_server):
    (data_dir / "settings.json").write_text(json.dumps({"package_index": index_server.base}))

    index = refresh_index(data_dir)

    assert index.url == index_server.base + "index.json"
    assert "package_index=" + index_server.base in (data_dir / "settings.ini").read_text()


def test_a_value_already_in_settings_ini_wins_over_the_old_file(data_dir):
    set_index_base(data_dir, "http://new.example/")
    (data_dir / "settings.json").write_text(json.dumps(OLD))

    assert index_base(data_dir) == "http://new.example/"
    assert (data_dir / "settings.json.old").exists() and not (data_dir / "settings.json").exists()


def test_an_old_file_without_the_setting_is_renamed_and_changes_nothing(data_dir):
    (data_dir / "settings.json").write_text("{}")

    assert index_base(data_dir) == DEFAULT_INDEX_BASE
    assert not (data_dir / "settings.ini").exists()
    assert (data_dir / "settings.json.old").read_text() == "{}"


def test_an_unreadable_old_file_is_left_where_it_is(data_dir, caplog):
    (data_dir / "settings.json").write_text("{not json")

    assert index_base(data_dir) == DEFAULT_INDEX_BASE
    assert (data_dir / "settings.json").read_text() == "{not json"
    assert "Ignoring unreadable settings" in caplog.text


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders anyway")
def test_when_settings_ini_cannot_be_written_the_old_file_is_kept_and_still_read(data_dir, caplog):
    (data_dir / "settings.json").write_text(json.dumps(OLD))
    data_dir.chmod(0o555)
    try:
        assert index_base(data_dir) == "http://mirror.example/argos/"
        assert json.loads((data_dir / "settings.json").read_text()) == OLD
        assert not (data_dir / "settings.ini").exists()
        assert "Could not move the settings" in caplog.text
    finally:
        data_dir.chmod(0o755)


def test_when_settings_ini_is_not_a_file_the_old_file_is_kept(data_dir):
    (data_dir / "settings.json").write_text(json.dumps(OLD))
    (data_dir / "settings.ini").mkdir()

    assert index_base(data_dir) == "http://mirror.example/argos/"
    assert json.loads((data_dir / "settings.json").read_text()) == OLD
