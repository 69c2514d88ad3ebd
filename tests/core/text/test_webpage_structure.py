"""What parse_webpage makes of a page's structure: paragraphs, headings, captions, title, chrome."""

import json
import logging

import pytest

from reader.core.text.layout import Draft
from reader.core.text.webpage import parse_webpage

# Long enough for trafilatura to take it for article text, as real paragraphs are.
FIRST = "Pemerintah kota Delhi mengerahkan monyet untuk mengusir monyet lain dari arena pesta olahraga itu."
SECOND = "Beberapa laporan menyebutkan setidaknya sepuluh monyet ditempatkan di luar arena lomba dan pertandingan."
THIRD = "Jumlah monyet di ibukota India mencapai ribuan, sebagian besar berada di kantor pemerintah kota."
FOURTH = "Binatang ini tidak bisa dibunuh karena masyarakat India menganggap mereka suci sejak dahulu kala."


def blogger(body: str, *, head: str = "", title: str = "Kera untuk amankan pesta olahraga", around: str = "") -> str:
    """A Blogger post page (Simple theme's skeleton) with the given post body."""
    post_title = f"<h3 class='post-title entry-title'>{title}</h3>" if title else ""
    return (
        f"<!DOCTYPE html><html><head><title>Catatan Dunia: {title or 'Beranda'}</title>{head}</head><body>"
        "<div class='widget Header'><h1 class='title'><a href='/'>Catatan Dunia</a></h1></div>"
        "<div class='widget Blog'><div class='post-outer'><div class='post hentry'>"
        f"{post_title}<div class='post-body entry-content'>{body}</div>"
        "<div class='post-footer'>Posted by Rahmat at 9:30 AM</div></div>"
        "<div class='comments' id='comments'><h4>1 comment:</h4><p class='comment-content'>"
        "Komentar yang panjang sekali dari pembaca yang setia, terima kasih atas tulisannya yang bagus.</p></div>"
        f"</div></div>{around}</body></html>"
    )


def texts(draft: Draft) -> list[str]:
    return [text for _, text in draft.blocks]


def test_two_or_more_line_breaks_end_a_paragraph_and_one_is_a_line_break():
    body = f"{FIRST}<br /><br />{SECOND}<br />{THIRD}<br /><br /><br />\n<br />{FOURTH}"
    draft = parse_webpage(blogger(body), "x")
    assert draft.blocks == [("paragraph", FIRST), ("paragraph", f"{SECOND} {THIRD}"), ("paragraph", FOURTH)]


def test_line_breaks_with_only_spaces_or_empty_spans_between_them_still_count_as_a_run():
    body = f"<span>{FIRST}<br />  <span> </span>\n<br />{SECOND}</span>"
    assert texts(parse_webpage(blogger(body), "x")) == [FIRST, SECOND]


def test_a_div_per_paragraph_with_empty_divs_between_gives_one_paragraph_each():
    body = f"<div>{FIRST}</div><div><br /></div><div>{SECOND}</div><div><br /></div><div>{THIRD}</div>"
    assert texts(parse_webpage(blogger(body), "x")) == [FIRST, SECOND, THIRD]


def test_paragraphs_divs_line_breaks_and_loose_text_mixed_keep_their_order():
    body = f"<p>{FIRST}</p>{SECOND}<br /><br /><div>{THIRD}<br /><br />{FOURTH}</div>"
    assert texts(parse_webpage(blogger(body), "x")) == [FIRST, SECOND, THIRD, FOURTH]


def test_headings_stay_headings_and_a_bold_line_before_text_is_one():
    body = (
        f"<h2>Monyet besar dikerahkan</h2><p>{FIRST}</p><b>Wabah demam berdarah</b><br /><br />{SECOND}<br /><br />"
        f"Kata <b>pejabat</b> kota: {THIRD}<br /><br /><b>Salam dari Delhi</b>"
    )
    assert parse_webpage(blogger(body), "x").blocks == [
        ("heading", "Monyet besar dikerahkan"),
        ("paragraph", FIRST),
        ("heading", "Wabah demam berdarah"),
        ("paragraph", SECOND),
        ("paragraph", f"Kata pejabat kota: {THIRD}"),
        ("paragraph", "Salam dari Delhi"),  # a bold last line introduces nothing
    ]


@pytest.mark.parametrize(
    "figure",
    [
        "<figure><img src='a.jpg'><figcaption>Monyet di stadion. Foto: AFP</figcaption></figure>",
        "<table class='tr-caption-container'><tr><td><img src='a.jpg'></td></tr>"
        "<tr><td class='tr-caption'>Monyet di stadion.<br />Foto: AFP</td></tr></table>",
        "<div class='wp-caption'><img src='a.jpg'><p class='wp-caption-text'>Monyet di stadion. Foto: AFP</p></div>",
    ],
    ids=["figcaption", "blogger-caption-table", "wordpress-caption"],
)
def test_photo_captions_become_captions(figure):
    draft = parse_webpage(blogger(f"<p>{FIRST}</p>{figure}<p>{SECOND}</p>"), "x")
    assert draft.blocks == [("paragraph", FIRST), ("caption", "Monyet di stadion. Foto: AFP"), ("paragraph", SECOND)]


