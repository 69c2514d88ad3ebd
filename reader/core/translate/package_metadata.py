"""What a package's metadata may say: codes, names and versions, checked wherever they come from."""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.core.errors import BadPackage

LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}

# Codes end up in file and folder names (`downloads/<code>-XXXX.part`), so they hold no
# separators: letters, digits, `_`, `-` and `.`, starting with a letter or digit (never `..`).
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
# Versions are short: `1.9`, `1.0.2`, `2.0-beta`. A 5,000-digit "version" is refused.
VERSION_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.+-]{0,31}")
MAX_NAME_CHARS = 64
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def valid_code(value) -> str | None:
    """A package or language code as given, or None when it is not one."""
    return value if isinstance(value, str) and CODE_PATTERN.fullmatch(value) else None


def valid_version(value) -> str | None:
    """A version as text (`1.9`; a JSON number such as 2 becomes `2`), or None when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # JSON itself refuses integers of more than 4,300 digits
    return value if isinstance(value, str) and VERSION_PATTERN.fullmatch(value) else None


def valid_name(value) -> str | None:
    """A language's display name (`Chinese (traditional)`): one short line of text, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > MAX_NAME_CHARS or _CONTROL.search(value):
        return None
    return value


def version_key(version: str) -> tuple:
    """Compare versions by their numbers (1.10 after 1.9), then as text; never fails.

    Numbers are compared by their digits (length, then text), not through `int`: Python refuses
    to convert more than 4,300 digits, and one such version must not break every listing.
    """
    numbers = tuple((len(digits), digits) for digits in (n.lstrip("0") for n in re.findall(r"\d+", version)))
    return numbers, version


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def check_metadata(metadata, bad: Callable[[str], BadPackage]) -> None:
    """A translation package's metadata: both language codes, a sane version, sane names."""
    if not isinstance(metadata, dict):
        raise bad("metadata.json is not a JSON object")
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not isinstance(value, str) or not value.strip():
            raise bad(f"metadata.json does not name `{key}`")
        if valid_code(value) is None:
            raise bad(f"its `{key}` {_shown(value)} is not a language code (letters, digits, `_`, `-`, `.`)")
    if metadata.get("type", "translate") != "translate":
        raise bad(f"it is a {_shown(metadata['type'])} package, not a translation package")
    version = metadata.get("package_version")
    if version is not None and valid_version(version) is None:
        raise bad(
            f"its `package_version` {_shown(version)} is not a version (up to 32 letters, digits, "
            "`.`, `_`, `+` or `-`, such as 1.9)"
        )
    code = metadata.get("code")
    if code is not None and valid_code(code) is None:
        raise bad(f"its `code` {_shown(code)} is not a package code (letters, digits, `_`, `-`, `.`)")
    for key in ("from_name", "to_name"):
        if metadata.get(key) is not None and valid_name(metadata[key]) is None:
            raise bad(
                f"its `{key}` {_shown(metadata[key])} is not a language name "
                f"(one line, up to {MAX_NAME_CHARS} characters)"
            )


def _shown(value) -> str:
    """A value for a message, cut short: a bad value may be 5,000 characters long."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}…"
