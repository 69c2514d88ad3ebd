"""Where a saved page keeps its post, and the chrome around and inside it: comments, share, related, pagers."""

import re
from itertools import islice

from reader.core.text.page_blocks import classes, is_caption_element, text_of

# Classes of the element holding a post's text, most specific first: Blogger, schema.org,
# WordPress (classic and block themes), then the names news sites use.
_BODY_CLASSES = (
    "post-body", "entry-content", "wp-block-post-content", "post-content", "article-content",
    "article-body", "article__body", "detail__body-text", "read__content", "detail-text", "story-body",
)
# Classes and ids of chrome: left out wherever they are, unless they hold the post.
_CHROME = {
    # comments and their forms
    "comments", "comment-list", "commentlist", "comments-area", "comment-form", "comment-respond",
    "respond", "comments-content", "comment-thread", "wp-block-comments", "disqus_thread", "comment-footer",
    # share buttons
    "share", "sharing", "share-buttons", "post-share-buttons", "sharedaddy", "social-share", "share-box",
    "a2a_kit", "addtoany_share_save_container", "sharethis", "byline-share",
    # related and popular posts, "read also" boxes
    "related", "related-posts", "relatedposts", "jp-relatedposts", "yarpp-related", "popularposts",
    "popular-posts", "baca-juga", "bacajuga", "lihatjg", "linksisip", "berita-terkait", "related-article",
    # pagers and post navigation
    "blog-pager", "post-navigation", "nav-links", "pagination", "wp-block-post-navigation-link",
    "wp-block-query-pagination", "nav-previous", "nav-next", "paging", "read__paging",
    # labels, tags and feed links under a post, advertisements
    "post-footer", "post-labels", "tags", "post-tags", "tag-links", "post-feeds", "ads", "advertisement",
    "adsbygoogle", "parallaxindetail", "iklan",
}
# Around a post only: widgets and sidebars are left out when the post's own element is known.
_AROUND = {"widget", "sidebar", "navbar", "site-header", "site-footer", "header-widget"}
_HIDDEN_MAX_WORDS = 50
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# "Baca juga: <another story>", the links news sites put between paragraphs.
_READ_ALSO = re.compile(r"(?:baca|simak|lihat) juga|read also|also read|read more|baca selengkapnya", re.IGNORECASE)
_READ_ALSO_MAX_WORDS = 30
_READ_ALSO_TAGS = {"p", "div", "table", "li", "strong", "b"}
_READ_ALSO_STOP = {"body", "article", "main", "section"}
# XPath expressions as text, evaluated with the tree's own .xpath(): importing lxml is left to the
# parse, so that opening a Markdown or text post does not load it.
_READ_ALSO_TEXT = (
    r"//text()[re:test(., '^\s*((baca|simak|lihat) juga|read also|also read|read more|baca selengkapnya)', 'i')]"
)
_EXSLT = {"re": "http://exslt.org/regular-expressions"}
# Only elements with a class, id, style or hidden attribute can be chrome by their names or looks.
_MARKED = "//*[@class or @id or @style or @hidden]"


def _names(element) -> set[str]:
    return classes(element) | {(element.get("id") or "").lower()}


def _candidates(tree, name: str) -> list:
    xpath = f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    return [e for e in tree.xpath(xpath) if name in classes(e)]


def _outermost(elements: list) -> list:
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def _in_chrome(element) -> bool:
    return any(_names(a) & _CHROME for a in element.iterancestors())


def find_post_body(tree):
    """The one element holding the post's text, or None when the page has none or several."""
    for name in _BODY_CLASSES:
        found = _outermost([e for e in _candidates(tree, name) if not _in_chrome(e)])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None  # a page listing several posts: left to trafilatura
    found = _outermost(tree.xpath("//*[contains(concat(' ', @itemprop, ' '), ' articleBody ')]"))
    return found[0] if len(found) == 1 else None


def _is_read_also(element) -> bool:
    return bool(_READ_ALSO.match(text_of(element))) and len(text_of(element).split()) <= _READ_ALSO_MAX_WORDS


def _read_also(tree) -> list:
    """Elements that are a "Baca juga: <other story>" link and nothing else."""
    found = []
    for text in tree.xpath(_READ_ALSO_TEXT, namespaces=_EXSLT):
        element = text.getparent()
        if text.is_tail:
            element = element.getparent()  # the text follows a child: it belongs to the child's parent
        for candidate in [element, *element.iterancestors()]:
            if candidate.tag in _READ_ALSO_TAGS and _is_read_also(candidate):
                found.append(candidate)
                break
            if candidate.tag in _READ_ALSO_STOP:
                break
    return found


def strip_chrome(tree, body) -> None:
    """Remove chrome from the tree in place; never the post's element or what holds it."""
    keep = {*tree.iter("html", "body")} | (set() if body is None else {body, *body.iterancestors()})
    around = _CHROME if body is None else _CHROME | _AROUND
    doomed = [
        element
        for element in tree.xpath(_MARKED)
        if element not in keep
        and (
            _names(element) & around
            or (
                (element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or ""))
                # Some sites hide the whole article until a script shows it: that is not chrome.
                and len(text_of(element).split()) <= _HIDDEN_MAX_WORDS
            )
        )
    ]
    for element in _read_also(tree):
        if element not in keep:
            doomed.append(element)
            following = element.getnext()
            if element.tag in {"strong", "b"} and following is not None and following.tag == "a":
                if not (element.tail or "").strip():
                    doomed.append(following)  # "<b>Baca juga:</b> <a>the other story</a>"
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue
        # The tail is the text after the element, not part of it.
        previous = element.getprevious()
        if element.tail and previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        elif element.tail:
            parent.text = (parent.text or "") + element.tail
        parent.remove(element)


def _heading_above(body):
    """The last <h1> before the post's element, near it: the title when no class names one."""
    for ancestor in islice(body.iterancestors(), 3):
        last = None
        for element in ancestor.iter():
            if element is body:
                break
            if element.tag == "h1":
                last = element
        if last is not None:
            return last
    return None


def lead_captions(title, body) -> list[str]:
    """Captions between the post's title and its body (a news site's lead photo)."""
    if body is None:
        return []
    title = _heading_above(body) if title is None else title
    if title is None:
        return []
    holding_body = set(body.iterancestors())
    common = next((a for a in title.iterancestors() if a in holding_body), None)
    if common is None:
        return []
    captions, started, inside = [], False, set()
    for element in common.iter():
        if element is title:
            started = True
        elif element is body:
            break
        elif started and element not in inside and is_caption_element(element) and (text := text_of(element)):
            captions.append(text)
            inside.update(element.iter())
    return captions


def expose_captions(tree) -> set[str]:
    """Put each photo's caption in a plain paragraph trafilatura keeps; return the captions' keys."""
    keys = set()
    for figure in tree.xpath("//figure | //table"):
        if figure.getparent() is None or not any(is_caption_element(e) for e in figure.iter()):
            continue
        text = " ".join(text_of(e) for e in figure.iter() if is_caption_element(e)).strip()
        if not text:
            continue
        # Only the caption goes in: trafilatura drops a paragraph nested beside an image, or
        # under a class that says "caption".
        paragraph = figure.makeelement("p")
        paragraph.text, paragraph.tail = text, figure.tail
        figure.getparent().replace(figure, paragraph)
        keys.add("".join(text.split()))
    return keys
