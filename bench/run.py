"""The benchmark: one run on one corpus size, in a fresh temporary SQLite database.

    make bench SIZE=small|medium|national        # or: .venv/bin/python -m bench.run --size small
    make bench SIZE=small ENGINE=elasticsearch   # adds the Elasticsearch column (ELASTICSEARCH_URL, or :9200)

It generates the corpus (bench/corpus.py), migrates a new database, imports the corpus through the real
importer, rebuilds the search index (search.indexing.rebuild, as `manage.py reindex`), builds what the comparison
columns search (Wagtail's index over the same text, the anchor's Tantivy index, the FTS5 floor's table), times 50
searches (bench/queries.py) in every column (bench/searchers.py), renders the review page and the search page,
then writes bench/results/<size>.json and rewrites BENCHMARKS.md from every results file.

No result cache is used anywhere in a timed run: the product has none, and every column searches its index anew.
"""

import argparse
import contextlib
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
from . import elastic as es_column

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
ROOT = BENCH_DIR.parent
REPEATS = 5
PAGE_REPEATS = 10
SEARCH_PAGE_URL = "/search/?q=neglect"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


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
    """This process's memory now, for the log: resident (anonymous and mapped files such as an index) and peak."""
    values = {}
    with contextlib.suppress(OSError), open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                values[name] = int(rest.split()[0]) // 1024
    if len(values) < 4:
        return f"memory: peak {peak_rss_mb()} MB"
    return (
        f"memory: {values['VmRSS']} MB resident ({values['RssAnon']} MB anonymous, {values['RssFile']} MB mapped "
        f"files), peak {values['VmHWM']} MB"
    )


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


def compare_engines(requests, es_engine) -> list[dict]:
    """Where the two engines' totals or facet counts differ (an empty list: they agree on every request)."""
    from search.engines import get_engine
    from search.service import find

    from .searchers import engine_in_service, unlogged

    def answers(engine):
        with unlogged(), engine_in_service(engine):
            return [es_column.answer(find(r).response) for r in requests]

    return es_column.disagreements(requests, answers(get_engine()), answers(es_engine))


def elasticsearch_results(es_engine, index_s: float, summary: dict, disagreements: list[dict]) -> dict:
    """The Elasticsearch column of the results file."""
    return {
        "elasticsearch_index_s": round(index_s, 2),
        "elasticsearch_p50_ms": summary["elasticsearch_p50_ms"],
        "elasticsearch_p95_ms": summary["elasticsearch_p95_ms"],
        "elasticsearch_hits": sum(es_engine.count().values()),
        "elasticsearch_disagreements": disagreements,
        "elasticsearch": es_column.server(es_engine),
    }


def build_floors(workdir: Path):
    """The anchor's Tantivy index and the FTS5 floor's table, filled in one pass over the product's search
    documents for every searchable page (the documents `reindex` writes). Untimed: these are the yardsticks."""
    from search.indexing import _batches, searchable_indexed_pages

    from .anchor import Anchor
    from .fts5_floor import FTS5Floor

    anchor, floor = Anchor(workdir / "anchor-index"), FTS5Floor(workdir / "fts5-floor.sqlite3")
    for batch in _batches(searchable_indexed_pages()):
        for documents in batch.values():
            for document in documents:
                anchor.add(document)
                floor.add(document)
    anchor.finish()
    floor.finish()
    return anchor, floor


def ratios(summary: dict, per_query: list[dict]) -> dict:
    """Ours against the anchor: p50 and p95 ratios, and the worst single query's."""
    worst = max(per_query, key=lambda q: q["ours_ms"] / max(q["anchor_ms"], 1e-6))
    return {
        "ratio_vs_anchor_p50": round(summary["ours_p50_ms"] / summary["anchor_p50_ms"], 2),
        "ratio_vs_anchor_p95": round(summary["ours_p95_ms"] / summary["anchor_p95_ms"], 2),
        "worst_query_vs_anchor": {
            "query": worst["query"],
            "ratio": round(worst["ours_ms"] / max(worst["anchor_ms"], 1e-6), 2),
        },
        "anchor_totals_differing": [q["query"] for q in per_query if q["total"] != q["anchor_total"]],
    }


