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
THEMES = [
    ("neglect", "Neglect", ["poor home conditions"]),
    ("nai", "Non-accidental injury", ["NAI", "physical abuse"]),
]
DOCS = {
    "1": {"title": "Child A", "text": "Injuries to the baby's arm were not explained: a non-accidental injury <script>", "themes": ["nai"]},
    "2": {"title": "Child B", "text": "The home was cold and dirty: neglect over years", "themes": ["neglect"]},
    "3": {"title": "Child C", "text": "Missed school appointments and neglect at home", "themes": ["neglect"]},
}
results: list[tuple[str, bool, str]] = []


def call(method: str, path: str, body=None, ok=(200, 201)) -> dict:
    """One request; the parsed JSON answer (raises on an unexpected status)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(URL + path, data=data, method=method, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    if status not in ok:
        raise RuntimeError(f"{method} {path} -> {status}: {text[:300]}")
    return json.loads(text) if text else {}


def check(feature: str, run) -> None:
    """Record whether run() returns a true detail string (or raises)."""
    try:
        detail = run()
        results.append((feature, bool(detail), str(detail)))
    except Exception as error:  # the table shows it; the exit code says it failed
        results.append((feature, False, f"{type(error).__name__}: {error}"[:300]))


def tokens(analyzer: str, text: str, index: str = INDEX) -> list[str]:
    return [t["token"] for t in call("POST", f"/{index}/_analyze", {"analyzer": analyzer, "text": text})["tokens"]]


def ids(body: dict) -> list[str]:
    return [hit["_id"] for hit in call("POST", f"/{INDEX}/_search", body)["hits"]["hits"]]


def vector(seed: int) -> list[float]:
    """A 384-dimension vector pointing mostly along one axis."""
    return [1.0 if i == seed else 0.01 * ((i * 7 + seed) % 5) for i in range(384)]


def index_body() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from search.engines.elastic import index_settings

    return index_settings(THEMES)


def synonym_index(name: str, synonyms_filter: dict) -> None:
    """An index whose search analyzer has one updateable synonym filter (Elastic's way to change synonyms live)."""
    analysis = {
        "filter": {"live_synonyms": {"type": "synonym_graph", "updateable": True, **synonyms_filter}},
        "analyzer": {"live": {"tokenizer": "standard", "filter": ["lowercase", "live_synonyms"]}},
    }
    mappings = {"properties": {"text": {"type": "text", "analyzer": "standard", "search_analyzer": "live"}}}
    call("PUT", f"/{name}", {"settings": {"number_of_replicas": 0, "analysis": analysis}, "mappings": mappings})


def main() -> int:
    for name in (INDEX, "kb-smoke-file", "kb-smoke-set"):
        call("DELETE", f"/{name}", ok=(200, 404))
    body = index_body()
    check("GET / banner", lambda: call("GET", "/")["version"]["number"])
    check("cluster health", lambda: call("GET", "/_cluster/health")["status"])
    check("create index with index_settings()", lambda: call("PUT", f"/{INDEX}", body)["acknowledged"] and "created")
    check("replicas in index_settings()", lambda: "number_of_replicas=" + call("GET", f"/{INDEX}/_settings")[INDEX]["settings"]["index"]["number_of_replicas"])
    check("_analyze kb_english", lambda: (t := tokens("kb_english", "The baby's injuries")) == ["babi", "injuri"] and t)
    check("_analyze synonyms (NAI)", lambda: {"accident", "injuri", "physic", "abus"} <= set(t := tokens("kb_english_synonyms", "NAI")) and t)
    check("_analyze asciifolding/porter_stem by name", lambda: call("POST", f"/{INDEX}/_analyze", {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "porter_stem", "flatten_graph"], "text": "Café running"})["tokens"][0]["token"] == "cafe" and "cafe run")

    call("PUT", f"/{INDEX}/_mapping", {"properties": {"embedding": {"type": "dense_vector", "dims": 384, "index": True, "similarity": "cosine"}}})
    lines = "".join(
        json.dumps({"index": {"_id": key}}) + "\n" + json.dumps({**doc, "embedding": vector(int(key))}) + "\n"
        for key, doc in DOCS.items()
    )
    request = urllib.request.Request(f"{URL}/{INDEX}/_bulk?refresh=true", data=lines.encode(), method="POST", headers={"content-type": "application/x-ndjson"})
    with urllib.request.urlopen(request, timeout=60) as response:
        check("bulk index 3 documents", lambda: json.loads(response.read())["errors"] is False and "indexed")

    multi = {"multi_match": {"query": "injury", "fields": ["title^10", "text^6"], "type": "best_fields", "operator": "and"}}
    check("multi_match (stemmed)", lambda: (r := ids({"query": multi})) == ["1"] and r)
    check("multi_match via synonym (NAI)", lambda: (r := ids({"query": {"multi_match": {"query": "nai", "fields": ["text"]}}})) == ["1"] and r)
    phrase = {"multi_match": {"query": "physical abuse", "fields": ["text"], "type": "phrase"}}
    check("phrase via multi-word synonym", lambda: (r := ids({"query": phrase})) == ["1"] and r)
    aggs = {"size": 0, "aggs": {"themes": {"terms": {"field": "themes", "size": 10}}}}
    check("terms aggregation", lambda: (b := {x["key"]: x["doc_count"] for x in call("POST", f"/{INDEX}/_search", aggs)["aggregations"]["themes"]["buckets"]}) == {"neglect": 2, "nai": 1} and b)
    highlight = {"query": multi, "highlight": {"encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "fields": {"text": {}}}}
    check("highlight, encoder html", lambda: "&lt;script&gt;" in (h := call("POST", f"/{INDEX}/_search", highlight)["hits"]["hits"][0]["highlight"]["text"][0]) and "<mark>Injuries</mark>" in h and h)  # noqa: E501
    knn = {"knn": {"field": "embedding", "query_vector": vector(2), "k": 2, "num_candidates": 10}, "_source": False}
    check("dense_vector 384 cosine + knn", lambda: (r := ids(knn))[0] == "2" and r)
    mlt = {"query": {"more_like_this": {"fields": ["text"], "like": [{"_index": INDEX, "_id": "2"}], "min_term_freq": 1, "min_doc_freq": 1}}}
    check("more_like_this", lambda: (r := ids(mlt)) == ["3"] and r)
    fuzzy = {"query": {"match": {"text": {"query": "neglcet", "fuzziness": "AUTO"}}}}
    check("match fuzziness AUTO", lambda: sorted(r := ids(fuzzy)) == ["2", "3"] and r)
    suggest = {"size": 0, "suggest": {"fix": {"text": "neglcet", "term": {"field": "text"}}}}
    check("term suggester", lambda: (o := [x["text"] for x in call("POST", f"/{INDEX}/_search", suggest)["suggest"]["fix"][0]["options"]]) and o[0] == "neglect" and o)
    dbq = {"query": {"term": {"themes": "nai"}}}
    check("_delete_by_query", lambda: call("POST", f"/{INDEX}/_delete_by_query?refresh=true&conflicts=proceed", dbq)["deleted"] == 1 and ids({"query": {"match_all": {}}}) == ["2", "3"] and "deleted 1")

    # Changing synonyms without re-creating the index, three ways.
    def close_update_open():
        call("POST", f"/{INDEX}/_close")
        rules = {"index": {"analysis": {"filter": {"kb_theme_synonyms": {"type": "synonym_graph", "lenient": True, "synonyms": ["neglect, squalor"]}}}}}
        call("PUT", f"/{INDEX}/_settings", rules)
        call("POST", f"/{INDEX}/_open?wait_for_active_shards=1")
        return "squalor" in (t := tokens("kb_english_synonyms", "neglect")) and t

    check("synonyms: close, update settings, open", close_update_open)

    def reload_from_file():
        folder = ROOT / "var/elasticsearch/config/synonyms"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "smoke.txt").write_text("nai, non accidental injury\n")
        synonym_index("kb-smoke-file", {"synonyms_path": "synonyms/smoke.txt"})
        before = tokens("live", "nai", "kb-smoke-file")
        (folder / "smoke.txt").write_text("nai, non accidental injury\nfgm, female genital mutilation\n")
        call("POST", "/kb-smoke-file/_reload_search_analyzers")
        after = tokens("live", "fgm", "kb-smoke-file")
        (folder / "smoke.txt").unlink()
        return "injury" in before and "mutilation" in after and f"{before} / {after}"

    check("synonyms: synonyms_path + _reload_search_analyzers", reload_from_file)

    def synonyms_set():
        call("PUT", "/_synonyms/kb-smoke", {"synonyms_set": [{"id": "nai", "synonyms": "nai, non accidental injury"}]})
        synonym_index("kb-smoke-set", {"synonyms_set": "kb-smoke"})
        call("GET", "/_cluster/health/kb-smoke-set?wait_for_status=green&timeout=30s")
        before = tokens("live", "nai", "kb-smoke-set")
        call("PUT", "/_synonyms/kb-smoke/fgm", {"synonyms": "fgm, female genital mutilation"})  # reloads by itself
        after = tokens("live", "fgm", "kb-smoke-set")
        return "injury" in before and "mutilation" in after and f"{before} / {after}"

    check("synonyms: PUT _synonyms + synonyms_set", synonyms_set)

    for name in (INDEX, "kb-smoke-file", "kb-smoke-set"):
        call("DELETE", f"/{name}", ok=(200, 404))
    call("DELETE", "/_synonyms/kb-smoke", ok=(200, 404))
    width = max(len(feature) for feature, _, _ in results)
    for feature, passed, detail in results:
        print(f"{'ok  ' if passed else 'FAIL'} {feature:<{width}}  {detail}")
    return 0 if all(passed for _, passed, _ in results) else 1


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"{sum(p for _, p, _ in results)}/{len(results)} passed in {time.monotonic() - started:.1f} s")
    sys.exit(code)
