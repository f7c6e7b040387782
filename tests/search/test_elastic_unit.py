"""The Elasticsearch engine's bodies as data: generated settings, mappings and query bodies, response reading;
and its client: failing fast, credentials. test_elastic_server.py runs the same engine against a real server."""

import datetime
import json
import time

import pytest

from kb.themes import Vocabulary
from search.documents import SearchDocument
from search.engines import elastic
from search.engines.base import SearchUnavailable
from search.engines.elastic import (
    ElasticsearchEngine,
    HitDocument,
    build_search,
    compile_query,
    index_settings,
    rank_similar,
    read_response,
    similar_query,
    synonym_rules,
    synonym_set,
    to_source,
)
from search.query import AnyOf, Phrase, Query, Term, parse
from search.request import SearchRequest

THEMES = [
    ("non-accidental-injury", "Non-accidental injury", ["NAI", "inflicted injury"]),
    ("neglect", "Neglect", []),
]
LEXICON = Vocabulary(THEMES)
NOW = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
FIELDS = ["title^10", "text^6", "summary^3", "report^1", "theme_names^2"]
NOT_EXPIRED = {
    "bool": {
        "should": [
            {"bool": {"must_not": [{"exists": {"field": "expire_at"}}]}},
            {"range": {"expire_at": {"gt": "2025-06-01T12:00:00+00:00"}}},
        ],
        "minimum_should_match": 1,
    }
}
NEWEST = [
    {"published": {"order": "desc", "missing": "_last"}},
    {"page_id": {"order": "desc"}},
    {"key": {"order": "asc"}},
]


def words(text: str) -> dict:
    return {"multi_match": {"query": text, "fields": FIELDS, "type": "best_fields", "operator": "and"}}


def phrase(text: str) -> dict:
    return {"multi_match": {"query": text, "fields": FIELDS, "type": "phrase", "analyzer": "kb_english"}}


def document(page_id: int, **fields) -> SearchDocument:
    values = {"key": f"review:{page_id}", "kind": "review", "page_id": page_id, "title": f"Review {page_id}"}
    return SearchDocument(**{**values, "url": "/r/", **fields})


# ---- analysis and mapping ---------------------------------------------------------------------------


def test_synonym_rules_join_name_and_synonyms_lowercased_without_rule_syntax():
    themes = [*THEMES, ("odd", "Odd, theme", ["a => b", "Odd theme"])]
    assert synonym_rules(themes) == ["non-accidental injury, nai, inflicted injury", "odd theme, a b"]


def test_the_synonyms_set_has_one_rule_per_theme_with_synonyms_named_by_its_slug():
    assert synonym_set(THEMES) == [
        {"id": "non-accidental-injury", "synonyms": "non-accidental injury, nai, inflicted injury"}
    ]


@pytest.mark.django_db
def test_synonym_rules_from_the_theme_table():
    rules = synonym_rules(elastic._theme_rows())
    (nai,) = [rule for rule in rules if "non-accidental injury" in rule.split(", ")]
    assert "nai" in nai.split(", ")
    assert all("=>" not in rule and rule == rule.lower() for rule in rules)


def test_index_analysis_english_for_indexing_synonyms_from_the_set_only_when_searching():
    settings = index_settings("kbtest-hits-synonyms")["settings"]
    assert (settings["number_of_shards"], settings["auto_expand_replicas"]) == (1, "0-1")
    analysis = settings["analysis"]
    assert analysis["analyzer"] == {
        "kb_english": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "kb_english_possessive", "kb_english_stemmer"],
        },
        "kb_english_synonyms": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "kb_theme_synonyms",
                "kb_english_possessive",
                "kb_english_stemmer",
            ],
        },
    }
    assert analysis["filter"] == {
        "kb_english_possessive": {"type": "stemmer", "language": "possessive_english"},
        "kb_english_stemmer": {"type": "stemmer", "language": "english"},
        "kb_theme_synonyms": {
            "type": "synonym_graph",
            "synonyms_set": "kbtest-hits-synonyms",
            "updateable": True,
            "lenient": True,
        },
    }
    assert analysis["normalizer"] == {"kb_lowercase": {"type": "custom", "filter": ["lowercase"]}}


