"""Text written into Markdown (CommonMark) so that it renders exactly as written: notes and vocabulary exports."""

import re

# Escaped wherever they appear: markup (`\ * _ [ ] < ~`), tags in notes apps (#), tables (|),
# maths in notes apps ($), and `&` where it would start an entity or character reference.
_ALWAYS = re.compile(r"[\\`*_\[\]<#|~$]|&(?=#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]*;)")
_ORDERED = re.compile(r"[0-9]{1,9}(?=[.)])")


def _escape_line(line: str) -> str:
    """One line that shows as written at the start of a paragraph line."""
    core = line.strip()
    if not core:
        return "".join(f"&#{ord(c)};" for c in line)
    lead = line[: len(line) - len(line.lstrip())]
    trail = line[len(line.rstrip()) :]
    # Parsers strip white space at either end of a line, so it goes in as character references;
    # a CR would end the line. (VT, U+001C-U+001F and U+0085 there cannot be kept: stripped when
    # raw, refused as references. Document text never holds them: white space is normalised.)
    body = _ALWAYS.sub(r"\\\g<0>", core).replace("\r", "&#13;")
    if core[0] in ">+-=":  # block quote, list item, thematic break, setext underline
        body = "\\" + body
    elif ordered := _ORDERED.match(core):
        body = body[: ordered.end()] + "\\" + body[ordered.end() :]
    return "".join(f"&#{ord(c)};" for c in lead) + body + "".join(f"&#{ord(c)};" for c in trail)


def escape_markdown_inline(text: str) -> str:
    """Text as CommonMark paragraph lines that render exactly as written, one line per line of text."""
    # A line break stays a line break (a soft break); an empty line becomes `\`, a hard break,
    # since a blank line would end the paragraph; line breaks at the very end, which cannot be
    # either, go in as `&#10;` on the last line.
    body = text.rstrip("\n")
    trailing = "&#10;" * (len(text) - len(body))
    if not body:
        return trailing
    lines = [_escape_line(line) if line else "\\" for line in body.split("\n")]
    lines[-1] += trailing
    return "\n".join(lines)


def escape_markdown_line(text: str) -> str:
    """Text as one CommonMark line (a heading, a label's value) that renders as written."""
    return "&#10;".join(_escape_line(part) for part in text.split("\n"))


def escape_markup(text: str) -> str:
    """Text with every character Markdown could read as markup backslashed (a tag inside a line)."""
    return _ALWAYS.sub(r"\\\g<0>", text)
