"""Checking a notes file's annotations: each read into an `Incoming`, or refused with its problems named."""

# The rules are in docs/decisions/0007-notes-export.md ("Import"): what is accepted, how ids and
# times are normalised, and what is refused.

import datetime
import json
import uuid
from dataclasses import dataclass

from reader.core.notes.annotations import COLORS, COLUMNS, ORIGINAL, TRANSLATION, normalize_tags
from reader.core.notes.notes_json import DOCUMENTS_KEY, Outline, StreamedList
from reader.core.platform.clock import utc_now
from reader.core.text.wording import counted

# Positions count code points in a column's text: far below this for any post Baca opens (20 MB),
# and far below SQLite's 64-bit integers.
MAX_POSITION = 2**31 - 1
_DEFAULT_COLOR = "yellow"


@dataclass(frozen=True)
class Incoming:
    """One annotation as read from the file, checked but not yet matched to a document."""

    number: int  # 1-based, in file order, for messages
    id: str
    exact: str
    prefix: str
    suffix: str
    start: int | None  # TextPositionSelector: in the column's whole text
    end: int | None
    note: str
    tags: tuple[str, ...]
    counterpart: str
    color: str
    created: str
    modified: str
    source: str | None  # target.source
    document: dict  # Baca's "baca:document" on the target, {} from other tools
    column: str
    model: str | None
    block: int | None
    block_offset: int | None


def _types(value: dict) -> list:
    kind = value.get("type", value.get("@type"))
    return kind if isinstance(kind, list) else [kind]


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def check_annotation_item(number: int, item, problems: list[str]) -> Incoming | None:
    """One annotation read and checked; its problems are added to `problems`."""
    where = f"annotation {number}"
    found: list[str] = []
    if not isinstance(item, dict):
        problems.append(f"{where} is not an object")
        return None
    if "Annotation" not in _types(item):
        found.append(f"{where}: its type is {item.get('type')!r}, not Annotation")
    targets = [t for t in _as_list(item.get("target")) if isinstance(t, dict)]
    if not _as_list(item.get("target")):
        problems.append(f"{where} has no target")
        return None
    target, quote, position = None, None, None
    for candidate in targets:
        selectors = [s for s in _as_list(candidate.get("selector")) if isinstance(s, dict)]
        quotes = [s for s in selectors if "TextQuoteSelector" in _types(s)]
        if quotes:
            target, quote = candidate, quotes[0]
            position = next((s for s in selectors if "TextPositionSelector" in _types(s)), None)
            break
    if target is None:
        problems.append(f"{where}: target has no TextQuoteSelector")
        return None
    exact = quote.get("exact")
    if not isinstance(exact, str) or not exact.strip():
        found.append(f"{where}: its TextQuoteSelector has no exact text")
    prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        found.append(f"{where}: its TextQuoteSelector's prefix and suffix must be text")
    start = end = None
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not (_is_count(start) and _is_count(end) and start <= end):
            found.append(f"{where}: its TextPositionSelector needs whole numbers start <= end")
        elif end > MAX_POSITION:
            found.append(f"{where}: its TextPositionSelector's end {end} is too large (at most {MAX_POSITION})")
    source = target.get("source")
    if source is not None and not isinstance(source, str):
        found.append(f"{where}: its target's source is not text")

    baca = target.get("baca:document", {})
    if not isinstance(baca, dict):
        found.append(f"{where}: baca:document is not an object")
        baca = {}
    column = baca.get("column", ORIGINAL)
    model = baca.get("model")
    block, block_offset = baca.get("block"), baca.get("block_offset")
    if column not in COLUMNS:
        found.append(f"{where}: column {column!r} is neither {' nor '.join(COLUMNS)}")
    elif column == TRANSLATION and not (isinstance(model, str) and model):
        found.append(f"{where}: a highlight in the translation needs the model that made it")
    for key, value in (("block", block), ("block_offset", block_offset)):
        if value is None:
            continue
        if not _is_count(value):
            what = "a paragraph number" if key == "block" else "a whole number"
            found.append(f"{where}: {key} {value!r} is not {what}")
        elif value > MAX_POSITION:
            found.append(f"{where}: {key} {value} is too large (at most {MAX_POSITION})")
    for key in ("id", "content_id", "title", "source"):
        if baca.get(key) is not None and not isinstance(baca[key], str):
            found.append(f"{where}: baca:document {key} is not text")
    color = item.get("baca:color", _DEFAULT_COLOR)
    if color not in COLORS:
        found.append(f"{where}: colour {color!r} is not one of {', '.join(COLORS)}")

    notes, tags, counterpart = _bodies(item, where, found)

    id = _identity(item, where, found)
    created, modified = item.get("created"), item.get("modified")
    created = _time(created, f"{where}: created", found) if created is not None else None
    modified = _time(modified, f"{where}: modified", found) if modified is not None else None
    if found:
        problems.extend(found)
        return None
    # A missing modified is created; a missing created is the earliest time known, else now.
    created = created or modified or utc_now()
    return Incoming(
        number=number,
        id=id,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        note="\n\n".join(notes),
        tags=normalize_tags(tags),
        counterpart=counterpart,
        color=color,
        created=created,
        modified=modified or created,
        source=source,
        document=baca,
        column=column,
        model=model if column == TRANSLATION else None,
        block=block,
        block_offset=block_offset,
    )


