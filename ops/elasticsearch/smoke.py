"""Check a running node against what the project needs from Elasticsearch: one line per feature, exit 1 on a failure.

    make elasticsearch && .venv/bin/python ops/elasticsearch/smoke.py      # ES_URL=http://127.0.0.1:9200 by default

The index is created with the very body the engine sends (search.engines.elastic.index_settings), so a pass here means
the same settings work on this node; every index and synonyms set it makes is deleted at the end.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("ES_URL", "http://127.0.0.1:9200").rstrip("/")
INDEX = "kb-smoke"
SCRATCH = (INDEX, "kb-smoke-file", "kb-smoke-set")
SYNONYMS = ROOT / "var/elasticsearch/config/synonyms"
THEME_SET = "kb-smoke-themes"
THEMES = [
    ("neglect", "Neglect", ["poor home conditions"]),
    ("nai", "Non-accidental injury", ["NAI", "physical abuse"]),
]
DOCS = {
    "1": ("Child A", "Injuries to the baby's arm were not explained: a non-accidental injury <script>", ["nai"]),
    "2": ("Child B", "The home was cold and dirty: neglect over years", ["neglect"]),
    "3": ("Child C", "Missed school appointments and neglect at home", ["neglect"]),
}
INJURY = {
    "multi_match": {"query": "injury", "fields": ["title^10", "text^6"], "type": "best_fields", "operator": "and"}
}


class Failed(Exception):
    """A check whose answer was not the expected one."""


def call(method: str, path: str, body=None, ok=(200, 201), ndjson: str | None = None) -> dict:
    """One request; the parsed JSON answer (Failed on an unexpected status)."""
    data = ndjson.encode() if ndjson else None if body is None else json.dumps(body).encode()
    kind = "application/x-ndjson" if ndjson else "application/json"
    request = urllib.request.Request(URL + path, data=data, method=method, headers={"content-type": kind})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    if status not in ok:
        raise Failed(f"{method} {path} -> {status}: {text[:300]}")
    return json.loads(text) if text else {}


def expect(condition: bool, detail) -> str:
    """The detail to show, or Failed with it."""
    if not condition:
        raise Failed(repr(detail))
    return str(detail)


def tokens(analyzer: str, text: str, index: str = INDEX) -> list[str]:
    return [t["token"] for t in call("POST", f"/{index}/_analyze", {"analyzer": analyzer, "text": text})["tokens"]]


def search(body: dict) -> dict:
    return call("POST", f"/{INDEX}/_search", body)


def ids(body: dict) -> list[str]:
    return [hit["_id"] for hit in search(body)["hits"]["hits"]]


def vector(seed: int) -> list[float]:
    """A 384-dimension vector pointing mostly along one axis."""
    return [1.0 if i == seed else 0.01 * ((i * 7 + seed) % 5) for i in range(384)]


def index_settings() -> dict:
    """The engine's own index body, its search analyzer reading the engine's synonyms set for two themes."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from search.engines.elastic import index_settings as engine_settings
    from search.engines.elastic import synonym_set

    call("PUT", f"/_synonyms/{THEME_SET}", {"synonyms_set": synonym_set(THEMES)})
    return engine_settings(THEME_SET)


def live_synonyms_index(name: str, source: dict) -> None:
    """An index whose search analyzer has one updateable synonym filter (Elastic's way to change synonyms live)."""
    analysis = {
        "filter": {"live_synonyms": {"type": "synonym_graph", "updateable": True, **source}},
        "analyzer": {"live": {"tokenizer": "standard", "filter": ["lowercase", "live_synonyms"]}},
    }
    mappings = {"properties": {"text": {"type": "text", "analyzer": "standard", "search_analyzer": "live"}}}
    call("PUT", f"/{name}", {"settings": {"number_of_replicas": 0, "analysis": analysis}, "mappings": mappings})


# ---- the checks, in order: each returns what it saw, or raises --------------------------------------------------


def banner():
    return call("GET", "/")["version"]["number"]


def health():
    return call("GET", "/_cluster/health")["status"]


def create_index():
    return expect(call("PUT", f"/{INDEX}", index_settings())["acknowledged"], "created")


