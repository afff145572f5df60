"""The analyzer and the query parser: pure functions, no database."""

import itertools

import pytest

from portal.search import analyzer, highlighting, parsing
from portal.search.highlighting import Terms, has_match, snippet


def test_british_spellings_read_as_american():
    assert analyzer.query_tokens("Organisation") == analyzer.query_tokens("Organization")
    assert analyzer.query_tokens("centre programme") == analyzer.query_tokens("center program")
    # Only known -ise stems change: "promise" and "wise" stay.
    assert analyzer.spelling("promise") == "promise"
    assert analyzer.spelling("wise") == "wise"


def test_environment_and_environmental_share_a_stem():
    assert analyzer.query_tokens("environment") == analyzer.query_tokens("environmental")


def test_invisible_characters_are_removed_and_long_input_is_cut_at_a_word():
    assert parsing.clean("Bish\u200bkek\u00ad\ufeff")[0] == "Bishkek"
    text, cut = parsing.clean("word " * 60)
    assert cut
    assert len(text) <= parsing.MAX_QUERY_CHARS
    assert text.endswith("word")


def test_traditional_chinese_is_folded_to_simplified():
    assert parsing.parse("東盟環境合作論壇").text == "东盟环境合作论坛"


def test_query_syntax_phrase_exclusion_and_or():
    query = parsing.parse('"marine plastic" Bishkek -declaration -"air pollution" OR or')
    assert query.phrases == [["marin", "plastic"]]
    assert query.excluded == [["declar"], ["air", "pollut"]]
    assert [s.word for s in query.slots] == ["bishkek"]


def test_unbalanced_quotes_and_symbols_are_words_never_errors():
    for raw in ['"', '"unclosed', "&|!():* NEAR AND", "\\", "-", "--", "''", "(("]:
        parsing.parse(raw).expression()


def test_stopwords_are_dropped_unless_they_are_all_there_is():
    assert [s.word for s in parsing.parse("ministers of the environment").slots] == [
        "minist",
        "environ",
    ]
    assert [s.word for s in parsing.parse("the").slots] == ["the"]


def test_most_words_are_needed_not_all():
    assert parsing.parse("climate change").minimum() == 2
    assert parsing.parse("东盟中国环境合作").minimum() == 5  # 7 bigrams, 2 may be missing


def test_at_least_k_of_n_matches_exactly_the_sets_with_k_words():
    def holds(expr, present):
        if isinstance(expr, str):
            return expr in present
        results = [holds(item, present) for item in expr.items]
        return all(results) if isinstance(expr, parsing.And) else any(results)

    def leaves(expr):
        return 1 if isinstance(expr, str) else sum(leaves(i) for i in expr.items)

    for n in range(1, 8):
        words = [f"w{i}" for i in range(n)]
        for k in range(1, n + 1):
            expr = parsing.at_least(k, words)
            for present in itertools.product([False, True], repeat=n):
                chosen = {w for w, p in zip(words, present, strict=True) if p}
                assert holds(expr, chosen) == (len(chosen) >= k), (n, k, chosen)
    # Smaller than the OR of every combination (5 choose 3 = 10 terms of 3 words).
    assert leaves(parsing.at_least(3, [f"w{i}" for i in range(5)])) == 19


def test_variants_merge_the_words_they_spell_into_one_slot():
    variants = {("固废",): [("固体", "体废", "废物")]}
    query = parsing.parse("固废处理", variants)
    assert query.slots[0].alternatives == [["固废"], ["固体", "体废", "废物"]]


def test_a_new_variants_map_merges_forms_longer_than_the_last_maps_longest():
    """The longest form is kept per map: a rebuilt map (an edit added a three-word form)
    is measured again, not read with the old map's length."""
    short = {("固废",): [("固体", "体废", "废物")]}
    assert [s.word for s in parsing.parse("环境保护", short).slots] == ["环境", "境保", "保护"]
    longer = {("环境", "境保", "保护"): [("环保",)]}
    assert [s.word for s in parsing.parse("环境保护", longer).slots] == ["环境 境保 保护"]
    assert [s.word for s in parsing.parse("固废", short).slots] == ["固废"]


