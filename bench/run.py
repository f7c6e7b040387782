"""The benchmark: one run on one corpus size, in a fresh temporary SQLite database.

    make bench SIZE=small|medium|national [ENGINE=fts5|tantivy]   # or: .venv/bin/python -m bench.run --size small

It generates the corpus (bench/corpus.py), migrates a new database, imports the corpus through the real
importer, rebuilds the search index, times 50 searches (bench/queries.py) three ways, renders the review page
and the search page, then writes bench/results/<size>.json and rewrites BENCHMARKS.md from every results file.

Search latency: each of the 50 requests is run once per engine to warm up, then `--repeats` rounds, the three
engines interleaved query by query so that noise from other processes falls on all three alike. Each query's
time is the median of its rounds; p50 and p95 are taken over the 50 query medians.

- ours: search.engines.get_engine().search(request, parse(q, lexicon)), facets included: run_search minus logging.
- wagtail: Wagtail's own search, Page.objects.live().search(q) on its database backend (SQLite FTS5 over the
  title and ref that ReviewPage.search_fields index), evaluated with list(results[:20]). A browse request has
  no words for it to search, so it gets the nearest listing Wagtail offers: live review pages of the chosen
  types, newest first, first 20.
- raw: the floor: one FTS5 MATCH of the same compiled expression (theme filters as tag tokens, type/kind/year
  filters joined in), ordered by bm25 with the same weights, LIMIT 20, no facets, no snippets, no documents. A
  browse request without a theme is a plain indexed SELECT of 20 entry ids, newest first.

With --engine tantivy, `ours` is the Tantivy engine (results in <size>-tantivy.json), and the same run also
builds the FTS5 index (after the peak memory of the Tantivy part is read) for two more columns:
- fts5: the FTS5 engine's full search, as `ours` is on an FTS5 run;
- raw_tantivy: Tantivy's floor, the compiled query's top 20 by BM25 (or newest first) with its count: nothing else.
"""

import argparse
import datetime
import gc
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpus

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
ROOT = BENCH_DIR.parent
REPEATS = 5
PAGE_REPEATS = 10
SEARCH_PAGE_URL = "/search/?q=neglect"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    ram_gb = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = next(int(line.split()[1]) for line in handle if line.startswith("MemTotal"))
            ram_gb = round(kib / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": f"{platform.system()} {platform.release()}",
    }


def git_commit() -> str:
    """The commit the tree is based on (the tree may hold uncommitted work too)."""
    try:
        command = ["git", "rev-parse", "--short", "HEAD"]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux reports KiB


def memory() -> str:
    """This process's memory now, for the log: resident (anonymous + mapped files such as an index) and peak."""
    values = {}
    with open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                values[name] = int(rest.split()[0]) // 1024
    return (
        f"memory: {values['VmRSS']} MB resident ({values['RssAnon']} MB anonymous, {values['RssFile']} MB mapped "
        f"files), peak {values['VmHWM']} MB"
    )


# ---- the three ways of searching ---------------------------------------------------------------------------


