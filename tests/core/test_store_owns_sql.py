"""Every query is the store's: no module outside reader/core/store/ (and the schema) runs SQL."""

import re
from pathlib import Path

import reader

READER = Path(reader.__file__).parent
# A sqlite-utils Database or an sqlite3 connection being used: `.db[...]`, `.db.x`, `.conn`,
# `.execute(`, `.executemany(`, `.query(`, `sqlite3.connect(`.
SQL_USE = re.compile(r"\.db\[|\.db\.\w|\.conn\b|\.execute(many)?\(|\.query\(|sqlite3\.connect\(")
OWNERS = (READER / "core" / "store", READER / "core" / "schema.py")


def _uses_of_sql_outside_the_store() -> list[str]:
    found = []
    for path in sorted(READER.rglob("*.py")):
        if any(path == owner or owner in path.parents for owner in OWNERS):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL_USE.search(line):
                found.append(f"{path.relative_to(READER.parent)}:{number}: {line.strip()}")
    return found


def test_no_module_outside_the_store_runs_sql():
    assert _uses_of_sql_outside_the_store() == []


def test_the_check_sees_sql_where_it_is():
    store_lines = (READER / "core" / "store" / "library.py").read_text(encoding="utf-8")
    assert SQL_USE.search(store_lines)
