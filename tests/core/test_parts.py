"""The core's parts import each other only along the arrows of docs/architecture.md, even inside functions."""

import ast
from pathlib import Path

import reader.core

CORE = Path(reader.core.__file__).parent
# part -> the parts it may import. Every part may import errors; any part may be handed a Store.
ARROWS = {
    "platform": set(),
    "text": {"platform", "store"},
    "translate": {"text", "platform", "store"},
    "notes": {"text", "translate", "platform", "store"},
    "words": {"text", "platform", "store"},
    "store": {"text", "translate", "notes", "words", "platform", "schema"},
    "session": {"text", "translate", "notes", "platform"},
    "schema": set(),
}


def _part(module: str) -> str | None:
    names = module.split(".")
    return names[2] if names[:2] == ["reader", "core"] and len(names) > 2 else None


def _imports_against_the_arrows() -> list[str]:
    found = []
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE)
        if relative.parts[0] in ("__init__.py", "errors.py"):
            continue
        source = relative.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            modules += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for module in modules:
                target = _part(module)
                if target not in (None, source, "errors") and target not in ARROWS[source]:
                    found.append(f"{relative}:{node.lineno}: {source} -> {target} ({module})")
    return found


def test_every_import_in_the_core_follows_an_arrow_of_the_map():
    assert _imports_against_the_arrows() == []


def test_every_part_of_the_core_is_on_the_map():
    parts = {path.name.removesuffix(".py") for path in CORE.iterdir() if not path.name.startswith("_")}
    assert parts - {"errors", "__pycache__"} == set(ARROWS)
