"""Plain-text dumps of Blogger posts: the post without the page's chrome, English or Indonesian."""

import re

from reader.core.text.layout import Draft, body_blocks, line_groups, normalise_space, parse_date_line

# The page-list widget's heading and its usual entries, printed above the post.
_TOP_CHROME = {"laman", "pages", "beranda", "home", "skip to main content", "langsung ke konten utama"}
# Newer themes print a share menu between the title and the body.
_SHARE_MENU = {
    "share", "bagikan", "get link", "dapatkan link", "facebook", "twitter", "x", "pinterest", "email",
    "whatsapp", "other apps", "aplikasi lainnya",
}

# Lines Blogger prints after the post body; the first one ends the body. Whole lines only,
# so a paragraph that merely mentions "komentar" stays.
_COMMENTS = re.compile(
    r"(?:no|\d+) comments?:?|(?:tidak ada|\d+) komentar:?"
    r"|post a comment|posting komentar|poskan komentar|add comment|tambahkan komentar",
    re.IGNORECASE,
)
_POST_FOOTER = re.compile(
    r"(?:posted|diposting|diposkan|dikirim) (?:by|oleh)\b.*"
    r"|(?:labels?|label|reactions|reaksi|location|lokasi):.*"
    r"|share|bagikan|get link|dapatkan link|email this|blogthis!|kirimkan ini lewat email"
    r"|(?:share to|berbagi ke|bagikan ke) (?:twitter|facebook|pinterest|x)"
    r"|(?:newer post|older post|posting lebih baru|posting lama|entri lebih baru|entri lama)\b.*"
    r"|(?:subscribe to|langganan):.*"
    r"|popular posts from this blog|postingan populer dari blog ini",
    re.IGNORECASE,
)
_AUTHOR = re.compile(
    r"(?:posted|diposting|diposkan|dikirim) (?:by|oleh) (?P<name>.+?)"
    r"(?: (?:at|on|di|pada) .*)?",
    re.IGNORECASE,
)
# The title, date header and page list sit within the first lines of a dump.
_HEAD_LINES = 12


def _is_footer(line: str) -> bool:
    return bool(_COMMENTS.fullmatch(line) or _POST_FOOTER.fullmatch(line))


def _signals(lines: list[str]) -> int:
    """How many kinds of Blogger chrome the lines show."""
    head = lines[:_HEAD_LINES]
    return sum(
        [
            any(line.lower() in ("laman", "pages") for line in head[:5]),
            any(parse_date_line(line) for line in head),
            any(a == b for a, b in zip(head, head[1:])),
            any(_COMMENTS.fullmatch(line) for line in lines),
            any(_POST_FOOTER.fullmatch(line) for line in lines),
        ]
    )


def _title_index(lines: list[str]) -> int:
    """Where the post's title is: the line printed twice, else the first after the date header."""
    head = lines[:_HEAD_LINES]
    for index, (line, following) in enumerate(zip(head, head[1:])):
        if line == following and line.lower() not in _TOP_CHROME:
            return index
    dated = [index for index, line in enumerate(head) if parse_date_line(line)]
    index = dated[0] + 1 if dated else 0
    while index < len(lines) - 1 and lines[index].lower() in _TOP_CHROME:
        index += 1
    return index


def parse_blogger(text: str) -> Draft | None:
    """The post in a Blogger page dump, or None when the text is not one."""
    raw_lines = text.splitlines()
    numbered = [(number, normalise_space(line)) for number, line in enumerate(raw_lines)]
    numbered = [(number, line) for number, line in numbered if line]
    lines = [line for _, line in numbered]
    # Two kinds of chrome, not one: a news text may well end with a line like "Share".
    if len(lines) < 2 or _signals(lines) < 2:
        return None

    title_at = _title_index(lines)
    title = lines[title_at]
    date = next((d for line in lines[:title_at] if (d := parse_date_line(line))), None)
    start = title_at + 1
    while start < len(lines) and lines[start] == title:
        start += 1
    # Some themes print the date under the title instead of above it, and a share menu.
    if start < len(lines) and (below := parse_date_line(lines[start])):
        date = date or below
        start += 1
    while start < len(lines) and lines[start].lower() in _SHARE_MENU:
        start += 1

    end = next((i for i in range(start, len(lines)) if _is_footer(lines[i])), len(lines))
    author = None
    for line in lines[end:]:
        if match := _AUTHOR.fullmatch(line):
            author = match["name"]
            break

    def raw(index: int) -> int:
        return numbered[index][0] if index < len(numbered) else len(raw_lines)

    groups = line_groups(raw_lines[raw(start) : raw(end)])
    return Draft(title=title, date=date, author=author, blocks=body_blocks(groups))
