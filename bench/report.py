"""BENCHMARKS.md, rewritten from whatever bench/results/*.json exist:  python -m bench.report"""

import json
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
BENCHMARKS_MD = BENCH_DIR.parent / "BENCHMARKS.md"
ORDER = ["tiny", "small", "medium", "national"]
TARGET_SIZE = "national"
MAX_RATIO_VS_RAW = 2.0
MAX_RATIO_VS_WAGTAIL = 0.5

INTRO = """# Benchmarks

Produced by `make bench SIZE=small|medium|national` (issue #7); this file is rewritten by every run from the
results in `bench/results/*.json`, which also hold each search's own timings. Do not edit it by hand.

Each run generates a deterministic synthetic corpus (`bench/corpus.py`, seed 2026: all eight review types,
3 to 8 themes each, 3 to 12 findings and 2 to 15 recommendations, text built from the taxonomy's names and
synonyms), migrates a fresh temporary SQLite database, imports the corpus through the real importer
(`reviews.importing.import_file`: validation, the all-or-nothing write, the search index update after commit),
rebuilds the index (`search.indexing.rebuild`), then times 50 searches (`bench/queries.py`: keywords, phrases,
exclusion and OR, synonyms such as NAI, FGM and "cot death", theme filter plus keywords, browsing by facets):

- **search**: our engine as `run_search` calls it (parse, engine search with all facets and snippets), minus logging;
- **Wagtail**: Wagtail's built-in search, `Page.objects.live().search(q)` on its database backend (which indexes
  page titles and refs only), evaluated to 20 results; browse-only requests get a live-review listing instead;
- **raw FTS**: the floor, one FTS5 `MATCH` of the same expression ordered by bm25, `LIMIT 20`, nothing else.

Every query is warmed up, then timed in interleaved rounds (the median of its rounds is its time); p50 and p95
are over the 50 queries. Page timings are the median of 10 test-client GETs after a warm-up: the review page
of the review with the most findings and recommendations, and `/search/?q=neglect`.
"""


REQUIRED = ("size", "reviews", "hits", "import_per_s", "search_p95_ms", "raw_fts_p95_ms", "wagtail_p95_ms")


def load_results() -> list[dict]:
    """bench.run's results files (others may keep other results in the same folder, e.g. load tests)."""
    results = []
    for path in RESULTS_DIR.glob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and all(key in data for key in REQUIRED):
            results.append(data)

    def key(result):
        size = str(result.get("size"))
        order = ORDER.index(size) if size in ORDER else len(ORDER)
        return (order, result.get("reviews", 0), result.get("engine", "fts5") != "fts5")

    return sorted(results, key=key)


def _ms(value) -> str:
    return f"{value:,.1f}" if value >= 10 else f"{value:,.2f}"


def results_table(results: list[dict]) -> str:
    header = (
        "| size | reviews | hits | import (reviews/s) | reindex (s) | peak RSS (MB) | search p50 / p95 (ms) "
        "| Wagtail p95 (ms) | raw FTS p95 (ms) | search ÷ raw | search ÷ Wagtail "
        "| review page (ms / queries) | search page (ms / queries) | run |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
    )
    rows = []
    for r in results:
        size = r["size"] if r.get("engine", "fts5") == "fts5" else f"{r['size']} ({r['engine']})"
        rows.append(
            f"| {size} | {r['reviews']:,} | {r['hits']:,} | {r['import_per_s']:,.1f} | {r['reindex_s']:,.1f} "
            f"| {r['peak_rss_mb']:,.0f} | {_ms(r['search_p50_ms'])} / {_ms(r['search_p95_ms'])} "
            f"| {_ms(r['wagtail_p95_ms'])} | {_ms(r['raw_fts_p95_ms'])} | {r['ratio_vs_raw']:.2f} "
            f"| {r['ratio_vs_wagtail']:.2f} | {r['review_page_ms']:.1f} / {r['review_page_queries']} "
            f"| {r['search_page_ms']:.1f} / {r['search_page_queries']} | {r['date']}, {r.get('commit') or '?'} |"
        )
    return header + "\n".join(rows) + "\n"


def machines(results: list[dict]) -> str:
    seen = []
    for r in results:
        m = r.get("machine") or {}
        line = (
            f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores, {m.get('ram_gb', '?')} GB RAM, "
            f"{m.get('os', '?')}, Python {m.get('python', '?')}, SQLite {m.get('sqlite', '?')}"
        )
        if line not in [s for s, _ in seen]:
            seen.append((line, [r["size"]]))
        else:
            next(sizes for s, sizes in seen if s == line).append(r["size"])
    if len(seen) == 1:
        return f"Machine: {seen[0][0]}.\n"
    return "Machines:\n\n" + "\n".join(f"- {', '.join(sizes)}: {line}" for line, sizes in seen) + "\n"


def targets(results: list[dict]) -> str:
    target = next((r for r in results if r["size"] == TARGET_SIZE and r.get("engine", "fts5") == "fts5"), None)
    if target is None:
        return f"Targets (at {TARGET_SIZE} size): not measured yet.\n"
    raw_ok = target["ratio_vs_raw"] <= MAX_RATIO_VS_RAW
    wagtail_ok = target["ratio_vs_wagtail"] <= MAX_RATIO_VS_WAGTAIL
    return (
        f"Targets at {TARGET_SIZE} size, facets included on our side: search p95 ÷ raw FTS p95 ≤ {MAX_RATIO_VS_RAW} "
        f"— **{target['ratio_vs_raw']:.2f}, {'met' if raw_ok else 'not met'}**; search p95 ÷ Wagtail p95 ≤ "
        f"{MAX_RATIO_VS_WAGTAIL} — **{target['ratio_vs_wagtail']:.2f}, {'met' if wagtail_ok else 'not met'}**. "
        "The review page and the search page use a constant number of SQL queries whatever the number of "
        "findings or results (asserted in `tests/bench/test_query_budgets.py` and `tests/reviews/test_pages.py`).\n"
    )


