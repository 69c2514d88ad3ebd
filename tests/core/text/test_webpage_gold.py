"""Saved pages of Blogger's templates, WordPress themes and a news site against their gold blocks."""

import datetime
import json
from pathlib import Path

import pytest
import trafilatura

from reader.core.text.document import Document, load_document
from reader.core.text.sentences import split_sentences

PAGES = Path(__file__).parents[2] / "data" / "pages"
GOLD = sorted(PAGES.glob("*.gold.json"))


def key(text: str) -> str:
    return "".join(text.split()).casefold()


@pytest.fixture(scope="module", params=GOLD, ids=lambda path: path.name.removesuffix(".gold.json"))
def page(request) -> tuple[dict, Document, str]:
    gold = json.loads(request.param.read_text("utf-8"))
    html_path = request.param.with_name(request.param.name.replace(".gold.json", ".html"))
    return gold, load_document(html_path), html_path.read_text("utf-8")


def test_every_template_has_a_gold_page():
    names = {path.name.removesuffix(".gold.json") for path in GOLD}
    for template in ("simple", "contempo", "soho", "emporio", "notable", "essential"):
        assert any(name.startswith(f"blogger_{template}") for name in names), template
    assert {"wordpress_classic", "wordpress_block", "news_id"} <= names
    assert any(name.endswith("_en") for name in names) and any(name.endswith("_id") for name in names)


def test_page_gives_the_gold_blocks(page):
    gold, document, _ = page
    assert [[block.kind, block.text] for block in document.blocks] == gold["blocks"]


def test_page_gives_the_posts_own_title_date_author_and_url(page):
    gold, document, _ = page
    assert document.title == gold["title"]
    assert document.date == (datetime.date.fromisoformat(gold["date"]) if gold["date"] else None)
    assert document.author == gold["author"]
    assert document.url == gold["url"]


def test_page_leaves_out_navigation_comments_share_related_and_pagers(page):
    gold, document, _ = page
    for block in document.blocks:
        for phrase in gold["left_out"]:
            assert phrase not in block.text, (phrase, block.text)


def test_page_keeps_every_body_sentence_trafilatura_keeps(page):
    gold, document, html = page
    alone = trafilatura.extract(html, favor_precision=True, include_comments=False, include_tables=True) or ""
    gold_text = key(" ".join(text for _, text in gold["blocks"]))
    ours = key(" ".join(block.text for block in document.blocks))
    body = [s.text for line in alone.splitlines() for s in split_sentences(line) if key(s.text) in gold_text]
    assert body, "trafilatura alone finds some of the post"
    assert [sentence for sentence in body if key(sentence) not in ours] == []
    assert sum(len(block.sentences) for block in document.blocks) >= len(body)