def run(size: str, reviews: int, seed: int, repeats: int, workdir: Path, es_url: str = "") -> dict:
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
    from .searchers import time_searches

    log("migrating a fresh database")
    call_command("migrate", interactive=False, verbosity=0)

    log("importing through reviews.importing.import_file (validate, write, index after commit)")
    gc.collect()
    t = time.perf_counter()
    result = import_file(corpus_path)
    import_s = time.perf_counter() - t
    assert result.created == reviews, result.created
    log(f"  {import_s:.1f}s, {reviews / import_s:.1f} reviews/s; {memory()}")

    log("rebuilding the search index (search.indexing.rebuild, as manage.py reindex)")
    t = time.perf_counter()
    counts_by_kind = indexing.rebuild()
    reindex_s = time.perf_counter() - t
    log(f"  {reindex_s:.1f}s: {counts_by_kind}; {memory()}")
    product_peak_mb = peak_rss_mb()  # before the bench builds its own comparison indexes

    log("building the anchor's Tantivy index and the FTS5 floor's table from the same documents")
    t = time.perf_counter()
    anchor, floor = build_floors(workdir)
    log(f"  {time.perf_counter() - t:.1f}s, {anchor.count} documents; {memory()}")

    with contextlib.ExitStack() as stack:
        es_engine = stack.enter_context(es_column.elasticsearch_engine(es_url)) if es_url else None
        es = {}
        if es_engine is not None:
            log(f"indexing into Elasticsearch at {es_url} (the engine's rebuild)")
            es_index_s = es_column.index(es_engine)
            log(f"  {es_index_s:.1f}s")
        log(f"timing 50 searches x {5 if es_engine else 4} columns x {repeats} rounds, then Wagtail's over the text")
        searches = time_searches(requests(), repeats, anchor, floor, es_engine, log=log)
        if es_engine is not None:
            disagreements = compare_engines(requests(), es_engine)
            log(f"  the engines disagree on {len(disagreements)} of 50 requests")
            es = elasticsearch_results(es_engine, es_index_s, searches["summary"], disagreements)
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
    return {
        "size": size,
        "engine": get_engine().name,
        "reviews": reviews,
        "findings": counts["findings"],
        "recommendations": counts["recommendations"],
        "hits": sum(hits.values()),
        "hits_by_kind": hits,
        "seed": seed,
        "import_s": round(import_s, 2),
        "import_per_s": round(reviews / import_s, 1),
        "reindex_s": round(reindex_s, 2),
        "wagtail_fair_update_index_s": summary["wagtail_fair_index_s"],
        "search_p50_ms": summary["ours_p50_ms"],
        "search_p95_ms": summary["ours_p95_ms"],
        "anchor_p50_ms": summary["anchor_p50_ms"],
        "anchor_p95_ms": summary["anchor_p95_ms"],
        "wagtail_p50_ms": summary["wagtail_p50_ms"],
        "wagtail_p95_ms": summary["wagtail_p95_ms"],
        "wagtail_fair_p50_ms": summary["wagtail_fair_p50_ms"],
        "wagtail_fair_p95_ms": summary["wagtail_fair_p95_ms"],
        "wagtail_fair_timeouts": summary["wagtail_fair_timeouts"],
        "raw_fts_p50_ms": summary["raw_p50_ms"],
        "raw_fts_p95_ms": summary["raw_p95_ms"],
        **ratios(summary, searches["per_query"]),
        "ratio_vs_raw": round(summary["ours_p95_ms"] / summary["raw_p95_ms"], 2),
        "ratio_vs_wagtail": round(summary["ours_p95_ms"] / summary["wagtail_p95_ms"], 2),
        "ratio_vs_wagtail_fair": round(summary["ours_p95_ms"] / summary["wagtail_fair_p95_ms"], 2),
        "review_page": {"url": review.url, "findings_and_recommendations": review.n},
        "review_page_ms": review_page_ms,
        "review_page_queries": review_page_queries,
        "search_page": SEARCH_PAGE_URL,
        "search_page_ms": search_page_ms,
        "search_page_queries": search_page_queries,
        **es,
        "search_repeats": repeats,
        "search_rounds": summary["rounds"],
        "peak_rss_mb": product_peak_mb,
        "peak_rss_run_mb": peak_rss_mb(),
        "total_s": round(time.perf_counter() - started, 1),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "machine": machine(),
        "queries": searches["per_query"],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmark on one corpus size.")
    parser.add_argument("--size", choices=[s for s in corpus.SIZES if s != "tiny"] + ["tiny"], default="small")
    parser.add_argument("--reviews", type=int, help="override the number of reviews (results named after it)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed rounds per search")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and corpus")
    parser.add_argument(
        "--elasticsearch",
        metavar="URL",
        default="",
        help=f"also index into and search this Elasticsearch server (e.g. {es_column.DEFAULT_URL})",
    )
    args = parser.parse_args(argv)
    reviews = args.reviews or corpus.SIZES[args.size]
    size = args.size if not args.reviews else f"{args.reviews}"

    workdir = Path(tempfile.mkdtemp(prefix=f"kb-bench-{size}-"))
    # A fresh database for this run only, whatever DATABASE_URL the shell has.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["KB_BENCH_DIR"] = str(workdir)
    sys.path.insert(0, str(ROOT))
    log(f"benchmark '{size}' in {workdir}")
    try:
        result = run(size, reviews, args.seed, args.repeats, workdir, args.elasticsearch)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    from .report import write_benchmarks_md

    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{size}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    write_benchmarks_md()
    log(f"wrote {path.relative_to(ROOT)} and BENCHMARKS.md")
    keys = (
        "reviews",
        "hits",
        "import_per_s",
        "reindex_s",
        "peak_rss_mb",
        "peak_rss_run_mb",
        "search_p50_ms",
        "search_p95_ms",
        "anchor_p50_ms",
        "anchor_p95_ms",
        "ratio_vs_anchor_p50",
        "ratio_vs_anchor_p95",
        "worst_query_vs_anchor",
        "wagtail_p95_ms",
        "wagtail_fair_p95_ms",
        "raw_fts_p95_ms",
        "elasticsearch_index_s",
        "elasticsearch_p50_ms",
        "elasticsearch_p95_ms",
        "review_page_ms",
        "review_page_queries",
        "search_page_ms",
        "search_page_queries",
        "total_s",
    )
    print(json.dumps({key: result[key] for key in keys if key in result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