def test_mapping_fields_and_types():
    mapping = index_settings("kbtest-hits-synonyms")["mappings"]
    assert mapping == HitDocument._doc_type.mapping.to_dict()
    assert mapping["dynamic"] == "strict"
    properties = mapping["properties"]
    text = {"type": "text", "analyzer": "kb_english", "search_analyzer": "kb_english_synonyms"}
    for name in ("title", "text", "summary"):  # their words as written also fill the spelling vocabulary
        assert properties[name] == {**text, "copy_to": "spell"}
    for name in ("report", "theme_names"):
        assert properties[name] == text
    assert properties["spell"] == {"type": "text", "analyzer": "standard"}
    assert properties["vector"] == {"type": "dense_vector", "dims": 384, "similarity": "cosine", "index": True}
    for name in ("key", "kind", "review_type", "themes", "age_band", "status"):
        assert properties[name] == {"type": "keyword"}
    assert properties["agencies"] == {
        "type": "keyword",
        "normalizer": "kb_lowercase",
        "fields": {"raw": {"type": "keyword"}},
    }
    assert properties["partnership"] == {"type": "keyword", "normalizer": "kb_lowercase"}
    assert properties["page_id"] == properties["year"] == {"type": "integer"}
    assert properties["published"] == properties["expire_at"] == {"type": "date"}
    assert properties["payload"] == {"type": "object", "enabled": False}


