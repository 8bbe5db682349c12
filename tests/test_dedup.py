from legation import dedup

TEXT = ("The delegation arrived in the capital on Monday for two days of talks on water sharing, "
        "grain exports and the future of the border commission, officials said. ") * 3


def test_exact_key_ignores_case_and_spacing():
    assert dedup.exact_key("A  b\nC") == dedup.exact_key("a b c")
    assert dedup.exact_key("a b c") != dedup.exact_key("a b d")


def test_signature_deterministic_and_jaccard():
    a = dedup.signature(dedup.words(TEXT))
    b = dedup.signature(dedup.words(TEXT))
    assert a.dtype.name == "uint32" and len(a) == dedup.NUM_PERM
    assert (a == b).all()
    other = dedup.signature(dedup.words("Completely unrelated words about football and weather today."))
    assert dedup.jaccard(a, other) < 0.2


def test_index_finds_exact_and_near_duplicates_streaming():
    idx = dedup.DuplicateIndex()
    assert idx.add("a", TEXT) == []
    exact = idx.add("b", TEXT.upper())
    assert exact and exact[0].of == "a" and exact[0].kind == "exact"
    near = idx.add("c", TEXT + " Subscribe to our newsletter. Share this article.")
    assert any(d.of == "a" and d.kind == "near" for d in near)
    assert idx.add("d", "A different story entirely, about a football match in the rain.") == []
    assert len(idx) == 4 and "d" in idx


def test_short_and_empty_texts():
    assert len(dedup.signature([])) == dedup.NUM_PERM
    assert len(dedup.shingle_hashes(["one", "two"])) == 1


def test_fast_signature_equals_datasketch_update_path():
    toks = dedup.words(TEXT + " extra words at the end of it")
    assert (dedup.signature(toks) == dedup.signature_reference(toks)).all()
