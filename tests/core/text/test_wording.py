from reader.core.text.wording import counted, cut_at_word


def test_counted_puts_the_noun_in_the_singular_for_one_only():
    assert [counted(n, "note") for n in (0, 1, 2)] == ["0 notes", "1 note", "2 notes"]
    assert counted(1, "entry", "entries") == "1 entry" and counted(3, "entry", "entries") == "3 entries"
    assert counted(12000, "word") == "12,000 words"


def test_cut_at_word_never_ends_inside_a_word():
    title = "Dubes Rusia untuk AS - Rusia tidak memiliki ilusi tentang terobosan dalam hubungan"
    assert cut_at_word(title, 60) == "Dubes Rusia untuk AS - Rusia tidak memiliki ilusi tentang"
    assert cut_at_word("short title", 60) == "short title"
    assert cut_at_word("  spaced   out  ", 60) == "spaced out"
    assert cut_at_word("Supercalifragilistic", 5) == "Super"  # one word longer than the limit is cut
    assert cut_at_word("ab cdef", 3) == "ab"
    assert cut_at_word("abc def", 3) == "abc"