def replicas():
    index = call("GET", f"/{INDEX}/_settings")[INDEX]["settings"]["index"]
    found = (
        f"auto_expand_replicas={index.get('auto_expand_replicas')}, number_of_replicas={index['number_of_replicas']}"
    )
    return expect(found == "auto_expand_replicas=0-1, number_of_replicas=0", found)


def english_analysis():
    found = tokens("kb_english", "The baby's injuries")
    return expect(found == ["the", "babi", "injuri"], found)


def synonym_analysis():
    found = tokens("kb_english_synonyms", "NAI")
    return expect({"accident", "injuri", "physic", "abus"} <= set(found), found)


def filters_by_name():
    chain = ["lowercase", "asciifolding", "porter_stem", "flatten_graph"]
    answer = call("POST", f"/{INDEX}/_analyze", {"tokenizer": "standard", "filter": chain, "text": "Café running"})
    found = [t["token"] for t in answer["tokens"]]
    return expect(found == ["cafe", "run"], found)


def bulk_index():
    vectors = {
        "properties": {"embedding": {"type": "dense_vector", "dims": 384, "index": True, "similarity": "cosine"}}
    }
    call("PUT", f"/{INDEX}/_mapping", vectors)
    lines = ""
    for key, (title, text, themes) in DOCS.items():
        doc = {"title": title, "text": text, "themes": themes, "embedding": vector(int(key))}
        lines += json.dumps({"index": {"_id": key}}) + "\n" + json.dumps(doc) + "\n"
    answer = call("POST", f"/{INDEX}/_bulk?refresh=true", ndjson=lines)
    return expect(answer["errors"] is False, f"{len(answer['items'])} documents")


def multi_match():
    found = ids({"query": INJURY})
    return expect(found == ["1"], found)


def multi_match_synonym():
    found = ids({"query": {"multi_match": {"query": "nai", "fields": ["text"]}}})
    return expect(found == ["1"], found)


def phrase_synonym():
    found = ids({"query": {"multi_match": {"query": "physical abuse", "fields": ["text"], "type": "phrase"}}})
    return expect(found == ["1"], found)


def terms_aggregation():
    answer = search({"size": 0, "aggs": {"themes": {"terms": {"field": "themes", "size": 10}}}})
    found = {bucket["key"]: bucket["doc_count"] for bucket in answer["aggregations"]["themes"]["buckets"]}
    return expect(found == {"neglect": 2, "nai": 1}, found)