def slowest(results: list[dict], count: int = 8) -> str:
    """The searches that set p95, at the largest size measured: where the time goes."""
    largest = results[-1]
    rows = sorted(largest.get("queries", []), key=lambda q: -q["ours_ms"])[:count]
    if not rows:
        return ""
    lines = [
        (
            f"Slowest searches at {largest['size']} size (median of the timed rounds; *matches* is the number of "
            "hits the facets are counted over):\n"
        ),
        "| search | matches | search (ms) | raw FTS (ms) | Wagtail (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| `{q['query'] or '(browse)'}` | {q['total']:,} | {_ms(q['ours_ms'])} | {_ms(q['raw_ms'])} "
        f"| {_ms(q['wagtail_ms'])} |"
        for q in rows
    ]
    return "\n".join(lines) + "\n"


def analysis(results: list[dict]) -> str:
    largest = results[-1]
    broadest = max(largest.get("queries", []), key=lambda q: q["total"], default=None)
    example = (
        f"`{broadest['query']}` counts facets over {broadest['total']:,} matches at {largest['size']} size "
        f"({_ms(broadest['ours_ms'])} ms, against {_ms(broadest['raw_ms'])} ms for the raw floor)"
        if broadest
        else "a broad search counts facets over tens of thousands of matches"
    )
    return f"""Where the time goes (from profiling the national corpus):

- Our search is one statement: the matches are found and bm25-ranked once into a materialised table, and the
  facet counts and the requested page are read from it; snippets come from a temporary FTS5 table holding only
  the page's hits. What remains above the raw floor is counting facets over every match: each match's entry
  row (kind, type, year, expiry), then its themes (about 5 per entry) and agencies (about 6) through their
  (entry, value) indexes, grouped. SQLite spends roughly 0.3 to 0.5 µs per (match, value) pair, so the cost
  grows with the number of matches, not the page size: {example}.
- Wagtail's search indexes page titles and refs only (ReviewPage.search_fields): one short row per page, against
  our {largest["hits"]:,} full-text documents (reviews, findings, recommendations). Where the raw FTS floor
  over our documents already takes more than half of Wagtail's p95 (the ratio above), no search over these
  documents can reach half of it.
"""


def floor_note(results: list[dict]) -> str:
    target = next((r for r in results if r["size"] == TARGET_SIZE), None) or results[-1]
    floor_ratio = target["raw_fts_p95_ms"] / target["wagtail_p95_ms"]
    return (
        f"At {target['size']} size the raw FTS floor's p95 is {floor_ratio:.2f} × Wagtail's p95 (our search can "
        f"only be slower than the floor, so search ÷ Wagtail ≤ {MAX_RATIO_VS_WAGTAIL} needs this below "
        f"{MAX_RATIO_VS_WAGTAIL}).\n"
    )


def engine_comparison(results: list[dict]) -> str:
    """Runs on another engine (make bench ENGINE=tantivy) time FTS5's full search and their own floor in the same
    run, interleaved query by query: the fair comparison, whatever machine each row above ran on."""
    runs = [r for r in results if r.get("engine", "fts5") != "fts5" and "fts5_p95_ms" in r]
    if not runs:
        return ""
    lines = [
        (
            "Engines compared within one run (p50 / p95 in ms over the same 50 searches; the engine's floor is its "
            "compiled query's top 20 with the count, no facets, snippets or documents):\n"
        ),
        (
            "| size | engine | search | its floor | search ÷ floor (p95) | FTS5 search | raw FTS | reindex (s), of it "
            "in the engine | FTS5 reindex (s) | totals as FTS5's |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        differing = r.get("totals_differing_from_fts5", [])
        floor = f"{_ms(r['raw_tantivy_p50_ms'])} / {_ms(r['raw_tantivy_p95_ms'])}"
        lines.append(
            f"| {r['size']} | {r['engine']} | {_ms(r['search_p50_ms'])} / {_ms(r['search_p95_ms'])} | {floor} "
            f"| {r['ratio_vs_raw_tantivy']:.2f} | {_ms(r['fts5_p50_ms'])} / {_ms(r['fts5_p95_ms'])} "
            f"| {_ms(r['raw_fts_p95_ms'])} | {r['reindex_s']:,.1f}, {r['reindex_engine_s']:,.1f} "
            f"| {r['fts5_reindex_s']:,.1f} | {'all 50' if not differing else 'not: ' + ', '.join(differing)} |"
        )
    return "\n".join(lines) + "\n"


def render(results: list[dict]) -> str:
    if not results:
        return INTRO + "\nNo results yet: run `make bench`.\n"
    fts5 = [r for r in results if r.get("engine", "fts5") == "fts5"] or results  # what the notes below explain
    return "\n".join(
        part
        for part in [
            INTRO,
            machines(results),
            results_table(results),
            engine_comparison(results),
            targets(results),
            floor_note(fts5),
            slowest(fts5),
            analysis(fts5),
        ]
        if part
    )


def write_benchmarks_md() -> Path:
    BENCHMARKS_MD.write_text(render(load_results()), encoding="utf-8")
    return BENCHMARKS_MD


def main() -> int:
    print(write_benchmarks_md())
    return 0


if __name__ == "__main__":
    sys.exit(main())
