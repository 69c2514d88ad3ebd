"""Web addresses told apart from file names (without the network code: start-up needs only this)."""


def is_address(text: str) -> bool:
    """Whether a command-line argument is a web address rather than a file name."""
    return text.strip().lower().startswith(("http://", "https://"))
