"""The ways the benchmark searches, each a callable taking a SearchRequest and returning a total or a count, and the
interleaved timing of all of them.

- ours: the product's one search entry point, search.service.find (parse, the engine's search with every facet
  exact and the page's snippets; and whatever else find comes to do, such as the search-understanding issue's
  query embedding and vector lookup), then the results as the page shows them (search.service.as_results). Only
  the query log's row is left out: service.log_query is replaced by a no-op while the searches are timed.
- elasticsearch: the same find, with our Elasticsearch engine in place of the configured one (the
  service's get_engine swapped for the length of each call).
- anchor: bench/anchor.py, Tantivy at best; raw_fts: bench/fts5_floor.py, the FTS5 floor.
- wagtail: Wagtail's database search as the product configures it (ReviewPage.search_fields: title and ref),
  Page.objects.live().search(q), the figure kept from earlier runs; wagtail_fair: Wagtail's database search over
  the same text as ours (bench/wagtail_fair.py), ReviewPage.objects.live().search(q) with its filters. Both
  evaluated to 20 pages. The fair column needs Wagtail's index rebuilt over that text, so it is timed after the
  others, on its own.
"""

import contextlib
import statistics
import time

from .queries import label
from .wagtail_fair import TIMED_OUT

SLOW_COLUMN_S = 30.0


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


@contextlib.contextmanager
def unlogged():
    """find() without its query log row: the benchmark measures searching, not the analytics insert."""
    from search import service

    original = service.log_query
    service.log_query = lambda *args, **kwargs: None
    try:
        yield
    finally:
        service.log_query = original


@contextlib.contextmanager
def engine_in_service(engine):
    """search.service.find answering with this engine."""
    from search import service

    original = service.get_engine
    service.get_engine = lambda: engine
    try:
        yield
    finally:
        service.get_engine = original


def searchers(requests, anchor, floor, es_engine=None) -> dict:
    """name -> callable(index of the request) for every column of this run. Anything a column needs before its
    search (the anchor's and the floor's compiled queries) is prepared here, untimed."""
    from wagtail.models import Page

    from kb.themes import vocabulary
    from search.query import parse
    from search.service import as_results, find

    from . import wagtail_fair

    trees = [parse(r.q, vocabulary()) for r in requests]
    anchor_queries = [anchor.compile(r, tree) for r, tree in zip(requests, trees, strict=True)]
    floor_queries = [floor.compile(r, tree) for r, tree in zip(requests, trees, strict=True)]

    def ours(i):
        # The product's one search entry point: parsing, ranking (with search understanding, the query embedding and
        # vector lookup, once find does them), every facet and the snippets are all timed here, whatever find does.
        outcome = find(requests[i])
        as_results(outcome.response.hits)
        return outcome.response.total

    def wagtail(i):
        request = requests[i]
        if request.q:
            return len(list(Page.objects.live().search(request.q)[:20]))
        return len(wagtail_fair.listing(request))

    found = {
        "ours": ours,
        "anchor": lambda i: anchor.search(anchor_queries[i]),
        "raw": lambda i: floor.search(floor_queries[i]),
        "wagtail": wagtail,
    }
    if es_engine is not None:

        def elasticsearch(i):
            with engine_in_service(es_engine):
                return ours(i)

        found["elasticsearch"] = elasticsearch
    return found


def time_columns(requests, columns: dict, repeats: int, log=print) -> tuple[dict, dict, dict]:
    """Each request once per column to warm up, then `repeats` rounds, the columns interleaved query by query so
    that noise from other processes falls on all alike; a query's time is the median of its rounds. A column whose
    warm-up took more than SLOW_COLUMN_S in all is timed in the first round only, so that a run still ends within
    minutes. Returns (answers, medians, rounds) by column."""
    answers, warm_up_s = {}, {}
    for name, search in columns.items():
        started = time.perf_counter()
        answers[name] = [search(i) for i in range(len(requests))]
        warm_up_s[name] = time.perf_counter() - started
    slow = {name for name, seconds in warm_up_s.items() if seconds > SLOW_COLUMN_S}
    log("  warm-up: " + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in warm_up_s.items()))
    samples = {name: [[] for _ in requests] for name in columns}
    for round_number in range(repeats):
        for i in range(len(requests)):
            for name, search in columns.items():
                if round_number and name in slow:
                    continue
                started = time.perf_counter()
                search(i)
                samples[name][i].append((time.perf_counter() - started) * 1000)
        log(f"  search round {round_number + 1}/{repeats} done")
    medians = {name: [statistics.median(s) for s in per_query] for name, per_query in samples.items()}
    return answers, medians, {name: 1 if name in slow else repeats for name in columns}


def time_searches(requests, repeats: int, anchor, floor, es_engine=None, log=print) -> dict:
    """Every column timed (time_columns), then Wagtail's index rebuilt over the same text as ours and the fair
    Wagtail column timed on its own."""
    from . import wagtail_fair

    with unlogged():
        answers, medians, rounds = time_columns(requests, searchers(requests, anchor, floor, es_engine), repeats, log)
        log("rebuilding Wagtail's own search index over the same text (bench/wagtail_fair.py)")
        wagtail_index_s = wagtail_fair.build()
        log(f"  {wagtail_index_s:.1f}s; timing Wagtail's search over it")
        fair = {"wagtail_fair": lambda i: wagtail_fair.search(requests[i])}
        fair_answers, fair_medians, fair_rounds = time_columns(requests, fair, repeats, log)
    answers.update(fair_answers)
    medians.update(fair_medians)
    rounds.update(fair_rounds)
    per_query = [
        {
            "query": label(request),
            "total": answers["ours"][i],
            "anchor_total": answers["anchor"][i],
            "wagtail_fair_timed_out": answers["wagtail_fair"][i] == TIMED_OUT,
            **{f"{name}_ms": round(medians[name][i], 3) for name in medians},
        }
        for i, request in enumerate(requests)
    ]
    summary = {}
    for name in medians:
        summary[f"{name}_p50_ms"] = round(percentile(medians[name], 50), 3)
        summary[f"{name}_p95_ms"] = round(percentile(medians[name], 95), 3)
    summary["rounds"] = rounds
    summary["wagtail_fair_timeouts"] = sum(answer == TIMED_OUT for answer in answers["wagtail_fair"])
    summary["wagtail_fair_index_s"] = round(wagtail_index_s, 2)
    return {"summary": summary, "per_query": per_query}
