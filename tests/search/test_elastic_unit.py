"""The Elasticsearch engine without a server: generated settings, mappings and query bodies, response reading,
index versioning against a recording client, and failing fast. One smoke test needs a real server."""

import datetime
import json
import os
import time
import uuid

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError, BadRequestError, NotFoundError

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
    read_response,
    similar_query,
    synonym_rules,
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


@pytest.mark.django_db
def test_synonym_rules_from_the_theme_table():
    rules = synonym_rules(elastic._theme_rows())
    (nai,) = [rule for rule in rules if "non-accidental injury" in rule.split(", ")]
    assert "nai" in nai.split(", ")
    assert all("=>" not in rule and rule == rule.lower() for rule in rules)


def test_index_analysis_english_for_indexing_synonyms_only_when_searching():
    analysis = index_settings(THEMES)["settings"]["analysis"]
    assert analysis["analyzer"] == {
        "kb_english": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "kb_english_possessive", "kb_english_stop", "kb_english_stemmer"],
        },
        "kb_english_synonyms": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "kb_theme_synonyms",
                "kb_english_possessive",
                "kb_english_stop",
                "kb_english_stemmer",
            ],
        },
    }
    assert analysis["filter"] == {
        "kb_english_possessive": {"type": "stemmer", "language": "possessive_english"},
        "kb_english_stop": {"type": "stop", "stopwords": "_english_"},
        "kb_english_stemmer": {"type": "stemmer", "language": "english"},
        "kb_theme_synonyms": {
            "type": "synonym_graph",
            "synonyms": ["non-accidental injury, nai, inflicted injury"],
            "lenient": True,
        },
    }
    assert analysis["normalizer"] == {"kb_lowercase": {"type": "custom", "filter": ["lowercase"]}}


def test_no_synonym_filter_when_there_are_no_rules():
    analysis = index_settings([])["settings"]["analysis"]
    assert "kb_theme_synonyms" not in analysis["filter"]
    assert "kb_theme_synonyms" not in analysis["analyzer"]["kb_english_synonyms"]["filter"]


def test_mapping_fields_and_types():
    mapping = index_settings(THEMES)["mappings"]
    assert mapping == HitDocument._doc_type.mapping.to_dict()
    assert mapping["dynamic"] == "strict"
    properties = mapping["properties"]
    text = {"type": "text", "analyzer": "kb_english", "search_analyzer": "kb_english_synonyms"}
    for name in ("title", "text", "summary", "report", "theme_names"):
        assert properties[name] == text
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
    source = to_source(doc)
    assert set(source) == set(HitDocument._doc_type.mapping.to_dict()["properties"])
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
        "theme": {"terms": {"field": "themes", "size": 500}},
        "type": {"terms": {"field": "review_type", "size": 500}},
        "kind": {"terms": {"field": "kind", "size": 500}},
        "year": {"terms": {"field": "year", "size": 500}},
        "agency": {"terms": {"field": "agencies.raw", "size": 500}},
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