def _bodies(item: dict, where: str, found: list[str]) -> tuple[list[str], list[str], str]:
    """The notes, tags and counterpart in an annotation's bodies."""
    notes, tags, counterpart = [], [], ""
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            notes.append(body)  # a link to the body: kept as the note's text
            continue
        if not isinstance(body, dict):
            found.append(f"{where}: a body is neither an object nor a link")
            continue
        value = body.get("value")
        if not isinstance(value, str):
            if "TextualBody" in _types(body):
                found.append(f"{where}: a TextualBody has no text value")
            elif isinstance(body.get("id"), str):
                notes.append(body["id"])
            continue
        if body.get("baca:role") == "counterpart":
            counterpart = value
        elif "tagging" in _as_list(body.get("purpose")):
            tags.append(value)
        else:
            notes.append(value)
    return notes, tags, counterpart


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _identity(item: dict, where: str, found: list[str]) -> str:
    """The annotation's UUID: its own urn:uuid, else one derived from its id or its content."""
    # Derived ids are stable, so importing the same file twice still adds nothing.
    value = item.get("id", item.get("@id"))
    if value is None:
        # Numbers with a fraction come as Decimal; as floats they give the ids json.loads gave.
        canonical = json.dumps(item, sort_keys=True, ensure_ascii=False, default=float)
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "baca:import:" + canonical))
    if not isinstance(value, str) or not value:
        found.append(f"{where}: its id is not text")
        return ""
    if value.lower().startswith("urn:uuid:"):
        try:
            return str(uuid.UUID(value[9:]))
        except ValueError:
            found.append(f"{where}: its id {value!r} is not a valid urn:uuid")
            return ""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, value))


def _time(value, what: str, found: list[str]) -> str | None:
    """A W3C date-time as Baca stores it: UTC, to the millisecond, with Z; kept as is if it already is."""
    if not isinstance(value, str):
        found.append(f"{what} is not text")
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        found.append(f"{what} {value!r} is not an ISO 8601 date and time")
        return None
    if moment.tzinfo is None:
        found.append(f"{what} {value!r} has no time zone")
        return None
    try:
        moment = moment.astimezone(datetime.timezone.utc)
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        found.append(f"{what} {value!r} is out of range: in UTC it falls outside the years 1 to 9999")
        return None
    # Not strftime: its %Y drops the leading zeros of years before 1000 on some platforms.
    stored = f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"
    # Baca's own times, and any already in its form, come back exactly as they were written.
    return value if value == stored else stored


def check_outline(outline: Outline, count: int, problems: list[str]) -> list:
    """Check the file's shape; the annotation the file is, if it is a single one (else [])."""
    data = outline.value
    if isinstance(data, StreamedList):  # a list of annotations
        return []
    if not isinstance(data, dict):
        problems.append("it holds neither annotations nor a collection of them")
        return []
    kinds = _types(data)
    if "Annotation" in kinds and not outline.annotation_lists:
        return [data]
    if "AnnotationPage" in kinds:
        _check_pages(data, "", outline, problems)
    elif "AnnotationCollection" in kinds:
        first, total = data.get("first"), data.get("total")
        if isinstance(first, dict):
            _check_pages(first, "first.", outline, problems)
        elif first is not None:
            problems.append(
                f"the collection's pages are not in the file (its first page is a link: {str(first)[:80]!r})"
            )
        elif outline.annotation_lists:
            problems.append("it is not W3C annotations: its items are not in a page")
        if isinstance(total, int) and not isinstance(total, bool) and total != count and not problems:
            problems.append(f"the collection says it holds {counted(total, 'annotation')}, but the file has {count}")
    else:
        problems.append(
            "it is not W3C annotations: expected an Annotation, a list of them, an AnnotationPage "
            f"or an AnnotationCollection, found type {data.get('type')!r}"
        )
    if DOCUMENTS_KEY in data and not isinstance(data[DOCUMENTS_KEY], StreamedList):
        problems.append(f"its {DOCUMENTS_KEY} is not a list")
    return []


def _check_pages(page: dict, prefix: str, outline: Outline, problems: list[str]) -> None:
    """A page and those embedded after it: each with its list of items, the lists all where pages put them."""
    expected = []
    while isinstance(page, dict):
        if not isinstance(page.get("items"), StreamedList):
            problems.append("an AnnotationPage has no list of items")
            return
        expected.append(prefix + "items")
        page, prefix = page.get("next"), prefix + "next."
        if page is not None and not isinstance(page, dict):
            problems.append(f"the collection's next page is not in the file (it is a link: {str(page)[:80]!r})")
            return
    if sorted(outline.annotation_lists) != sorted(expected):
        problems.append("it is not W3C annotations: it holds items outside its pages")