def test_a_data_table_gives_a_paragraph_per_row():
    table = "<table><tr><th>Kota</th><th>Monyet</th></tr><tr><td>Delhi</td><td>28</td></tr></table>"
    draft = parse_webpage(blogger(f"<p>{FIRST}</p>{table}<p>{SECOND}</p>"), "x")
    assert texts(draft) == [FIRST, "Kota | Monyet", "Delhi | 28", SECOND]


def test_share_related_read_also_and_ads_inside_the_post_body_are_left_out():
    body = (
        f"<p>{FIRST}</p><div class='share-buttons'><a>Facebook</a><a>WhatsApp</a></div>"
        "<p><strong>Baca juga: <a href='/a'>Monyet masuk gedung parlemen</a></strong></p>"
        f"<p>{SECOND}</p><ins class='adsbygoogle'>Iklan</ins><div style='display: none'>Teks tersembunyi</div>"
        f"<b>Baca juga:</b> <a href='/b'>Demam berdarah di Delhi</a><br /><br />{THIRD}"
        "<div class='related-posts'><h3>Artikel terkait</h3><ul><li><a>Kisah lain</a></li></ul></div>"
    )
    assert texts(parse_webpage(blogger(body), "x")) == [FIRST, SECOND, THIRD]


def test_comments_pagers_and_widgets_around_the_post_are_left_out():
    around = (
        "<div class='blog-pager' id='blog-pager'><a>Newer Post</a><a>Older Post</a></div>"
        "<div class='widget PopularPosts'><h3 class='post-title'>Monyet lain</h3>"
        "<p>Cuplikan pos lain yang panjang.</p></div>"
    )
    draft = parse_webpage(blogger(f"<p>{FIRST}</p><p>{SECOND}</p>", around=around), "x")
    assert texts(draft) == [FIRST, SECOND]
    assert draft.title == "Kera untuk amankan pesta olahraga"


def test_inserted_text_is_kept():
    draft = parse_webpage(blogger(f"<p>{FIRST}</p><p><ins>Pembaruan: {SECOND}</ins></p>"), "x")
    assert texts(draft) == [FIRST, f"Pembaruan: {SECOND}"]


# The post's title, in the order Baca looks for it.

def test_the_post_title_element_comes_first():
    head = "<meta property='og:title' content='Judul lain dari og'>"
    assert parse_webpage(blogger(f"<p>{FIRST}</p>", head=head), "x").title == "Kera untuk amankan pesta olahraga"


def test_og_title_without_the_site_name_when_the_post_has_no_title_element():
    head = (
        "<meta property='og:site_name' content='Catatan Dunia'>"
        "<meta property='og:title' content='Monyet di Delhi | Catatan Dunia'>"
    )
    assert parse_webpage(blogger(f"<p>{FIRST}</p>", head=head, title=""), "x").title == "Monyet di Delhi"


def test_json_ld_headline_when_there_is_no_title_element_nor_og_title():
    data = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Catatan Dunia"},
                                                         {"@type": "NewsArticle", "headline": "Monyet di Delhi"}]}
    broken = "<script type='application/ld+json'>{bad</script>"
    head = f"<script type='application/ld+json'>{json.dumps(data)}</script>{broken}"
    assert parse_webpage(blogger(f"<p>{FIRST}</p>", head=head, title=""), "x").title == "Monyet di Delhi"


@pytest.mark.parametrize(
    ("page_title", "head"),
    [
        ("Catatan Dunia: Monyet di Delhi", ""),  # Blogger's classic "Blog: Post", the blog's name from its header
        ("Monyet di Delhi &#8211; Catatan Dunia", "<meta property='og:site_name' content='Catatan Dunia'>"),
        ("Monyet di Delhi | Catatan Dunia", ""),
    ],
)
def test_page_title_without_the_blog_name_comes_last(page_title, head):
    html = blogger(f"<p>{FIRST}</p><p>{SECOND}</p>", head=head, title="").replace(
        "<title>Catatan Dunia: Beranda</title>", f"<title>{page_title}</title>"
    )
    assert parse_webpage(html, "x").title == "Monyet di Delhi"


def test_the_blogs_name_is_never_the_posts_title():
    html = blogger(f"<p>{FIRST}</p><p>{SECOND}</p>", title="").replace(
        "<title>Catatan Dunia: Beranda</title>", "<title>Catatan Dunia</title>"
    )
    assert parse_webpage(html, "monyet-di-delhi").title == "monyet-di-delhi"  # the file's name, not the blog's


def test_the_title_repeated_as_the_first_line_of_the_body_is_dropped():
    title = "Kera untuk amankan pesta olahraga"
    assert texts(parse_webpage(blogger(f"<b>{title}</b><br /><br />{FIRST}"), "x")) == [FIRST]
    assert texts(parse_webpage(blogger(f"<h2>{title}</h2><p>{FIRST}</p>"), "x")) == [FIRST]
    assert texts(parse_webpage(blogger(f"{title}<br />{FIRST}<br /><br />{SECOND}"), "x")) == [FIRST, SECOND]


