"""The reader's corrections of the machine translation, sentence by sentence, kept beside the cache.

A sentence's state is `machine` (no correction), `edited` (the reader's own text is shown),
`checked` (the reader confirmed the text shown, edited or not) or `review` (the machine text
under the reader's work changed, with another model: the work is kept and waits for a look).
The translation cache is never changed; see docs/decisions/0023-corrections.md.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from reader.core.errors import EmptyCorrection
from reader.core.text.document import Document

MACHINE = "machine"
EDITED = "edited"
CHECKED = "checked"
REVIEW = "review"
STATES = (MACHINE, EDITED, CHECKED, REVIEW)
STORED_STATES = (EDITED, CHECKED, REVIEW)

Key = tuple[int, int]  # (block, sentence)


@dataclass(frozen=True)
class Correction:
    """The reader's work on one sentence's translation."""

    document_id: str
    block: int
    sentence: int
    source: str  # the sentence in the original
    machine: str  # the machine translation the reader worked on
    edited: str | None  # the reader's text; None when the machine's was only checked
    state: str  # one of STORED_STATES
    model: str | None  # the model that made `machine`
    created: str
    modified: str

    @property
    def key(self) -> Key:
        return self.block, self.sentence

    def shown(self, machine: str | None) -> str | None:
        """The text shown over today's machine translation `machine`."""
        return self.edited if self.edited is not None else machine


def clean_text(text: str) -> str:
    """An edit as one line: white space (line breaks too) made single spaces, none at either end."""
    return re.sub(r"\s+", " ", text).strip()


def edit(
    current: Correction | None,
    document_id: str,
    key: Key,
    source: str,
    machine: str,
    model: str | None,
    text: str,
    now: str,
) -> Correction | None:
    """The correction after the reader typed `text` over the sentence; None when it is the machine's again."""
    text = clean_text(text)
    if not text:
        raise EmptyCorrection(
            "A translation cannot be empty: the edit was not saved. Press Esc to keep the text as it was."
        )
    checked = current is not None and current.state == CHECKED
    edited = None if text == machine else text
    if edited is None and not checked:
        return None
    state = CHECKED if checked else EDITED
    created = current.created if current is not None else now
    block, sentence = key
    return Correction(document_id, block, sentence, source, machine, edited, state, model, created, now)


def toggle_checked(
    current: Correction | None, document_id: str, key: Key, source: str, machine: str, model: str | None, now: str
) -> Correction | None:
    """Mark the sentence checked, or a checked one unchecked (back to edited, or to the machine's)."""
    if current is not None and current.state == CHECKED:
        if current.edited is None:
            return None
        return replace(current, state=EDITED, modified=now)
    block, sentence = key
    if current is None:
        return Correction(document_id, block, sentence, source, machine, None, CHECKED, model, now, now)
    # Checking a sentence under review takes today's machine text as the one the work is on.
    return replace(current, machine=machine, model=model, state=CHECKED, modified=now)


def under_new_machine(correction: Correction, machine: str, now: str) -> Correction:
    """The correction once the sentence's machine translation is `machine`: to review if it changed."""
    if correction.state == REVIEW or correction.machine == machine:
        return correction
    return replace(correction, state=REVIEW, modified=now)


def place(corrections: Iterable[Correction], document: Document) -> tuple[dict[Key, Correction], list[tuple[Key, Correction]]]:
    """The corrections by sentence of `document`, and those that moved there (old key, placed correction).

    A correction stays at its sentence while that sentence's text is the same; in another
    version of the post it follows its sentence when that text occurs once; otherwise it is
    left out (kept in the store for a later version).
    """
    sources: dict[str, list[Key]] = {}
    for b, block in enumerate(document.blocks):
        for s, sentence in enumerate(block.sentences):
            sources.setdefault(sentence.text, []).append((b, s))
    placed: dict[Key, Correction] = {}
    moved: list[tuple[Key, Correction]] = []
    waiting = []
    for correction in corrections:
        if correction.key in sources.get(correction.source, ()):
            placed[correction.key] = correction
        else:
            waiting.append(correction)
    for correction in waiting:
        spots = [key for key in sources.get(correction.source, ()) if key not in placed]
        if len(spots) == 1:
            block, sentence = spots[0]
            new = replace(correction, block=block, sentence=sentence)
            placed[new.key] = new
            moved.append((correction.key, new))
    return placed, moved


def shown_block(block: int, machine: Sequence[str], corrections: Mapping[Key, Correction]) -> list[str]:
    """A block's sentences as shown: the reader's text where there is one, else the machine's."""
    return [
        corrections[(block, s)].shown(text) if (block, s) in corrections else text for s, text in enumerate(machine)
    ]


def state_of(corrections: Mapping[Key, Correction], key: Key) -> str:
    correction = corrections.get(key)
    return correction.state if correction is not None else MACHINE