def highlight():
    tags = {"encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "fields": {"text": {}}}
    found = search({"query": INJURY, "highlight": tags})["hits"]["hits"][0]["highlight"]["text"][0]
    return expect("&lt;script&gt;" in found and "<mark>Injuries</mark>" in found, found)


def knn():
    found = ids({"knn": {"field": "embedding", "query_vector": vector(2), "k": 2, "num_candidates": 10}})
    return expect(found[0] == "2", found)


def more_like_this():
    like = {"fields": ["text"], "like": [{"_index": INDEX, "_id": "2"}], "min_term_freq": 1, "min_doc_freq": 1}
    found = ids({"query": {"more_like_this": like}})
    return expect(found == ["3"], found)


def fuzzy_match():
    found = ids({"query": {"match": {"text": {"query": "neglcet", "fuzziness": "AUTO"}}}})
    return expect(sorted(found) == ["2", "3"], found)


def term_suggester():
    answer = search({"size": 0, "suggest": {"fix": {"text": "neglcet", "term": {"field": "text"}}}})
    found = [option["text"] for option in answer["suggest"]["fix"][0]["options"]]
    return expect(found[:1] == ["neglect"], found)


def delete_by_query():
    answer = call(
        "POST", f"/{INDEX}/_delete_by_query?refresh=true&conflicts=proceed", {"query": {"term": {"themes": "nai"}}}
    )
    left = ids({"query": {"match_all": {}}})
    return expect(answer["deleted"] == 1 and sorted(left) == ["2", "3"], f"deleted {answer['deleted']}, left {left}")


def close_update_open():
    """Works on any version: new inline rules while the index is closed."""
    call("POST", f"/{INDEX}/_close")
    rules = {"type": "synonym_graph", "lenient": True, "synonyms": ["neglect, squalor"]}
    call("PUT", f"/{INDEX}/_settings", {"index": {"analysis": {"filter": {"kb_theme_synonyms": rules}}}})
    call("POST", f"/{INDEX}/_open?wait_for_active_shards=1")
    found = tokens("kb_english_synonyms", "neglect")
    return expect("squalor" in found, found)


def reload_from_file():
    """An updateable filter reads synonyms_path again on POST /<index>/_reload_search_analyzers."""
    SYNONYMS.mkdir(parents=True, exist_ok=True)
    rules = SYNONYMS / "smoke.txt"
    rules.write_text("nai, non accidental injury\n")
    live_synonyms_index("kb-smoke-file", {"synonyms_path": "synonyms/smoke.txt"})
    before = tokens("live", "nai", "kb-smoke-file")
    rules.write_text("nai, non accidental injury\nfgm, female genital mutilation\n")
    call("POST", "/kb-smoke-file/_reload_search_analyzers")
    after = tokens("live", "fgm", "kb-smoke-file")
    rules.unlink()
    return expect("injury" in before and "mutilation" in after, f"{before} then {after}")


def synonyms_set():
    """An updateable filter with synonyms_set is reloaded by the synonyms API itself."""
    call("PUT", "/_synonyms/kb-smoke", {"synonyms_set": [{"id": "nai", "synonyms": "nai, non accidental injury"}]})
    live_synonyms_index("kb-smoke-set", {"synonyms_set": "kb-smoke"})
    call("GET", "/_cluster/health/kb-smoke-set?wait_for_status=green&timeout=30s")
    before = tokens("live", "nai", "kb-smoke-set")
    call("PUT", "/_synonyms/kb-smoke/fgm", {"synonyms": "fgm, female genital mutilation"})
    after = tokens("live", "fgm", "kb-smoke-set")
    return expect("injury" in before and "mutilation" in after, f"{before} then {after}")


CHECKS = [
    ("GET / banner", banner),
    ("cluster health", health),
    ("create index with index_settings()", create_index),
    ("replicas in index_settings()", replicas),
    ("_analyze kb_english (stemming)", english_analysis),
    ("_analyze kb_english_synonyms (NAI)", synonym_analysis),
    ("filters by name (asciifolding, ...)", filters_by_name),
    ("bulk index + dense_vector mapping", bulk_index),
    ("multi_match (stemmed)", multi_match),
    ("multi_match via synonym", multi_match_synonym),
    ("phrase via multi-word synonym", phrase_synonym),
    ("terms aggregation", terms_aggregation),
    ("highlight, encoder html", highlight),
    ("dense_vector 384 cosine + knn", knn),
    ("more_like_this", more_like_this),
    ("match fuzziness AUTO", fuzzy_match),
    ("term suggester", term_suggester),
    ("_delete_by_query", delete_by_query),
    ("synonyms: close, update, open", close_update_open),
    ("synonyms: path + _reload_search_analyzers", reload_from_file),
    ("synonyms: PUT _synonyms + synonyms_set", synonyms_set),
]


def main() -> int:
    started = time.monotonic()
    for name in SCRATCH:
        call("DELETE", f"/{name}", ok=(200, 404))
    results = []
    try:
        for feature, run in CHECKS:
            try:
                results.append((feature, True, run()))
            except (Failed, KeyError, IndexError) as error:
                results.append((feature, False, f"{type(error).__name__}: {error}"[:300]))
    finally:
        for name in SCRATCH:
            call("DELETE", f"/{name}", ok=(200, 404))
        for name in ("kb-smoke", THEME_SET):  # after the indexes that use them
            call("DELETE", f"/_synonyms/{name}", ok=(200, 404))
    width = max(len(feature) for feature, _, _ in results)
    for feature, passed, detail in results:
        print(f"{'ok  ' if passed else 'FAIL'} {feature:<{width}}  {detail}")
    passed = sum(ok for _, ok, _ in results)
    print(f"{passed}/{len(results)} passed in {time.monotonic() - started:.1f} s")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