def test_snippet_marks_whole_words_by_stem_never_short_prefixes_or_digits_in_numbers():
    terms = Terms(stems={"polici", "по"}, numbers={"20"})
    html = snippet("Policy on air: we confirm подтверждаем по плану in 2020 and 20 days.", terms)
    assert "<mark>Policy</mark>" in html
    assert "<mark>по</mark> плану" in html
    assert "<mark>по</mark>дтверждаем" not in html
    assert "2020" in html and "<mark>2020</mark>" not in html
    assert "<mark>20</mark> days" in html


def test_snippet_sets_lines_apart_unless_a_sentence_ends_them():
    """A record's text joins its fields and list items by lines: a snippet keeps them
    apart (" · "), runs sentences on, and drops list markers."""
    text = (
        "Beijing and Shenzhen, China\nEnvironmental education\n- (2) sustainable cities\n"
        "A climate policy.\nKommersant (Russia)\n推动形成合作共识。\n- 2018年6月，合作\n跨界"
    )
    html = snippet(text, Terms(stems={"climat"}))
    assert html == (
        "Beijing and Shenzhen, China · Environmental education · (2) sustainable cities · "
        "A <mark>climate</mark> policy. Kommersant (Russia) · "
        "推动形成合作共识。2018年6月，合作 · 跨界"
    )


def test_snippet_shows_the_passage_with_most_matches():
    text = "alpha " * 80 + "marine plastic marine plastic " + "omega " * 80
    html = snippet(text, Terms(stems={"marin", "plastic"}))
    assert html.count("<mark>") == 4
    assert html.startswith("…")


def test_snippet_marks_the_leftmost_of_overlapping_chinese_terms_of_one_length():
    # Both terms match 环境合作 and overlap; which is marked must not depend on the order
    # a set lists them in (that followed the process's string hashing).
    for han in (["环境合", "境合作"], ["境合作", "环境合"]):
        assert snippet("合作：环境合作", Terms(han=han)) == "合作：<mark>环境合</mark>作"
    assert snippet("哈哈哈哈", Terms(han=["哈哈"])) == "<mark>哈哈哈哈</mark>"
    # A longer term still wins over shorter ones wherever it is.
    html = snippet("东盟的环境合作", Terms(han=["盟的环", "环境合作"]))
    assert html == "东盟的<mark>环境合作</mark>"


def test_a_texts_hits_are_kept_per_term_and_give_the_same_marks(monkeypatch):
    text = "Climate policies. 气候变化 2030: policy, climatic, 气候. " * 3
    terms = Terms(stems={"polici", "climat"}, numbers={"2030"}, han=["气候变化", "气候"])
    first = snippet(text, terms)
    assert first.count("<mark>") == 21
    assert first.startswith("<mark>Climate</mark> <mark>policies</mark>. <mark>气候变化</mark>")
    assert has_match(text, terms)
    assert not has_match(text, Terms(stems={"polic"}, numbers={"203"}, han=["候气"]))
    # Asked again, no term is looked for in the text: each term's hits were kept.
    monkeypatch.setattr(highlighting, "_find", lambda *args: pytest.fail(f"searched {args}"))
    assert snippet(text, terms) == first
    assert has_match(text, terms)


def test_a_text_keeps_a_bounded_number_of_terms():
    prepared = highlighting.Prepared("alpha beta 2030 gamma")
    for number in range(highlighting.KEPT_TERMS + 10):
        prepared.found("number", str(number))
    assert len(prepared._found) <= highlighting.KEPT_TERMS
    assert prepared.found("number", "2030") == ((11, 15),)
    assert prepared.found("stem", "beta") == ((6, 10),)
    assert prepared.found("stem", "gamm") == ()  # "gamma" stems to "gamma"


def test_a_bigram_across_a_known_form_and_the_next_word_is_not_a_word():
    variants = {("环境", "境保", "保护"): [("环保",)], ("环保",): [("环境", "境保", "保护")]}
    query = parsing.parse("环境保护合作", variants)
    # 护合 only spans 环境保护's last character and 合作's first: both words are needed.
    assert [s.word for s in query.slots] == ["环境 境保 保护", "合作"]
    assert query.minimum() == 2
    assert "护合" in query.sequence  # still scored as adjacency
    # Without a known form the bigrams of a run are its words.
    assert [s.word for s in parsing.parse("环境合作", variants).slots] == ["环境", "境合", "合作"]
    assert [
        s.word for s in parsing.parse("固废处理", {("固废",): [("固体", "体废", "废物")]}).slots
    ] == [
        "固废",
        "处理",
    ]
