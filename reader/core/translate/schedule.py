"""Which paragraphs to translate next: those on screen first, then the rest in reading order."""

from collections.abc import Iterable, Sequence


class TranslationQueue:
    """The blocks of one document still waiting for a translation."""

    def __init__(self, sentence_counts: Sequence[int], done: Iterable[int] = ()):
        self.total = len(sentence_counts)
        self._counts = list(sentence_counts)
        done = set(done)
        self._pending = [index for index in range(self.total) if index not in done]
        self._in_flight: set[int] = set()

    @property
    def done_count(self) -> int:
        return self.total - len(self._pending) - len(self._in_flight)

    @property
    def finished(self) -> bool:
        return not self._pending and not self._in_flight

    def __bool__(self) -> bool:
        return bool(self._pending)

    def next_chunk(self, first: Sequence[int] = (), max_sentences: int = 24) -> list[int]:
        """Take the next blocks to translate, up to `max_sentences` sentences (at least one block).

        Blocks in `first` (the ones on screen) go before the others, in chunks of their own so
        they come back as early as possible (a batch returns when its longest sentence is done);
        after them come the blocks that follow the last of `first`, then the rest from the top.
        """
        pending = set(self._pending)
        order = [index for index in first if index in pending]
        if not order:
            after = max(first) + 1 if first else 0
            order = [index for index in self._pending if index >= after]
            order += [index for index in self._pending if index < after]
        chunk, sentences = [], 0
        for index in order:
            count = max(1, self._counts[index])
            if chunk and sentences + count > max_sentences:
                break
            chunk.append(index)
            sentences += count
        taken = set(chunk)
        self._pending = [index for index in self._pending if index not in taken]
        self._in_flight |= taken
        return chunk

    def complete(self, blocks: Iterable[int]) -> None:
        self._in_flight -= set(blocks)

    def give_back(self, blocks: Iterable[int]) -> None:
        """Return blocks that were taken but not translated (cancelled, failed)."""
        blocks = set(blocks) & self._in_flight
        self._in_flight -= blocks
        self._pending = sorted(set(self._pending) | blocks)
