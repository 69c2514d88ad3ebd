"""Notes' Markdown for show: HTML with raw HTML off, and styled runs for a one-line preview."""

from dataclasses import dataclass
from functools import cache


@cache
def _parser():
    from markdown_it import MarkdownIt  # imported when first needed: starting up stays quick

    # CommonMark with raw HTML off: a note's `<script>` or `<img>` shows as text, never as markup.
    # markdown-it refuses javascript:, vbscript:, file: and data: links (validateLink). Images are
    # off, so a note never makes a page fetch anything: `![a](url)` shows as `!` and a link.
    return MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).enable("strikethrough").disable("image")


def note_html(note: str) -> str:
    """The note's Markdown as an HTML fragment; any HTML the note holds is escaped."""
    return _parser().render(note)


@dataclass(frozen=True)
class Run:
    text: str
    strong: bool = False
    emphasis: bool = False
    code: bool = False


def note_runs(note: str) -> list[Run]:
    """The note's inline text with its emphasis, blocks joined by spaces, markup removed."""
    runs: list[Run] = []
    for token in _parser().parse(note):
        if token.type != "inline":
            if token.type.endswith("_close") and token.block and runs and not runs[-1].text.endswith(" "):
                runs.append(Run(" "))
            continue
        strong = emphasis = 0
        for child in token.children or ():
            if child.type == "strong_open":
                strong += 1
            elif child.type == "strong_close":
                strong -= 1
            elif child.type == "em_open":
                emphasis += 1
            elif child.type == "em_close":
                emphasis -= 1
            elif child.type in ("softbreak", "hardbreak"):
                runs.append(Run(" "))
            elif child.type in ("text", "code_inline") and child.content:
                code = child.type == "code_inline"
                runs.append(Run(child.content, strong > 0, emphasis > 0, code))
    while runs and not runs[-1].text.strip():
        runs.pop()
    return _merged(runs)


def _merged(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if out and (out[-1].strong, out[-1].emphasis, out[-1].code) == (run.strong, run.emphasis, run.code):
            out[-1] = Run(out[-1].text + run.text, run.strong, run.emphasis, run.code)
        else:
            out.append(run)
    return out