def test_similar_query():
    body = similar_query("kb-hits", 5, ["neglect"], 3, NOW)
    assert body == {
        "query": {
            "bool": {
                "filter": [{"term": {"kind": "review"}}, NOT_EXPIRED],
                "must_not": [{"term": {"page_id": 5}}],
                "should": [
                    {"constant_score": {"filter": {"term": {"themes": "neglect"}}, "boost": 1.0}},
                    {
                        "more_like_this": {
                            "fields": ["title", "summary", "theme_names"],
                            "like": [{"_index": "kb-hits", "_id": "review:5"}],
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "max_query_terms": 25,
                            "boost": 0.5,
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        },
        "sort": [{"_score": {"order": "desc"}}, *NEWEST[:2]],
        "size": 3,
        "_source": ["page_id"],
    }


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


# ---- the engine against a recording client ----------------------------------------------------------


def _meta(status: int) -> ApiResponseMeta:
    return ApiResponseMeta(
        status=status, http_version="1.1", headers=HttpHeaders(), duration=0.0, node=NodeConfig("http", "x", 9200)
    )


class FakeIndices:
    def __init__(self, calls, aliases):
        self.calls, self.aliases = calls, aliases  # aliases: index name -> has the alias

    def create(self, index, settings, mappings, aliases=None):
        self.calls.append(("create", index, *([aliases] if aliases else [])))
        if index in self.aliases:
            raise BadRequestError("resource_already_exists_exception", _meta(400), {})
        self.aliases[index] = bool(aliases)

    def exists_alias(self, name):
        return any(self.aliases.values())

    def put_alias(self, index, name):
        self.calls.append(("put_alias", index, name))
        self.aliases[index] = True

    def get_alias(self, name):
        found = {index: {} for index, has in self.aliases.items() if has}
        if not found:
            raise NotFoundError("alias missing", _meta(404), {})
        return found

    def update_aliases(self, actions):
        self.calls.append(("update_aliases", actions))

    def get(self, index):
        return {name: {} for name in self.aliases}

    def delete(self, index):
        self.calls.append(("delete", index))

    def refresh(self, index):
        self.calls.append(("refresh", index))


class FakeClient:
    def __init__(self, aliases=None, search_error=None):
        self.calls = []
        self.indices = FakeIndices(self.calls, aliases if aliases is not None else {})
        self.search_error = search_error

    def options(self, **kwargs):
        return self

    def delete_by_query(self, **kwargs):
        self.calls.append(("delete_by_query", kwargs))

    def search(self, index, body):
        if self.search_error:
            raise self.search_error
        return {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}}


@pytest.fixture
def fake(monkeypatch):
    """An engine whose client records calls; bulk writes are recorded as (index, keys, refresh)."""

    def make(**kwargs):
        engine = ElasticsearchEngine("http://example.invalid:9200", prefix="kbtest", themes=THEMES)
        engine._client = FakeClient(**kwargs)

        def bulk(client, actions, chunk_size, refresh):
            actions = list(actions)
            indexes = {action["_index"] for action in actions}
            client.calls.append(("bulk", indexes, [action["_id"] for action in actions], refresh))

        monkeypatch.setattr(elastic.helpers, "bulk", bulk)
        return engine

    return make


def test_rebuild_fills_a_new_version_then_swaps_the_alias_in_one_call(fake):
    engine = fake(aliases={"kbtest-hits-v1": True, "kbtest-hits-v0": False})
    engine.rebuild(iter([{1: [document(1)]}, {2: [document(2)], 3: []}]))
    calls = engine.client.calls
    new = calls[0][1]
    assert calls[0] == ("create", new) and new.startswith("kbtest-hits-v")
    assert calls[1:4] == [
        ("bulk", {new}, ["review:1"], False),
        ("bulk", {new}, ["review:2"], False),
        ("refresh", new),
    ]
    assert calls[4] == (
        "update_aliases",
        [
            {"remove": {"index": "kbtest-hits-v1", "alias": "kbtest-hits"}},
            {"add": {"index": new, "alias": "kbtest-hits"}},
        ],
    )
    assert calls[5] == ("delete", "kbtest-hits-v1,kbtest-hits-v0")
    assert len(calls) == 6


def test_a_failed_rebuild_drops_its_new_index_and_leaves_the_alias(fake):
    engine = fake(aliases={"kbtest-hits-v1": True})

    def batches():
        yield {1: [document(1)]}
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        engine.rebuild(batches())
    kinds = [call[0] for call in engine.client.calls]
    assert kinds == ["create", "bulk", "delete"]
    assert engine.client.calls[2] == ("delete", engine.client.calls[0][1])


def test_first_write_creates_a_first_version_with_the_alias_in_one_call(fake):
    engine = fake()
    engine.remove_pages([4])
    create, delete = engine.client.calls
    assert create == ("create", "kbtest-hits-v0", {"kbtest-hits": {}})
    assert delete == (
        "delete_by_query",
        {"index": "kbtest-hits", "query": {"terms": {"page_id": [4]}}, "refresh": True, "conflicts": "proceed"},
    )


def test_losing_the_race_to_create_the_first_version_joins_it(fake):
    engine = fake(aliases={"kbtest-hits-v0": False})  # another process created it, not yet aliased
    engine.clear()
    assert engine.client.calls[:2] == [
        ("create", "kbtest-hits-v0", {"kbtest-hits": {}}),
        ("put_alias", "kbtest-hits-v0", "kbtest-hits"),
    ]
    assert engine.client.calls[2][1]["query"] == {"match_all": {}}


def test_replace_pages_writes_then_deletes_only_what_is_gone(fake):
    engine = fake(aliases={"kbtest-hits-v1": True})
    finding = document(1, key="finding:9", kind="finding")
    engine.replace_pages({1: [document(1), finding], 2: []})
    bulk, delete = engine.client.calls
    assert bulk == ("bulk", {"kbtest-hits"}, ["review:1", "finding:9"], "wait_for")
    assert delete[1]["query"] == {
        "bool": {
            "filter": [{"terms": {"page_id": [1, 2]}}],
            "must_not": [{"ids": {"values": ["review:1", "finding:9"]}}],
        }
    }
    assert delete[1]["refresh"] is True


def test_search_before_any_index_exists_is_empty(fake, db):
    engine = fake(search_error=NotFoundError("no such index", _meta(404), {}))
    response = engine.search(SearchRequest(), Query())
    assert (response.hits, response.total) == ([], 0)
    assert response.facets == {"theme": [], "type": [], "kind": [], "year": [], "agency": []}


def test_server_errors_become_search_unavailable(fake, db):
    engine = fake(search_error=ApiError("cluster_block_exception", _meta(503), {}))
    with pytest.raises(SearchUnavailable, match="could not search"):
        engine.search(SearchRequest(), Query())


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


# ---- against a real server --------------------------------------------------------------------------


@pytest.mark.elasticsearch
@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL (see compose.yaml)")
def test_smoke_against_a_real_server():
    prefix = f"kbtest-{uuid.uuid4().hex[:8]}"
    engine = ElasticsearchEngine(os.environ["ELASTICSEARCH_URL"], prefix=prefix, themes=THEMES)
    bruising = document(
        1, summary="Bruising to a non-mobile baby was not explained.", published=datetime.date(2022, 1, 1)
    )
    other = document(2, summary="Missed appointments at school.", themes=["neglect"], agencies=["NHS Trust"])
    try:
        engine.rebuild(iter([{1: [bruising], 2: [other]}]))
        response = engine.search(SearchRequest(q="bruises"), parse("bruises", LEXICON))
        assert [hit.document for hit in response.hits] == [bruising]
        assert "<mark>Bruising</mark>" in response.hits[0].snippet
        assert response.total == 1 and response.facets["year"] == [("2022", 1)]
        filtered = engine.search(SearchRequest(agency="nhs trust"), Query())
        assert [hit.document.key for hit in filtered.hits] == ["review:2"]
        assert filtered.facets["agency"] == [("NHS Trust", 1)]
        engine.replace_pages({1: []})
        assert engine.indexed_page_ids() == {2}
        assert engine.count() == {"review": 1}
    finally:
        names = list(engine.client.indices.get(index=f"{engine.alias}-v*"))
        if names:
            engine.client.indices.delete(index=",".join(names))
