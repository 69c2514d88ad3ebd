"""The Linux launcher: the packaged .desktop and metainfo files, the icons, install and uninstall."""

import logging
import os
import shutil
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from reader import APP_ID
from reader.core.platform import desktop
from reader.core.platform.desktop import (
    default_executable,
    escape_string_value,
    install_desktop_entry,
    quote_exec_argument,
    uninstall_desktop_entry,
    xdg_data_home,
)
from reader.core.errors import DesktopEntryError, ReaderError
from reader.core.platform.resources import ICON_SIZES, icon_files, resources_dir

ROOT = Path(__file__).resolve().parents[3]
PACKAGED_DESKTOP = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
SHIPPED_DESKTOP = ROOT / "resources" / "desktop" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"

DESKTOP_FILE_VALIDATE = shutil.which("desktop-file-validate")
APPSTREAMCLI = shutil.which("appstreamcli")
GIO = shutil.which("gio")
UPDATE_DESKTOP_DATABASE = shutil.which("update-desktop-database")
GTK_UPDATE_ICON_CACHE = shutil.which("gtk-update-icon-cache")
needs_validator = pytest.mark.skipif(
    DESKTOP_FILE_VALIDATE is None,
    reason="desktop-file-validate is not installed (apt-get install desktop-file-utils)",
)
# Every character the Desktop Entry spec reserves in Exec that a folder name can hold, but '%'.
AWKWARD_FOLDER = "Baca's apps $HOME \"q\" `x` \\b #1 (a&b);<c>|~*?"


def _entry(path: Path) -> dict[str, str]:
    """The [Desktop Entry] group of a desktop file, as raw key=value strings."""
    entries, group = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            group = line
        elif group == "[Desktop Entry]" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            entries[key.strip()] = value.strip()
    return entries