def test_the_title_later_in_the_body_stays():
    title = "Kera untuk amankan pesta olahraga"
    assert texts(parse_webpage(blogger(f"<p>{FIRST}</p><p>{title}</p>"), "x")) == [FIRST, title]


# trafilatura is the floor.

def test_text_trafilatura_finds_in_the_post_element_and_ours_misses_wins(caplog):
    # Our reader skips a <template>'s words, trafilatura keeps them; its blocks are taken then.
    body = f"<p>{FIRST}</p><p><template>{SECOND}</template></p><p>{THIRD}</p>"
    with caplog.at_level(logging.INFO, logger="reader.core.text.webpage"):
        draft = parse_webpage(blogger(body), "x")
    assert SECOND in " ".join(texts(draft))
    assert "using trafilatura's blocks" in caplog.text


def test_a_post_element_holding_little_of_the_article_gives_way_to_trafilatura():
    # A "post-content" teaser box beside the real article, which has no known class.
    html = (
        "<!DOCTYPE html><html><head><title>Monyet di Delhi</title></head><body>"
        "<div class='post-content'><p>Ringkasan singkat.</p></div>"
        f"<article><h1>Monyet di Delhi</h1><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p><p>{FOURTH}</p></article>"
        "</body></html>"
    )
    assert texts(parse_webpage(html, "x"))[-4:] == [FIRST, SECOND, THIRD, FOURTH]


def test_a_page_listing_several_posts_is_left_to_trafilatura():
    posts = "".join(
        f"<div class='post'><h3 class='post-title'>Pos {n}</h3><div class='post-body'><p>{text}</p></div></div>"
        for n, text in enumerate([FIRST, SECOND, THIRD], 1)
    )
    html = f"<!DOCTYPE html><html><head><title>Catatan Dunia</title></head><body>{posts}</body></html>"
    joined = " ".join(texts(parse_webpage(html, "beranda")))
    assert FIRST in joined and THIRD in joined


# Where the page came from.

def test_the_url_it_was_fetched_from_is_kept_when_the_page_states_none():
    draft = parse_webpage(blogger(f"<p>{FIRST}</p>"), "x", url="https://catatandunia.blogspot.com/2010/09/kera.html")
    assert draft.url == "https://catatandunia.blogspot.com/2010/09/kera.html"


def test_the_pages_own_canonical_url_wins_over_the_fetched_one():
    head = "<link rel='canonical' href='https://catatandunia.blogspot.com/2010/09/kera.html'>"
    fetched = "https://catatandunia.blogspot.com/2010/09/kera.html?m=1"
    draft = parse_webpage(blogger(f"<p>{FIRST}</p>", head=head), "x", url=fetched)
    assert draft.url == "https://catatandunia.blogspot.com/2010/09/kera.html"


def test_a_page_whose_body_element_has_a_chrome_class_still_opens():
    html = (
        "<!DOCTYPE html><html class='share'><head><title>Monyet di Delhi</title></head>"
        f"<body class='tags' style='display: none'><article><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p></article>"
        "</body></html>"
    )
    assert texts(parse_webpage(html, "x")) == [FIRST, SECOND, THIRD]


def test_a_lead_photo_between_a_plain_h1_and_the_post_element_keeps_its_caption():
    html = (
        "<!DOCTYPE html><html><head><title>Monyet di Delhi - Warta</title></head>"
        "<body><article><h1>Monyet di Delhi</h1>"
        "<figure><img src='a.jpg'><figcaption>Monyet di stadion. Foto: AFP</figcaption></figure>"
        f"<div class='article-content'><p>{FIRST}</p><p>{SECOND}</p></div></article></body></html>"
    )
    draft = parse_webpage(html, "x")
    assert draft.blocks == [("caption", "Monyet di stadion. Foto: AFP"), ("paragraph", FIRST), ("paragraph", SECOND)]


def test_an_article_hidden_until_a_script_shows_it_is_kept():
    html = (
        "<!DOCTYPE html><html><head><title>Monyet di Delhi</title></head><body>"
        f"<div id='konten' style='visibility: hidden'><article><h1>Monyet di Delhi</h1><p>{FIRST}</p><p>{SECOND}</p>"
        f"<p>{THIRD}</p><p>{FOURTH}</p></article></div></body></html>"
    )
    assert texts(parse_webpage(html, "x")) == [FIRST, SECOND, THIRD, FOURTH]


def test_an_article_inside_an_element_named_like_chrome_is_still_found():
    html = (
        "<!DOCTYPE html><html><head><title>Monyet di Delhi</title></head><body><div class='main related'>"
        f"<h1>Monyet di Delhi</h1><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p><p>{FOURTH}</p></div></body></html>"
    )
    assert texts(parse_webpage(html, "x")) == [FIRST, SECOND, THIRD, FOURTH]
