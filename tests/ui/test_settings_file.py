"""The core's settings and the window's QSettings share settings.ini: each reads what the other wrote."""

from PySide6.QtCore import QSettings

from reader.core.platform.settings import read_setting, write_setting
from reader.core.translate.package_index import index_base, set_index_base

VALUES = {
    "url": "http://mirror.example/argos/",
    "odd": 'http://x/a b;c,d"é/',
    "spaces": " lead and trail ",
    "at": "@at",
    "controls": "tab\there\x01f\n",
    "slash": "back\\slash",
}


def _qsettings(folder) -> QSettings:
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def test_qsettings_reads_what_the_core_wrote(tmp_path):
    for key, value in VALUES.items():
        write_setting(tmp_path, f"models/{key}", value)

    settings = _qsettings(tmp_path)

    assert {key: settings.value(f"models/{key}") for key in VALUES} == VALUES


def test_the_core_reads_what_qsettings_wrote(tmp_path):
    settings = _qsettings(tmp_path)
    for key, value in VALUES.items():
        settings.setValue(f"models/{key}", value)
    settings.setValue("window/geometry", b"\x01\xd9\xd0\xcb")
    settings.sync()

    assert {key: read_setting(tmp_path, f"models/{key}") for key in VALUES} == VALUES


def test_the_windows_settings_and_the_index_address_live_in_one_file(qtbot, make_window, data_dir):
    set_index_base(data_dir, "http://mirror.example/argos")
    window = make_window(data_dir)
    window.settings.setValue("view/pointSize", 15)
    window.settings.sync()

    assert sorted(path.name for path in data_dir.iterdir() if path.name.startswith("settings")) == ["settings.ini"]
    assert index_base(data_dir) == "http://mirror.example/argos/"
    assert _qsettings(data_dir).value("models/package_index") == "http://mirror.example/argos/"
    assert _qsettings(data_dir).value("view/pointSize") == 15