def test_source_fills_the_mapping_and_keeps_the_whole_document():
    doc = document(
        7,
        kind="finding",
        key="finding:3",
        title="Finding 1: Review 7",
        text="Bruising was seen.",
        themes=["neglect"],
        theme_names=["Neglect"],
        agencies=["NHS Trust"],
        published=datetime.date(2021, 3, 4),
        expire_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    source = to_source(doc, vector=[0.5] * 384)
    filled_by_copy = {"spell"}  # copy_to fills it from title, text and summary
    assert set(source) == set(HitDocument._doc_type.mapping.to_dict()["properties"]) - filled_by_copy
    assert "vector" not in to_source(doc)  # a document not yet embedded has no vector
    assert source["title"] == ""  # a finding is found by its own words, not its review's title
    assert (source["year"], source["published"]) == (2021, "2021-03-04")
    assert source["expire_at"] == "2030-01-01T00:00:00+00:00"
    assert SearchDocument.from_dict(json.loads(json.dumps(source["payload"]))) == doc


# ---- compiling queries ------------------------------------------------------------------------------


def test_compile_theme_and_word():
    assert compile_query(parse("NAI bruising", LEXICON)) == {
        "bool": {
            "must": [
                {
                    "bool": {
                        "should": [
                            phrase("nai"),
                            phrase("non-accidental injury"),
                            phrase("inflicted injury"),
                            {"term": {"themes": "non-accidental-injury"}},
                        ],
                        "minimum_should_match": 1,
                    }
                },
                words("bruising"),
            ]
        }
    }


def test_compile_quoted_phrase_is_literal():
    assert compile_query(parse('"missed appointments"', LEXICON)) == phrase("missed appointments")


def test_compile_hyphenated_word_matches_as_a_phrase():
    assert compile_query(Query(must=[Term("self-neglect")])) == {
        "multi_match": {"query": "self-neglect", "fields": FIELDS, "type": "phrase"}
    }


def test_compile_exclusion():
    assert compile_query(parse('bruising -sibling -"school nurse"', LEXICON)) == {
        "bool": {"must": [words("bruising")], "must_not": [words("sibling"), phrase("school nurse")]}
    }


def test_compile_or():
    query = parse("bruising OR bruise", LEXICON)
    assert query.must == [AnyOf((Term("bruising"), Term("bruise")))]
    assert compile_query(query) == {"bool": {"should": [words("bruising"), words("bruise")], "minimum_should_match": 1}}


def test_compile_empty_query_browses():
    assert compile_query(parse("", LEXICON)) == {"match_all": {}}
    assert compile_query(Query(must_not=[Phrase(("school", "nurse"))])) == {
        "bool": {"must": [{"match_all": {}}], "must_not": [phrase("school nurse")]}
    }


def _walk(value, path=()):
    """Every (path, leaf) of a nested structure."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, path)
    else:
        yield path, value


def test_query_syntax_typed_by_a_user_is_only_ever_words_to_match():
    text = 'title:foo AND bar* {"x": 1} NAI || _exists_:report'
    request = SearchRequest(q=text, themes=("neglect",))
    body = build_search(request, parse(text, LEXICON), NOW)
    keys = {key for path, _ in _walk(body) for key in path}
    assert not keys & {"query_string", "simple_query_string", "script", "wildcard", "regexp", "prefix"}
    user_strings = [(path, leaf) for path, leaf in _walk(body) if path and path[-1] == "query"]
    assert user_strings and all(path[-2] == "multi_match" for path, _ in user_strings)
    assert {leaf for _, leaf in user_strings} >= {"title", "foo", "bar", "x", "exists", "report"}


# ---- the search body --------------------------------------------------------------------------------


def test_every_request_filter():
    request = SearchRequest(
        themes=("neglect", "non-accidental-injury"),
        types=("scr", "cspr"),
        kinds=("finding",),
        year_from=2018,
        year_to=2022,
        agency="Police Scotland",
        partnership="North Borough",
        age_band="under-1",
        status="open",
    )
    assert build_search(request, Query(), NOW)["query"]["bool"]["filter"] == [
        NOT_EXPIRED,
        {"terms": {"kind": ["finding"]}},
        {"terms": {"review_type": ["scr", "cspr"]}},
        {"term": {"themes": "neglect"}},
        {"term": {"themes": "non-accidental-injury"}},
        {"range": {"year": {"gte": 2018, "lte": 2022}}},
        {"term": {"agencies": "police scotland"}},
        {"term": {"partnership": "north borough"}},
        {"term": {"age_band": "under-1"}},
        {"term": {"status": "open"}},
    ]


def test_browse_body_newest_first_no_highlight():
    body = build_search(SearchRequest(), Query(), NOW)
    assert body["query"] == {"bool": {"must": [{"match_all": {}}], "filter": [NOT_EXPIRED]}}
    assert body["sort"] == NEWEST
    assert "highlight" not in body
    assert (body["from"], body["size"], body["track_total_hits"]) == (0, 20, True)
    assert body["_source"] == ["payload"]


def test_sort_relevance_and_newest():
    query = parse("bruising", LEXICON)
    assert build_search(SearchRequest(q="bruising"), query, NOW)["sort"] == [{"_score": {"order": "desc"}}, *NEWEST]
    assert build_search(SearchRequest(q="bruising", sort="newest"), query, NOW)["sort"] == NEWEST
    exclusion_only = parse("-bruising", LEXICON)
    assert build_search(SearchRequest(q="-bruising"), exclusion_only, NOW)["sort"] == NEWEST


def test_page_three():
    body = build_search(SearchRequest(page=3, page_size=10), Query(), NOW)
    assert (body["from"], body["size"]) == (20, 10)


def test_pages_past_the_result_window_still_count_and_facet():
    body = build_search(SearchRequest(page=200, page_size=100), Query(), NOW)
    assert (body["from"], body["size"], body["track_total_hits"]) == (0, 0, True)
    assert set(body["aggs"]) == {"theme", "type", "kind", "year", "agency"}


def test_facet_aggregations():
    assert build_search(SearchRequest(), Query(), NOW)["aggs"] == {
        "theme": {"terms": {"field": "themes", "size": 10_000}},
        "type": {"terms": {"field": "review_type", "size": 10_000}},
        "kind": {"terms": {"field": "kind", "size": 10_000}},
        "year": {"terms": {"field": "year", "size": 10_000}},
        "agency": {"terms": {"field": "agencies.raw", "size": 10_000}},
    }


def test_highlight_settings_use_the_positive_query():
    query = parse("bruising -sibling", LEXICON)
    assert build_search(SearchRequest(q="bruising -sibling"), query, NOW)["highlight"] == {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "number_of_fragments": 1,
        "fragment_size": 200,
        "max_analyzed_offset": 999_999,
        "fields": {"text": {}, "summary": {}, "report": {}},
        "highlight_query": words("bruising"),
    }


def test_similar_query_requires_a_shared_theme_and_uses_wording_as_a_bonus():
    body = similar_query("kb-hits", 5, ["neglect", "early-help"], 3, NOW)
    assert body == {
        "query": {
            "bool": {
                "filter": [{"term": {"kind": "review"}}, NOT_EXPIRED],
                "must_not": [{"term": {"page_id": 5}}],
                "must": [
                    {
                        "bool": {
                            "should": [
                                {"constant_score": {"filter": {"term": {"themes": "neglect"}}, "boost": 100.0}},
                                {"constant_score": {"filter": {"term": {"themes": "early-help"}}, "boost": 100.0}},
                            ],
                            "minimum_should_match": 1,
                        }
                    }
                ],
                "should": [
                    {
                        "more_like_this": {
                            "fields": ["title", "summary", "theme_names"],
                            "like": [{"_index": "kb-hits", "_id": "review:5"}],
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "max_query_terms": 25,
                        }
                    }
                ],
            }
        },
        "sort": [{"_score": {"order": "desc"}}, *NEWEST[:2]],
        "size": 12,
        "_source": ["page_id", "themes"],
    }


def test_similar_reviews_rank_by_shared_themes_then_the_server_order():
    def hit(page_id, *themes):
        return {"_source": {"page_id": page_id, "themes": list(themes)}}

    # The server ranked 1 first on wording; 2 shares more themes, 4 as many as 1 but came after it.
    hits = [hit(1, "neglect"), hit(2, "neglect", "early-help"), hit(3, "early-help", "other"), hit(4, "neglect")]
    assert rank_similar(hits, ["neglect", "early-help"], 3) == [2, 1, 3]


# ---- reading responses ------------------------------------------------------------------------------


def _raw_hit(doc: SearchDocument, highlight=None, score=None) -> dict:
    hit = {"_id": doc.key, "_score": score, "_source": {"payload": doc.to_dict()}}
    if highlight is not None:
        hit["highlight"] = highlight
    return hit


def _buckets(*pairs) -> dict:
    return {"buckets": [{"key": key, "doc_count": count} for key, count in pairs]}


def test_read_response_hits_snippets_and_facets():
    texts = document(1, text="Bruising <b>seen</b>", summary="sum")
    summary_only = document(2, summary="A summary & more")
    plain = document(3, text="No match here & there")
    raw = {
        "hits": {
            "total": {"value": 42, "relation": "eq"},
            "hits": [
                _raw_hit(texts, {"summary": ["s"], "text": ["<mark>Bruising</mark> &lt;b&gt;seen"]}, 3.5),
                _raw_hit(summary_only, {"summary": ["A <mark>summary</mark> &amp; more"]}),
                _raw_hit(plain),
            ],
        },
        "aggregations": {
            "theme": _buckets(("neglect", 2), ("abuse", 2), ("zeta", 5)),
            "type": _buckets(("scr", 3), ("", 9)),
            "kind": _buckets(("review", 4), ("finding", 9)),
            "year": _buckets((2019, 7), (2023, 1), (2021, 3)),
            "agency": _buckets(("NHS Trust", 1), ("Police", 4)),
        },
    }
    response = read_response(raw)
    assert response.total == 42
    assert [hit.document for hit in response.hits] == [texts, summary_only, plain]
    assert [hit.snippet for hit in response.hits] == [
        "<mark>Bruising</mark> &lt;b&gt;seen",
        "A <mark>summary</mark> &amp; more",
        "No match here &amp; there",
    ]
    assert [hit.score for hit in response.hits] == [3.5, 0.0, 0.0]
    assert response.facets == {
        "theme": [("zeta", 5), ("abuse", 2), ("neglect", 2)],
        "type": [("scr", 3)],
        "kind": [("finding", 9), ("review", 4)],
        "year": [("2023", 1), ("2021", 3), ("2019", 7)],
        "agency": [("Police", 4), ("NHS Trust", 1)],
    }


# ---- the client -----------------------------------------------------------------------------------


def test_an_unreachable_cluster_fails_fast(db):
    engine = ElasticsearchEngine("http://user:secret@127.0.0.1:9", prefix="kbtest", themes=THEMES)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable) as raised:
        engine.search(SearchRequest(q="bruising"), parse("bruising", LEXICON))
    with pytest.raises(SearchUnavailable):
        engine.replace_pages({1: [document(1)]})
    assert time.monotonic() - started < 5
    assert "127.0.0.1:9" in str(raised.value) and "secret" not in str(raised.value)


def test_an_unusable_url_is_reported_not_crashed_on(db):
    with pytest.raises(SearchUnavailable, match="ELASTICSEARCH_URL http://localhost is not usable"):
        ElasticsearchEngine("http://user:pw@localhost", themes=THEMES).search(SearchRequest(), Query())


def test_engine_name():
    assert ElasticsearchEngine("http://localhost:9200").name == "elasticsearch"
