"""A saved page's post title, never the blog's or site's name when the post has its own."""

import json

from reader.core.text.layout import normalise_space
from reader.core.text.page_blocks import text_of

# Classes of a post's title: Blogger and WordPress classic (post-title, entry-title), block themes.
_TITLE_CLASSES = ("post-title", "entry-title", "wp-block-post-title", "article-title", "detail__title", "read__title")
# Where themes print the blog's name: Blogger's Header widget, WordPress's site title.
_SITE_NAME_XPATH = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' Header ')]//h1"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' header-widget ')]//h1"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' site-title ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-block-site-title ')]"
)
_SEPARATORS = (": ", " - ", " | ", " – ", " — ", " » ", " :: ", " · ")
_ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "Report", "WebPage", "ReportageNewsArticle"}


def _meta(tree, key: str) -> str:
    for element in tree.xpath(f"//meta[@property='{key}' or @name='{key}']"):
        if text := normalise_space(element.get("content") or ""):
            return text
    return ""


def _json_ld(tree) -> list[dict]:
    """Every object in the page's JSON-LD scripts, @graph members included; bad JSON is skipped."""
    objects: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # a broken script says nothing about the title
        pending = data if isinstance(data, list) else [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    pending += item["@graph"]
            elif isinstance(item, list):
                pending += item
    return objects


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    return set(kind) if isinstance(kind, list) else {kind}


def site_name(tree) -> str:
    """The blog's or site's name as the page states it, or ''."""
    if name := _meta(tree, "og:site_name"):
        return name
    for item in _json_ld(tree):
        if _types(item) & {"WebSite", "Blog", "Organization"} and isinstance(item.get("name"), str):
            return normalise_space(item["name"])
    for element in tree.xpath(_SITE_NAME_XPATH):
        if name := text_of(element):
            return name
    return ""


def without_site_name(title: str, site: str) -> str:
    """The title without a leading "Blog: " or a trailing " - Site" naming the site."""
    if not site:
        return title
    folded, site_folded = title.casefold(), site.casefold()
    for separator in _SEPARATORS:
        if folded.startswith(site_folded + separator.rstrip()) and len(title) > len(site) + 1:
            return title[len(site) + len(separator.rstrip()) :].strip()
        if folded.endswith(separator.lstrip() + site_folded) and len(title) > len(site) + 1:
            return title[: len(title) - len(site) - len(separator.lstrip())].strip()
    return title


def title_element(tree, body):
    """The post's title element: the nearest one above its body, or the page's only one."""
    xpath = " | ".join(
        f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]" for name in _TITLE_CLASSES
    ) + " | .//*[@itemprop='headline']"
    if body is not None:
        for ancestor in body.iterancestors():
            found = [e for e in ancestor.xpath(xpath) if body not in e.iterancestors() and text_of(e)]
            if found:
                return found[0]
        return None
    found = [e for e in tree.xpath(xpath) if text_of(e)]
    return found[0] if len({text_of(e) for e in found}) == 1 else None


def _headline(tree) -> str:
    for item in _json_ld(tree):
        if _types(item) & _ARTICLE_TYPES and isinstance(item.get("headline"), str):
            return normalise_space(item["headline"])
    return ""


def post_title(tree, title, site: str, extracted: str) -> str:
    """The post's own title: its title element, og:title, JSON-LD headline, <title>, trafilatura's."""
    candidates = [
        text_of(title) if title is not None else "",
        _meta(tree, "og:title"),
        _headline(tree),
        text_of(tree.find(".//title")) if tree.find(".//title") is not None else "",
        extracted,
    ]
    for candidate in candidates:
        candidate = without_site_name(normalise_space(candidate), site)
        if candidate and candidate.casefold() != site.casefold():
            return candidate
    return ""
