"""Parsing what practitioners type into the query tree every engine compiles (no engine needed)."""

from kb.themes import Vocabulary, normalise
from search.query import AnyOf, Expansion, Phrase, Term, ThemeMatch, parse
from search.snippets import render_snippet

LEXICON = Vocabulary(
    [
        ("non-accidental-injury", "Non-accidental injury", ["NAI", "abusive head trauma"]),
        ("sudi-safer-sleep", "Safer sleep", ["cot death", "SIDS"]),
        ("was-not-brought", "Was not brought", ["DNA", "did not attend"]),
    ]
)
NAI = ThemeMatch(
    "non-accidental-injury", "nai", ("non-accidental injury", "nai", "abusive head trauma", "non accidental injury")
)


def test_words_become_terms_and_stop_words_are_dropped():
    assert parse("the bruising of a baby", LEXICON).must == [Term("bruising"), Term("baby")]


def test_quoted_phrases_are_literal_even_when_they_name_a_theme():
    assert parse('"cot death" bath', LEXICON).must == [Phrase(("cot", "death")), Term("bath")]


def test_theme_phrasings_are_spotted_longest_first():
    query = parse("children who did not attend", LEXICON)
    assert query.must[0] == Term("children")
    assert query.must[-1].slug == "was-not-brought"
    assert [part.slug for part in query.must if isinstance(part, ThemeMatch)] == ["was-not-brought"]


def test_an_abbreviation_expands_to_every_phrasing():
    assert parse("NAI", LEXICON).must == [NAI]


def test_an_abbreviation_that_is_no_theme_also_finds_what_it_stands_for():
    vocabulary = Vocabulary([], expansions={"dsl": ("designated safeguarding lead",), "hv": ("health visitor",)})
    assert parse("DSL told", vocabulary).must == [
        Expansion((Term("dsl"), Phrase(("designated", "safeguarding", "lead")))),
        Term("told"),
    ]
    assert parse('"DSL"', vocabulary).must == [Term("dsl")]  # quoted: literal


def test_the_abbreviations_file_is_read_and_normalised():
    expansions = Vocabulary([]).expansions
    assert expansions["idva"][0] == "independent domestic violence advisor"
    assert all(
        key == normalise(key) and all(long == normalise(long) for long in longs) for key, longs in expansions.items()
    )


def test_exclusions():
    query = parse('bruising -protocol -"head trauma"', LEXICON)
    assert query.must == [Term("bruising")]
    assert query.must_not == [Term("protocol"), Phrase(("head", "trauma"))]


def test_or_binds_the_neighbours_only():
    query = parse("neglect bruising OR bruise", LEXICON)
    assert query.must == [Term("neglect"), AnyOf((Term("bruising"), Term("bruise")))]


def test_a_dangling_or_is_ignored():
    assert parse("OR bath OR", LEXICON).must == [Term("bath")]


def test_normalise_keeps_hyphenated_words_whole():
    assert normalise("Non-Accidental  INJURY’s!") == "non-accidental injury's"


def test_user_syntax_is_only_ever_words():
    query = parse('bath" OR title:x NEAR(', LEXICON)
    assert query.must == [AnyOf((Term("bath"), Term("title"))), Term("x"), Term("near")]


def test_snippets_are_escaped_and_only_marks_survive():
    assert render_snippet('<b>a</b> \x02bath\x03 & "q"') == "&lt;b&gt;a&lt;/b&gt; <mark>bath</mark> &amp; &quot;q&quot;"
