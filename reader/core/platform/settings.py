"""Baca's one settings file, `settings.ini` in the data folder, read and written without Qt.

The window keeps its settings there through QSettings (INI format); the core's few settings
(the package index's address) live beside them as `group/key`, written the way QSettings writes
a string, so both read the same file. A write changes its own line and leaves every other byte.
"""

import logging
import re
from pathlib import Path

from reader.core.errors import NotAFile
from reader.core.platform.files import open_regular, write_atomically

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.ini"

_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
_ESCAPES.update({'"': '\\"', "\\": "\\\\"})
_UNESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_UNESCAPES.update({'"': '"', "?": "?", "'": "'", "\\": "\\"})


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SETTINGS_FILE


def read_setting(data_dir: Path, key: str) -> str | None:
    """The string kept under `group/key`, or None; an unreadable file is ignored with a warning."""
    group, name = key.split("/")
    lines = _read_lines(settings_path(data_dir))
    found = _find(lines, group, name)
    if found is None or found[1] is None:
        return None
    return _unescaped(lines[found[1]].split("=", 1)[1])


def write_setting(data_dir: Path, key: str, value: str | None) -> None:
    """Keep `value` under `group/key` (None removes it), all or nothing; the rest of the file as it was."""
    group, name = key.split("/")
    path = settings_path(data_dir)
    lines = _read_lines(path, strict=True)
    found = _find(lines, group, name)
    line = f"{name}={_escaped(value)}" if value is not None else None
    if found is None:
        if line is None:
            return
        if lines and lines[-1].strip():
            lines.append("")
        lines += [f"[{group}]", line]
    elif found[1] is not None:
        if line is None:
            del lines[found[1]]
        else:
            lines[found[1]] = line
    elif line is not None:
        end = found[0]  # after the group's last line that is not blank
        while end + 1 < len(lines) and not lines[end + 1].lstrip().startswith("["):
            end += 1
        while end > found[0] and not lines[end].strip():
            end -= 1
        lines.insert(end + 1, line)
    else:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))


def _read_lines(path: Path, strict: bool = False) -> list[str]:
    try:
        with open_regular(path) as file:
            return file.read().decode("utf-8").splitlines()
    except FileNotFoundError:
        return []
    except (OSError, ValueError, NotAFile) as error:
        if strict:
            raise
        log.warning("Ignoring unreadable settings %s: %s", path, error)
        return []


def _find(lines: list[str], group: str, name: str) -> tuple[int, int | None] | None:
    """The line of `[group]` and of `name=` in it (None when the group lacks it); None without the group."""
    header = None
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            if header is not None:
                break
            if stripped[1:-1].strip() == group:
                header = number
        elif header is not None and not stripped.startswith(";") and line.split("=", 1)[0].strip() == name:
            return header, number
    return None if header is None else (header, None)


def _escaped(value: str) -> str:
    """A string as QSettings writes it in an INI file (QSettingsPrivate::iniEscapedString)."""
    out, hex_follows = [], False
    for char in value:
        if hex_follows and char in "0123456789abcdefABCDEF":
            out.append(f"\\x{ord(char):x}")
            continue
        hex_follows = False
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char < " ":
            out.append(f"\\x{ord(char):x}")
            hex_follows = True
        else:
            out.append(char)
    text = "".join(out)
    if value.startswith("@"):
        text = "@" + text  # QSettings reads `@…` as a typed value; `@@` is a plain `@`
    needs_quotes = any(char in value for char in ";,=") or text.startswith(" ") or text.endswith(" ")
    return f'"{text}"' if needs_quotes else text


def _unescaped(raw: str) -> str:
    """A string from an INI value written by QSettings (or by hand): quotes and backslash escapes undone."""
    text, out, quoted, index = raw.strip(), [], False, 0
    while index < len(text):
        char = text[index]
        index += 1
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            out = list("".join(out).rstrip(" \t"))
            break  # the rest of the line is a comment
        elif char == "\\" and index < len(text):
            escape = text[index]
            index += 1
            if escape in "x01234567":
                digits = re.match("[0-9a-fA-F]*" if escape == "x" else "[0-7]*", text[index - (escape != "x") :])
                if digits.group():
                    out.append(chr(int(digits.group(), 16 if escape == "x" else 8)))
                index += len(digits.group()) - (escape != "x")
            elif escape in _UNESCAPES:
                out.append(_UNESCAPES[escape])
            # any other escape is dropped, as QSettings drops it
        else:
            out.append(char)
    value = "".join(out)
    return value[1:] if value.startswith("@@") else value