def _validate(path: Path) -> str:
    result = subprocess.run([DESKTOP_FILE_VALIDATE, str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    return (result.stdout + result.stderr).strip()


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every folder (None) and file (its bytes) under root."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes() if path.is_file() else None)
        for path in sorted(root.rglob("*"))
    }


def _png_header(path: Path) -> tuple[int, int, int]:
    """Width, height and colour type of a PNG (6 is RGBA)."""
    data = path.read_bytes()[:26]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height, data[25]


def _make_program(folder: Path) -> Path:
    """A stand-in for the `reader` script that writes how it was called to $BACA_TEST_OUT."""
    folder.mkdir(parents=True)
    program = folder / "reader"
    program.write_text('#!/bin/sh\nprintf "%s\\n" "$0" "$@" > "$BACA_TEST_OUT"\n', encoding="utf-8")
    program.chmod(0o755)
    return program


@pytest.fixture
def program(tmp_path) -> Path:
    return _make_program(tmp_path / "Baca apps" / "bin")


@pytest.fixture
def home(tmp_path) -> Path:
    path = tmp_path / "data home"
    path.mkdir()
    return path


# The packaged files


@needs_validator
def test_packaged_desktop_file_passes_desktop_file_validate_without_a_hint():
    assert _validate(PACKAGED_DESKTOP) == ""


def test_desktop_file_shipped_in_the_wheel_is_the_packaged_one():
    assert SHIPPED_DESKTOP.read_bytes() == PACKAGED_DESKTOP.read_bytes(), (
        f"edit {PACKAGED_DESKTOP.relative_to(ROOT)}, then copy it to {SHIPPED_DESKTOP.relative_to(ROOT)}"
    )


def test_desktop_file_offers_baca_to_open_text_html_and_markdown():
    entry = _entry(PACKAGED_DESKTOP)
    assert entry["MimeType"] == "text/plain;text/html;text/markdown;"
    assert entry["Exec"] == "reader %f"
    assert entry["Terminal"] == "false" and entry["Type"] == "Application"
    # Qt's X11 WM_CLASS class is the application name that app.py sets.
    assert entry["StartupWMClass"] == "Baca"


def test_one_app_id_names_the_desktop_file_its_icon_and_the_metainfo():
    assert _entry(PACKAGED_DESKTOP)["Icon"] == APP_ID
    component = ElementTree.parse(METAINFO).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.find("launchable").text == PACKAGED_DESKTOP.name
    assert [element.text for element in component.find("provides").iter("mediatype")] == [
        "text/plain",
        "text/html",
        "text/markdown",
    ]
    assert component.find("releases/release").attrib == {"version": "0.1.0", "date": "2026-11-28"}
    assert (ICONS / f"{APP_ID}.svg").is_file()


@pytest.mark.skipif(APPSTREAMCLI is None, reason="appstreamcli is not installed (apt-get install appstream)")
def test_metainfo_passes_appstreamcli_validate():
    result = subprocess.run(
        [APPSTREAMCLI, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if line.startswith(("E:", "W:"))]
    assert problems == []


def test_icon_ships_as_svg_and_as_a_square_rgba_png_in_every_size():
    assert (ICONS / f"{APP_ID}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert [_png_header(path) for path in icon_files()] == [(size, size, 6) for size in ICON_SIZES]
    assert all(path.is_relative_to(resources_dir()) for path in icon_files())


# Install and uninstall


def test_install_writes_the_launcher_with_an_absolute_quoted_exec_and_the_icons(home, program):
    written = install_desktop_entry(program, data_home=home)

    launcher = home / "applications" / f"{APP_ID}.desktop"
    assert launcher in written
    entry = _entry(launcher)
    assert entry["Exec"] == f'"{program}" %f'
    assert entry["TryExec"] == str(program)
    template = _entry(PACKAGED_DESKTOP)
    for key in ("Name", "Icon", "MimeType", "Categories", "StartupWMClass", "Comment[id]"):
        assert entry[key] == template[key]
    for size, shipped in zip(ICON_SIZES, icon_files()):
        installed = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert installed in written and installed.read_bytes() == shipped.read_bytes()
    svg = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg in written and svg.read_bytes() == (ICONS / f"{APP_ID}.svg").read_bytes()
    assert len(written) == len(ICON_SIZES) + 2
    assert not [path for path in home.rglob("*.tmp")]
    assert oct(launcher.stat().st_mode & 0o777) == oct(0o644)


@needs_validator
def test_installed_launcher_passes_desktop_file_validate_even_with_an_awkward_path(home, tmp_path):
    program = _make_program(tmp_path / AWKWARD_FOLDER)
    install_desktop_entry(program, data_home=home)
    assert _validate(home / "applications" / f"{APP_ID}.desktop") == ""


@pytest.mark.skipif(GIO is None, reason="gio (GLib) is not installed")
@pytest.mark.parametrize("folder", ["Baca apps", AWKWARD_FOLDER])
def test_installed_launcher_starts_the_program_with_the_file_under_glib(home, tmp_path, folder):
    program = _make_program(tmp_path / folder)
    install_desktop_entry(program, data_home=home)
    post = tmp_path / "berita hari ini.md"
    post.write_text("# Judul\n", encoding="utf-8")
    out = tmp_path / "called.txt"

    env = {**os.environ, "BACA_TEST_OUT": str(out)}
    launched = subprocess.run(
        [GIO, "launch", str(home / "applications" / f"{APP_ID}.desktop"), str(post)],
        capture_output=True, text=True, timeout=30, env=env,
    )
    assert launched.returncode == 0, launched.stderr
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (out.exists() and out.read_text().endswith("\n")):
        time.sleep(0.05)
    assert out.read_text(encoding="utf-8").splitlines() == [str(program), str(post)]


@pytest.mark.skipif(
    GIO is None or UPDATE_DESKTOP_DATABASE is None, reason="needs gio and update-desktop-database"
)
def test_file_managers_offer_baca_for_markdown_after_install_not_after_uninstall(home, program, tmp_path):
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(home),
        "XDG_DATA_DIRS": str(tmp_path / "no system folders"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }

    def registered() -> str:
        found = subprocess.run([GIO, "mime", "text/markdown"], capture_output=True, text=True, env=env, timeout=30)
        return found.stdout

    install_desktop_entry(program, data_home=home)
    assert f"{APP_ID}.desktop" in registered()
    uninstall_desktop_entry(data_home=home)
    assert f"{APP_ID}.desktop" not in registered()


def test_uninstall_leaves_an_empty_data_home_empty_and_a_second_uninstall_is_harmless(home, program):
    install_desktop_entry(program, data_home=home)
    removed = uninstall_desktop_entry(data_home=home)
    assert _tree(home) == {}
    assert {path for path in removed if path.suffix != ".cache"} == {
        home / "applications" / f"{APP_ID}.desktop",
        *(home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in ICON_SIZES),
        home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    }
    assert uninstall_desktop_entry(data_home=home) == []
    assert _tree(home) == {}


def test_uninstall_keeps_what_was_there_before_install_even_empty_folders(home, program):
    (home / "applications").mkdir()
    (home / "applications" / "other.desktop").write_text("[Desktop Entry]\nType=Application\nName=O\nExec=o")
    (home / "icons" / "hicolor" / "48x48" / "apps").mkdir(parents=True)  # empty, and not ours
    (home / "icons" / "hicolor" / "64x64" / "apps").mkdir(parents=True)
    (home / "icons" / "hicolor" / "64x64" / "apps" / "other.png").write_bytes(b"not ours")
    before = _tree(home)

    install_desktop_entry(program, data_home=home)
    install_desktop_entry(program, data_home=home)  # twice: the second must not forget what the first made
    uninstall_desktop_entry(data_home=home)

    assert _tree(home) == before


def test_uninstall_keeps_folders_that_other_apps_have_used_since(home, program):
    install_desktop_entry(program, data_home=home)
    theirs = home / "icons" / "hicolor" / "48x48" / "apps" / "org.example.Other.png"
    theirs.write_bytes(b"their icon")
    uninstall_desktop_entry(data_home=home)
    assert _tree(home) == {
        "icons": None,
        "icons/hicolor": None,
        "icons/hicolor/48x48": None,
        "icons/hicolor/48x48/apps": None,
        "icons/hicolor/48x48/apps/org.example.Other.png": b"their icon",
    }


def test_uninstall_removes_nothing_when_nothing_was_installed(tmp_path):
    assert uninstall_desktop_entry(data_home=tmp_path / "missing") == []
    assert not (tmp_path / "missing").exists()


def test_install_defaults_to_xdg_data_home(monkeypatch, home, program):
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    install_desktop_entry(program)
    assert (home / "applications" / f"{APP_ID}.desktop").is_file()
    uninstall_desktop_entry()
    assert _tree(home) == {}


@pytest.mark.parametrize("value", ["", "relative/share"])
def test_xdg_data_home_falls_back_to_local_share_when_unset_or_relative(monkeypatch, tmp_path, value):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", value)
    assert xdg_data_home() == tmp_path / ".local" / "share"


@pytest.mark.skipif(UPDATE_DESKTOP_DATABASE is None, reason="update-desktop-database is not installed")
def test_install_and_uninstall_keep_an_existing_mime_cache_fresh(home, program):
    applications = home / "applications"
    applications.mkdir()
    (applications / "other.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Other\nExec=other %f\nMimeType=text/plain;\n"
    )
    subprocess.run([UPDATE_DESKTOP_DATABASE, str(applications)], check=True, timeout=30)
    install_desktop_entry(program, data_home=home)
    assert f"text/markdown={APP_ID}.desktop;" in (applications / "mimeinfo.cache").read_text()
    uninstall_desktop_entry(data_home=home)
    cache = (applications / "mimeinfo.cache").read_text()
    assert APP_ID not in cache and "text/plain=other.desktop;" in cache


@pytest.mark.skipif(GTK_UPDATE_ICON_CACHE is None, reason="gtk-update-icon-cache is not installed")
def test_install_refreshes_an_existing_icon_cache_and_makes_none(home, program, tmp_path):
    install_desktop_entry(program, data_home=home)
    assert not (home / "icons" / "hicolor" / "icon-theme.cache").exists()

    other = tmp_path / "other home"
    hicolor = other / "icons" / "hicolor"
    (hicolor / "48x48" / "apps").mkdir(parents=True)
    (hicolor / "48x48" / "apps" / "org.example.Other.png").write_bytes(icon_files()[3].read_bytes())
    subprocess.run([GTK_UPDATE_ICON_CACHE, "-q", "-t", str(hicolor)], check=True, timeout=30)
    assert APP_ID.encode() not in (hicolor / "icon-theme.cache").read_bytes()
    install_desktop_entry(program, data_home=other)
    assert APP_ID.encode() in (hicolor / "icon-theme.cache").read_bytes()


# Tools absent, slow or failing


def test_install_and_uninstall_work_with_no_cache_tool_installed(monkeypatch, home, program, tmp_path):
    empty = tmp_path / "empty bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert len(install_desktop_entry(program, data_home=home)) == len(ICON_SIZES) + 2
    assert not (home / "applications" / "mimeinfo.cache").exists()
    uninstall_desktop_entry(data_home=home)
    assert _tree(home) == {}


def test_a_cache_tool_that_hangs_is_stopped_and_one_that_fails_is_logged(
    monkeypatch, home, program, tmp_path, caplog
):
    tools = tmp_path / "tools"
    tools.mkdir()
    sleep = shutil.which("sleep")
    (tools / "update-desktop-database").write_text(f"#!/bin/sh\n{sleep} 60\n")  # its child holds on too
    (tools / "xdg-desktop-menu").write_text("#!/bin/sh\necho 'menu is broken' >&2\nexit 3\n")
    for tool in tools.iterdir():
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    monkeypatch.setattr(desktop, "TOOL_TIMEOUT", 0.5)

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="reader.core.platform.desktop"):
        install_desktop_entry(program, data_home=home)
    assert time.monotonic() - started < 10
    assert (home / "applications" / f"{APP_ID}.desktop").is_file()
    assert "update-desktop-database took longer than 0.5 s" in caplog.text
    assert "xdg-desktop-menu failed (exit 3): menu is broken" in caplog.text


# Refusals


def test_install_reports_a_folder_it_cannot_write_and_leaves_nothing_behind(home, program):
    (home / "applications").write_text("a file where the folder should be")
    before = _tree(home)
    with pytest.raises(DesktopEntryError, match="cannot write .*applications") as caught:
        install_desktop_entry(program, data_home=home)
    assert isinstance(caught.value, ReaderError)
    assert _tree(home) == before


def test_a_failed_install_takes_back_the_folders_and_icons_it_had_made(home, program):
    (home / "icons" / "hicolor").mkdir(parents=True)
    (home / "icons" / "hicolor" / "scalable").write_text("in the way of the SVG's folder")
    before = _tree(home)
    with pytest.raises(DesktopEntryError, match="scalable"):
        install_desktop_entry(program, data_home=home)
    assert _tree(home) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders anyway")
def test_install_reports_a_read_only_data_home(home, program):
    home.chmod(0o555)
    try:
        with pytest.raises(DesktopEntryError, match="Permission denied"):
            install_desktop_entry(program, data_home=home)
    finally:
        home.chmod(0o755)


def test_install_refuses_a_program_that_is_missing_or_cannot_run(home, tmp_path):
    with pytest.raises(DesktopEntryError, match="not a program that can be run"):
        install_desktop_entry(tmp_path / "nowhere" / "reader", data_home=home)
    plain = tmp_path / "reader"
    plain.write_text("not executable")
    plain.chmod(0o644)
    if os.access(plain, os.X_OK):
        pytest.skip("this user can run any file")
    with pytest.raises(DesktopEntryError, match="not a program that can be run"):
        install_desktop_entry(plain, data_home=home)
    assert _tree(home) == {}


def test_install_refuses_a_path_with_a_percent_sign_that_glib_cannot_launch(home, tmp_path):
    program = _make_program(tmp_path / "100% Baca")
    with pytest.raises(DesktopEntryError, match="'%'"):
        install_desktop_entry(program, data_home=home)
    assert _tree(home) == {}


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_install_refuses_on_windows_and_macos(monkeypatch, home, program, platform):
    monkeypatch.setattr(sys, "platform", platform)
    with pytest.raises(DesktopEntryError, match="freedesktop"):
        install_desktop_entry(program, data_home=home)


# Finding the program and quoting it


def test_default_executable_is_the_bundle_when_frozen(monkeypatch, tmp_path):
    bundle = tmp_path / "Baca" / "reader"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle))
    assert default_executable() == bundle


def test_default_executable_is_the_reader_script_beside_python_not_behind_its_link(monkeypatch, tmp_path):
    venv_bin = tmp_path / "venv" / "bin"
    script = _make_program(venv_bin)
    (venv_bin / "python").symlink_to(sys.executable)
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(venv_bin / "python"))
    assert default_executable() == script


@pytest.mark.parametrize(
    ("path", "written"),
    [
        ("/opt/baca/reader", "/opt/baca/reader"),
        ("/home/ani/my apps/reader", '"/home/ani/my apps/reader"'),
        ('/a/"q"/reader', r'"/a/\\"q\\"/reader"'),
        ("/a/$x/reader", r'"/a/\\$x/reader"'),
        ("/a/b\\c/reader", r'"/a/b\\\\c/reader"'),
        ("/a/`x`/reader", r'"/a/\\`x\\`/reader"'),
    ],
)
def test_exec_argument_is_quoted_then_escaped_as_the_desktop_entry_spec_says(path, written):
    assert escape_string_value(quote_exec_argument(path)) == written


def test_desktop_integration_imports_no_qt():
    code = "import sys, reader.core.platform.desktop; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60).returncode == 0
