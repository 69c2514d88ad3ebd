"""Plain text without page chrome: paragraphs between blank lines, a short first line as title."""

from reader.core.text.layout import Draft, body_blocks, line_groups, looks_like_title, parse_date_line


def parse_plain_text(text: str, fallback_title: str) -> Draft:
    """The post in a plain text file; `fallback_title` when its first line is not a headline."""
    groups = line_groups(text.splitlines())
    title = fallback_title
    date = None
    # A lone line is the text itself, not the title of nothing.
    if len(groups) > 1 and len(groups[0]) == 1 and looks_like_title(groups[0][0]):
        title = groups.pop(0)[0]
        # A dateline under the headline, as news dumps print it.
        if len(groups) > 1 and len(groups[0]) == 1 and (date := parse_date_line(groups[0][0])):
            groups.pop(0)
    return Draft(title=title, date=date, blocks=body_blocks(groups))