def raw_statement(request, query) -> tuple[str, list]:
    """The floor for one request: a single ranked FTS5 MATCH, LIMIT 20, nothing else."""
    from search.engines.fts5 import WEIGHTS, _string, compile_match, theme_token

    positive, negative = compile_match(query)
    match = [f"({positive})"] if positive else []
    match += [f"tags : {_string(theme_token(slug))}" for slug in request.themes]
    joins, where, params = "", [], []
    for column, values in (("kind", request.kinds), ("review_type", request.types)):
        if values:
            where.append(f"e.{column} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
    for clause, value in (("e.year >= %s", request.year_from), ("e.year <= %s", request.year_to)):
        if value:
            where.append(clause)
            params.append(value)
    if not match:
        sql = "SELECT e.id FROM kbsearch_entry e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql + " ORDER BY e.published DESC LIMIT 20", params
    expression = " AND ".join(match)
    if negative:
        expression = f"({expression}) NOT ({negative})"
    if where:
        joins = " JOIN kbsearch_entry e ON e.id = kbsearch_fts.rowid"
    weights = ", ".join(str(w) for w in WEIGHTS)
    sql = (
        f"SELECT kbsearch_fts.rowid FROM kbsearch_fts{joins} WHERE kbsearch_fts MATCH %s"
        + "".join(f" AND {clause}" for clause in where)
        + f" ORDER BY bm25(kbsearch_fts, {weights}) LIMIT 20"
    )
    return sql, [expression, *params]


def comparisons() -> dict:
    """The columns a Tantivy run adds: FTS5's full search and Tantivy's floor."""
    import datetime as dt

    from tantivy import Order

    from search.engines import get_engine
    from search.engines.fts5 import FTS5Engine
    from search.engines.tantivy_engine.compiler import compile_search
    from search.lexicon import get_lexicon
    from search.query import parse

    fts5, tantivy = FTS5Engine(), get_engine()

    def fts5_search(request):
        return fts5.search(request, parse(request.q, get_lexicon())).total

    def raw_tantivy(request):
        query, ranked = compile_search(request, parse(request.q, get_lexicon()), dt.datetime.now(dt.UTC))
        searcher = tantivy.store.reader().searcher()
        if ranked is not None:
            return searcher.search(query, 20, count=True).count
        return searcher.search(query, 20, count=True, order_by_field="newest", order=Order.Desc).count

    return {"fts5": fts5_search, "raw_tantivy": raw_tantivy}


def searchers(compare: bool = False) -> dict:
    from django.db import connection
    from wagtail.models import Page

    from reviews.models import ReviewPage
    from search.engines import get_engine
    from search.lexicon import get_lexicon
    from search.query import parse

    engine = get_engine()

    def ours(request):
        return engine.search(request, parse(request.q, get_lexicon())).total

    def wagtail(request):
        if request.q:
            return len(list(Page.objects.live().search(request.q)[:20]))
        pages = ReviewPage.objects.live()
        if request.types:
            pages = pages.filter(review_type__in=request.types)
        return len(list(pages.order_by("-published_date", "-pk")[:20]))

    def raw(request):
        sql, params = raw_statement(request, parse(request.q, get_lexicon()))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return len(cursor.fetchall())

    return {"ours": ours, "wagtail": wagtail, "raw": raw, **(comparisons() if compare else {})}


def time_searches(requests, repeats: int, compare: bool = False) -> dict:
    from .queries import label

    engines = searchers(compare)
    answers = {name: [engine(r) for r in requests] for name, engine in engines.items()}  # warm-up
    samples = {name: [[] for _ in requests] for name in engines}
    for round_number in range(repeats):
        for i, request in enumerate(requests):
            for name, engine in engines.items():
                started = time.perf_counter()
                engine(request)
                samples[name][i].append((time.perf_counter() - started) * 1000)
        log(f"  search round {round_number + 1}/{repeats} done")
    medians = {name: [statistics.median(s) for s in per_query] for name, per_query in samples.items()}
    per_query = [
        {
            "query": label(request),
            "total": answers["ours"][i],
            **{f"{name}_ms": round(medians[name][i], 3) for name in engines},
        }
        for i, request in enumerate(requests)
    ]
    summary = {}
    if "fts5" in answers:  # the same totals on both engines, or the queries where they differ
        summary["totals_differing_from_fts5"] = [
            label(r) for r, ours, fts5 in zip(requests, answers["ours"], answers["fts5"], strict=True) if ours != fts5
        ]
    for name in engines:
        summary[f"{name}_p50_ms"] = round(percentile(medians[name], 50), 3)
        summary[f"{name}_p95_ms"] = round(percentile(medians[name], 95), 3)
    return {"summary": summary, "per_query": per_query}


# ---- pages -------------------------------------------------------------------------------------------------


def measure_page(client, url: str, repeats: int = PAGE_REPEATS) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up (site root paths, templates)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # now: the next request empties the connection's query log
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2), query_count


# ---- the run -----------------------------------------------------------------------------------------------


