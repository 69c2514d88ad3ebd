"""STAND-IN, DELETE AT MERGE: three Store annotation methods, until the annotations branch lands."""

# The annotations branch adds the real `Store.add_annotations`, `annotations_for` and
# `all_annotations` to reader/core/store.py. The export branch codes against those names; its
# tests install these minimal versions, over a private table made on first use, only where
# Store lacks them. Once the real methods are merged, `annotation_methods` installs nothing
# and the tests run against them; then delete this file and its imports.

import json
from collections.abc import Iterable

import pytest

from reader.core.annotations import Annotation
from reader.core.store import Store

TABLE = "standin_annotations"
_FIELDS = tuple(Annotation.__dataclass_fields__)


def _table(store: Store):
    table = store.db[TABLE]
    if not table.exists():
        table.create({name: (int if name in ("block", "start", "end") else str) for name in _FIELDS}, pk="id")
    return table


def _row(annotation: Annotation) -> dict:
    row = {name: getattr(annotation, name) for name in _FIELDS}
    row["tags"] = json.dumps(list(annotation.tags), ensure_ascii=False)
    return row


def _annotation(row: dict) -> Annotation:
    return Annotation(**{**row, "tags": tuple(json.loads(row["tags"]))})


def add_annotations(self: Store, annotations: Iterable[Annotation]) -> list[str]:
    """One transaction; ids already present are skipped; the ids added."""
    table = _table(self)
    added: list[str] = []
    with self.db.atomic():
        present = {row[0] for row in self.db.execute(f"SELECT id FROM {TABLE}")}
        rows = []
        for annotation in annotations:
            if annotation.id not in present:
                present.add(annotation.id)
                rows.append(_row(annotation))
                added.append(annotation.id)
        table.insert_all(rows)
    return added


def annotations_for(self: Store, document_id: str) -> list[Annotation]:
    rows = _table(self).rows_where("document_id = ?", [document_id])
    return sorted(
        (_annotation(row) for row in rows), key=lambda a: (a.block, a.column != "original", a.start, a.end)
    )


def all_annotations(self: Store) -> list[Annotation]:
    return [_annotation(row) for row in _table(self).rows_where(order_by="document_id, block, start")]


STAND_INS = {
    "add_annotations": add_annotations,
    "annotations_for": annotations_for,
    "all_annotations": all_annotations,
}


def install_on(target) -> list[str]:
    """Put the stand-ins on `target` (Store) where it lacks them; the names installed."""
    missing = [name for name in STAND_INS if not hasattr(target, name)]
    for name in missing:
        setattr(target, name, STAND_INS[name])
    return missing


@pytest.fixture
def annotation_methods(monkeypatch):
    """Store with the three annotation methods: the real ones if merged, else the stand-ins."""
    for name, method in STAND_INS.items():
        if not hasattr(Store, name):
            monkeypatch.setattr(Store, name, method, raising=False)
