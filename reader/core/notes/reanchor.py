"""Re-anchoring: find each annotation's quote again when its document or translation changed."""

# See docs/decisions/0006-annotation-storage.md for when and with which status, and
# docs/decisions/0019-reanchoring-evidence.md for how a quote is found (reader.core.notes.relocate).

from collections.abc import Mapping, Sequence
from dataclasses import replace

from reader.core.notes.annotations import ANCHORED, DETACHED, MOVED, Annotation, quote_selectors
from reader.core.notes.columns import ORIGINAL, TRANSLATION, translation_text
from reader.core.notes.relocate import Column, find
from reader.core.platform.clock import utc_now
from reader.core.text.document import Document

__all__ = ["reanchor"]


def reanchor(
    annotations: Sequence[Annotation],
    document: Document,
    translations: Mapping[int, Sequence[str]] | None = None,
    model: str | None = None,
    now: str | None = None,
    recheck: bool = False,
) -> list[Annotation]:
    """The annotations whose anchoring changed in `document` or its translation, for Store.save_anchors."""
    # `recheck` is for an import, whose positions are only hints: every annotation is searched for,
    # even one stored on this content and model, and every one judged is returned, changed or not.
    now = now or utc_now()
    count = len(document.blocks)
    original = Column.of({i: block.text for i, block in enumerate(document.blocks)}, count)
    translated = None
    if translations is not None and model is not None:
        given = {i: translation_text(t) for i, t in translations.items() if 0 <= i < count}
        translated = Column.of(given, count)
    changed = []
    for annotation in annotations:
        if annotation.document_id != document.id:
            raise ValueError(
                f"annotation {annotation.id} belongs to document {annotation.document_id}, not {document.id}"
            )
        # Detached annotations keep the content_id they were last anchored on, so they are searched
        # again even when the text goes back to that version.
        current = not recheck and annotation.content_id == document.content_id and annotation.status != DETACHED
        if annotation.column == ORIGINAL:
            if current:
                continue  # already anchored on this text
            column, current_model = original, None
        elif annotation.column == TRANSLATION:
            if translated is None or (current and annotation.model == model):
                continue
            # Each block is judged once its translation has arrived (or when the block is gone).
            if annotation.block not in translated.texts and annotation.block < count:
                continue
            column, current_model = translated, model
        else:
            raise ValueError(f"unknown column {annotation.column!r}")
        result = _reanchor_one(annotation, column, document.content_id, current_model, now)
        if result is not None and (recheck or result != annotation):
            changed.append(result)
    return changed


def _reanchor_one(
    annotation: Annotation, column: Column, content_id: str, model: str | None, now: str
) -> Annotation | None:
    """The annotation anchored in `column` or detached; None while an untranslated block may hold it."""
    found = find(annotation, column)
    if found is None:
        if not column.complete:
            return None
        # The stored quote, selectors and content_id stay, so a later text can take it back.
        return replace(annotation, status=DETACHED)
    block, start, end = found
    selectors = quote_selectors(column.texts[block], start, end)
    a = annotation
    same = (block, start, end, selectors["exact"]) == (a.block, a.start, a.end, a.exact)
    return replace(
        a,
        content_id=content_id,
        model=model,
        block=block,
        **selectors,
        status=ANCHORED if same else MOVED,
        # `modified` follows what the annotation says: a changed quote, not a new offset.
        modified=now if selectors["exact"] != a.exact else a.modified,
    )