def timed_rebuilds(engine, clock: dict) -> None:
    """Make the engine's rebuild note the time spent making its batches (reading pages, building documents), so
    the rest of the reindex is the engine's own time."""
    rebuild = engine.rebuild

    def batches_timed(batches):
        iterator = iter(batches)
        while True:
            started = time.perf_counter()
            batch = next(iterator, None)
            clock["documents_s"] += time.perf_counter() - started
            if batch is None:
                return
            yield batch

    engine.rebuild = lambda batches: rebuild(batches_timed(batches))


def build_fts5_for_comparison() -> float:
    """Fill the FTS5 tables too (a Tantivy run compares with them); returns the seconds it took."""
    from search import indexing
    from search.engines.fts5 import FTS5Engine

    started = time.perf_counter()
    FTS5Engine().rebuild(indexing._batches(indexing.searchable_indexed_pages()))
    return time.perf_counter() - started


def run(size: str, reviews: int, seed: int, repeats: int, workdir: Path, engine_name: str = "fts5") -> dict:
    started = time.perf_counter()
    corpus_path = workdir / "corpus.json"
    log(f"generating {reviews} reviews (seed {seed})")
    counts = corpus.write(corpus_path, reviews, seed)
    log(f"  {counts['findings']} findings, {counts['recommendations']} recommendations")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from reviews.importing import import_file
    from reviews.models import ReviewPage
    from search import indexing
    from search.engines import get_engine

    from .queries import requests

    log("migrating a fresh database")
    call_command("migrate", interactive=False, verbosity=0)

    log("importing through reviews.importing.import_file (validate, write, index after commit)")
    gc.collect()
    t = time.perf_counter()
    result = import_file(corpus_path)
    import_s = time.perf_counter() - t
    assert result.created == reviews, result.created
    log(f"  {import_s:.1f}s, {reviews / import_s:.1f} reviews/s; {memory()}")

    log(f"rebuilding the {engine_name} search index (search.indexing.rebuild)")
    clock = {"documents_s": 0.0}
    timed_rebuilds(get_engine(), clock)
    t = time.perf_counter()
    counts_by_kind = indexing.rebuild()
    reindex_s = time.perf_counter() - t
    log(f"  {reindex_s:.1f}s ({clock['documents_s']:.1f}s of it reading pages and building documents)")
    log(f"  {counts_by_kind}; {memory()}")

    log("rebuilding Wagtail's own search index (manage.py update_index)")
    t = time.perf_counter()
    call_command("update_index", verbosity=0)
    wagtail_index_s = time.perf_counter() - t
    log(f"  {wagtail_index_s:.1f}s")

    compare = engine_name != "fts5"
    if compare:
        peak_before_comparison = peak_rss_mb()  # the FTS5 build below is not part of this engine's footprint
        log("building the FTS5 index as well, to compare with it")
        fts5_reindex_s = build_fts5_for_comparison()
        log(f"  {fts5_reindex_s:.1f}s")

    log(f"timing 50 searches x {5 if compare else 3} engines x {repeats} rounds")
    searches = time_searches(requests(), repeats, compare)
    log(f"  {memory()}")

    log("rendering the review page and the search page")
    client = Client()
    review = (
        ReviewPage.objects.live()
        .public()
        .annotate(n=Count("findings", distinct=True) + Count("recommendations", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    review_page_ms, review_page_queries = measure_page(client, review.url)
    search_page_ms, search_page_queries = measure_page(client, SEARCH_PAGE_URL)

    summary = searches["summary"]
    hits = get_engine().count()
    extra = {}
    if compare:
        extra = {
            "fts5_reindex_s": round(fts5_reindex_s, 2),
            "fts5_p50_ms": summary["fts5_p50_ms"],
            "fts5_p95_ms": summary["fts5_p95_ms"],
            "raw_tantivy_p50_ms": summary["raw_tantivy_p50_ms"],
            "raw_tantivy_p95_ms": summary["raw_tantivy_p95_ms"],
            "ratio_vs_raw_tantivy": round(summary["ours_p95_ms"] / summary["raw_tantivy_p95_ms"], 2),
            "totals_differing_from_fts5": summary["totals_differing_from_fts5"],
            "peak_rss_with_fts5_comparison_mb": peak_rss_mb(),
        }
    return {
        "size": size,
        "engine": engine_name,
        "reviews": reviews,
        "findings": counts["findings"],
        "recommendations": counts["recommendations"],
        "hits": sum(hits.values()),
        "hits_by_kind": hits,
        "seed": seed,
        "import_s": round(import_s, 2),
        "import_per_s": round(reviews / import_s, 1),
        "reindex_s": round(reindex_s, 2),
        "reindex_engine_s": round(reindex_s - clock["documents_s"], 2),
        "wagtail_update_index_s": round(wagtail_index_s, 2),
        "search_p50_ms": summary["ours_p50_ms"],
        "search_p95_ms": summary["ours_p95_ms"],
        "wagtail_p50_ms": summary["wagtail_p50_ms"],
        "wagtail_p95_ms": summary["wagtail_p95_ms"],
        "raw_fts_p50_ms": summary["raw_p50_ms"],
        "raw_fts_p95_ms": summary["raw_p95_ms"],
        "ratio_vs_raw": round(summary["ours_p95_ms"] / summary["raw_p95_ms"], 2),
        "ratio_vs_wagtail": round(summary["ours_p95_ms"] / summary["wagtail_p95_ms"], 2),
        "review_page": {"url": review.url, "findings_and_recommendations": review.n},
        "review_page_ms": review_page_ms,
        "review_page_queries": review_page_queries,
        "search_page": SEARCH_PAGE_URL,
        "search_page_ms": search_page_ms,
        "search_page_queries": search_page_queries,
        "search_repeats": repeats,
        "peak_rss_mb": peak_before_comparison if compare else peak_rss_mb(),
        "total_s": round(time.perf_counter() - started, 1),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "machine": machine(),
        "queries": searches["per_query"],
        **extra,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmark on one corpus size.")
    parser.add_argument("--size", choices=[s for s in corpus.SIZES if s != "tiny"] + ["tiny"], default="small")
    parser.add_argument("--reviews", type=int, help="override the number of reviews (results named after it)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed rounds per search")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and corpus")
    parser.add_argument("--engine", choices=["fts5", "tantivy"], default="fts5", help="the engine `ours` uses")
    args = parser.parse_args(argv)
    reviews = args.reviews or corpus.SIZES[args.size]
    size = args.size if not args.reviews else f"{args.reviews}"

    workdir = Path(tempfile.mkdtemp(prefix=f"kb-bench-{size}-"))
    # A fresh database for this run only, whatever DATABASE_URL the shell has.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["KB_BENCH_DIR"] = str(workdir)
    os.environ["KB_SEARCH_ENGINE"] = args.engine
    os.environ["KB_SEARCH_INDEX_DIR"] = str(workdir / "search-index")
    sys.path.insert(0, str(ROOT))
    log(f"benchmark '{size}' in {workdir}")
    try:
        result = run(size, reviews, args.seed, args.repeats, workdir, args.engine)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    from .report import write_benchmarks_md

    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / (f"{size}.json" if args.engine == "fts5" else f"{size}-{args.engine}.json")
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    write_benchmarks_md()
    log(f"wrote {path.relative_to(ROOT)} and BENCHMARKS.md")
    keys = (
        "reviews",
        "hits",
        "import_per_s",
        "reindex_s",
        "reindex_engine_s",
        "peak_rss_mb",
        "search_p50_ms",
        "search_p95_ms",
        "wagtail_p95_ms",
        "raw_fts_p95_ms",
        "ratio_vs_raw",
        "ratio_vs_wagtail",
        "review_page_ms",
        "review_page_queries",
        "search_page_ms",
        "search_page_queries",
        "total_s",
        *("fts5_reindex_s", "fts5_p50_ms", "fts5_p95_ms", "raw_tantivy_p50_ms", "raw_tantivy_p95_ms"),
        "totals_differing_from_fts5",
    )
    print(json.dumps({key: result[key] for key in keys if key in result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
