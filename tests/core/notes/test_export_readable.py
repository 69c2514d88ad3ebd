"""Exports that read well: notes' Markdown rendered safely, models named, CSV columns by language."""

import csv
import io

import pytest

from reader.core.notes.annotations import ORIGINAL, TRANSLATION
from reader.core.notes.export import collect_notes, export_csv, export_html
from reader.core.translate.reading import identity_memo, model_names
from reader.core.store import Store
from reader.core.translate.translation import model_identity
from tests.support.sample_notes import MODEL, annotated_sample


@pytest.fixture
def store() -> Store:
    return Store.memory()


def _with_note(store, note: str):
    document, annotations = annotated_sample(store)
    first = annotations[0]
    store.update_annotation(first.edited("2026-12-01T00:00:00.000Z", note=note))
    return document, first


def test_html_renders_a_notes_markdown(store):
    _with_note(store, "**Check** the *date*\n\n- one\n- `two`\n\n> quoted")
    page = export_html(collect_notes(store))
    assert "**Check**" not in page
    assert "<strong>Check</strong> the <em>date</em>" in page
    assert "<li>one</li>" in page and "<code>two</code>" in page and "<blockquote>" in page


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    '<img src="http://evil.example/x.png" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![pixel](http://evil.example/track.png)",
    "<a href='http://evil.example'>x</a>",
    '<iframe src="http://evil.example"></iframe>',
])
def test_html_shows_raw_html_in_a_note_as_text_and_loads_nothing(store, hostile):
    _with_note(store, f"Before {hostile} after")
    page = export_html(collect_notes(store))
    notes = page[page.index("<body>"):]
    assert "<script" not in notes and "onerror=" not in notes.replace("onerror=&quot;", "")
    assert "javascript:" not in notes.replace("(javascript:alert(1))", "")
    assert "<img" not in notes and "<a href='http" not in notes
    # An image would load from the network: the page's policy forbids it whatever the note holds.
    assert "default-src 'none'" in page


def test_html_names_the_model_by_its_name_and_version_with_its_hash(store):
    annotated_sample(store)
    named = export_html(collect_notes(store, model_names={MODEL: "Indonesian → English 1.9"}))
    assert f"translated by Indonesian → English 1.9 (model {MODEL})" in named
    unknown = export_html(collect_notes(store))
    assert f"translated by the model {MODEL}" in unknown


def test_a_sha256_identity_is_shown_shortened_after_the_name(store):
    from reader.core.notes.export_html import model_name

    identity = "sha256:" + "0123456789abcdef" * 4
    assert model_name(identity, {identity: "Indonesian → English 1.9"}) == (
        "Indonesian → English 1.9 (model sha256:0123456789ab)"
    )


def test_model_names_maps_each_installed_packages_identity_to_its_label(data_dir, installed_package):
    names = model_names(data_dir)
    identity = model_identity(installed_package, identity_memo(data_dir))
    assert names == {identity: installed_package.label}
    assert installed_package.version in names[identity] and "→" in names[identity]


def test_csv_holds_the_quote_and_its_counterpart_under_their_languages(store):
    _, annotations = annotated_sample(store)
    rows = list(csv.DictReader(io.StringIO(export_csv(collect_notes(store)), newline="")))
    by_id = {(r["Highlight"], r["Location"]): r for r in rows}
    english = [a for a in annotations if a.column == TRANSLATION]
    indonesian = [a for a in annotations if a.column == ORIGINAL]
    assert english and indonesian
    for a in english:
        row = by_id[(a.exact, str(a.block + 1))]
        assert (row["Column"], row["English"], row["Indonesian"]) == ("English", a.exact, a.counterpart)
    for a in indonesian:
        row = by_id[(a.exact, str(a.block + 1))]
        assert (row["Column"], row["Indonesian"], row["English"]) == ("Indonesian", a.exact, a.counterpart)
    assert "Translation" not in rows[0]
