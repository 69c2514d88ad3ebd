"""Words for people: counts with the right plural, names cut at a word."""


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`1 note`, `2 notes`, `0 notes`; `plural` for nouns that do not just take an s."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def cut_at_word(text: str, limit: int) -> str:
    """The text's first words within `limit` characters; a single longer word is cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    return cut if len(cut) <= limit and " " in text[: limit + 1] else text[:limit]
