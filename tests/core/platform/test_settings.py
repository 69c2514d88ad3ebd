"""settings.ini read and written without Qt: one line changed, every other byte kept."""

import pytest

from reader.core.errors import NotAFile
from reader.core.platform.settings import read_setting, write_setting

# What the window's QSettings writes (geometry, a list, a quoted value), kept byte for byte.
WINDOW_SETTINGS = (
    "[General]\n"
    "geometry=@ByteArray(\\x1\\xd9\\xd0\\xcb\\0\\x3)\n"
    "recent=a.txt, b.txt\n"
    "\n"
    "[appearance]\n"
    'font="Noto Serif, 12"\n'
)


def test_a_setting_is_added_in_its_own_group_and_the_rest_is_kept(tmp_path):
    (tmp_path / "settings.ini").write_text(WINDOW_SETTINGS)

    write_setting(tmp_path, "models/package_index", "http://mirror.example/argos/")

    assert (tmp_path / "settings.ini").read_text() == (
        WINDOW_SETTINGS + "\n[models]\npackage_index=http://mirror.example/argos/\n"
    )
    assert read_setting(tmp_path, "models/package_index") == "http://mirror.example/argos/"
    assert read_setting(tmp_path, "appearance/font") == "Noto Serif, 12"


def test_a_setting_is_replaced_in_place_and_removed_with_none(tmp_path):
    (tmp_path / "settings.ini").write_text("[models]\npackage_index=http://old.example/\nother=1\n\n[z]\nk=v\n")

    write_setting(tmp_path, "models/package_index", "http://new.example/")
    assert (tmp_path / "settings.ini").read_text() == "[models]\npackage_index=http://new.example/\nother=1\n\n[z]\nk=v\n"

    write_setting(tmp_path, "models/package_index", None)
    assert (tmp_path / "settings.ini").read_text() == "[models]\nother=1\n\n[z]\nk=v\n"
    assert read_setting(tmp_path, "models/package_index") is None


def test_a_key_added_to_an_existing_group_goes_after_its_last_line(tmp_path):
    (tmp_path / "settings.ini").write_text("[models]\nother=1\n\n[z]\nk=v\n")

    write_setting(tmp_path, "models/package_index", "http://new.example/")

    assert (tmp_path / "settings.ini").read_text() == "[models]\nother=1\npackage_index=http://new.example/\n\n[z]\nk=v\n"


@pytest.mark.parametrize(
    "value",
    ["http://x/a b;c,d\"é/", " lead", "@at", "tab\there\x01f", "x=y", "back\\slash", "ünï", ""],
)
def test_any_string_reads_back_as_written(tmp_path, value):
    write_setting(tmp_path, "models/value", value)

    assert read_setting(tmp_path, "models/value") == value


def test_values_are_written_as_qsettings_writes_them(tmp_path):
    # The lines QSettings 6 writes for these strings (checked against it in tests/ui/test_settings_file.py).
    for key, value in {"a": 'http://x/a b;c,d"é/', "b": " lead", "c": "@at", "d": "tab\there\x01f"}.items():
        write_setting(tmp_path, f"models/{key}", value)

    assert (tmp_path / "settings.ini").read_text(encoding="utf-8").splitlines()[1:] == [
        'a="http://x/a b;c,d\\"é/"',
        'b=" lead"',
        "c=@@at",
        "d=tab\\there\\x1\\x66",
    ]


def test_values_written_by_hand_read_as_qsettings_reads_them(tmp_path):
    (tmp_path / "settings.ini").write_text('[models]\na=foo;bar\nb=x\\101y\\x41z\\qw\nd = spaced  \nf="q"r\n')

    values = {key: read_setting(tmp_path, f"models/{key}") for key in "abdf"}

    assert values == {"a": "foo", "b": "xAyAzw", "d": "spaced", "f": "qr"}


def test_a_missing_or_unreadable_file_reads_as_no_setting(tmp_path, caplog):
    assert read_setting(tmp_path, "models/package_index") is None
    (tmp_path / "settings.ini").mkdir()

    assert read_setting(tmp_path, "models/package_index") is None
    assert "Ignoring unreadable settings" in caplog.text


def test_writing_over_something_that_is_not_a_file_is_refused_and_leaves_it(tmp_path):
    (tmp_path / "settings.ini").mkdir()

    with pytest.raises(NotAFile):
        write_setting(tmp_path, "models/package_index", "http://x/")
    assert (tmp_path / "settings.ini").is_dir()
