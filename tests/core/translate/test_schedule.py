from reader.core.translate.schedule import TranslationQueue


def test_queue_takes_blocks_on_screen_first_then_those_below_then_the_rest():
    queue = TranslationQueue([1] * 10)
    assert queue.next_chunk(first=[5, 6], max_sentences=2) == [5, 6]
    assert queue.next_chunk(first=[5, 6], max_sentences=3) == [7, 8, 9]
    assert queue.next_chunk(first=[5, 6], max_sentences=10) == [0, 1, 2, 3, 4]
    assert not queue


def test_queue_never_puts_blocks_on_screen_in_one_chunk_with_others():
    queue = TranslationQueue([1] * 10)
    assert queue.next_chunk(first=[5, 6], max_sentences=10) == [5, 6]
    assert queue.next_chunk(first=[5, 6], max_sentences=10) == [7, 8, 9, 0, 1, 2, 3, 4]


def test_queue_chunk_holds_at_least_one_block_even_when_it_is_longer_than_the_limit():
    queue = TranslationQueue([40, 1, 1])
    assert queue.next_chunk(max_sentences=24) == [0]
    assert queue.next_chunk(max_sentences=24) == [1, 2]


def test_queue_skips_blocks_already_done_and_counts_progress():
    queue = TranslationQueue([2, 2, 2, 2], done={1, 3})
    assert queue.done_count == 2
    chunk = queue.next_chunk(max_sentences=10)
    assert chunk == [0, 2]
    assert queue.done_count == 2 and not queue.finished
    queue.complete(chunk)
    assert queue.done_count == 4 and queue.finished


def test_queue_takes_back_blocks_that_were_not_translated():
    queue = TranslationQueue([1, 1, 1])
    chunk = queue.next_chunk(max_sentences=2)
    queue.give_back(chunk)
    assert queue.next_chunk(max_sentences=5) == [0, 1, 2]
