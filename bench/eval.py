"""Search quality: the judged searches in bench/eval/judged.yaml, run through the real search service.

    make eval                     # or: .venv/bin/python -m bench.eval [--engine tantivy] [--keep]

A fresh temporary SQLite database is migrated and given the demo content through `manage.py load_demo` (the real
importer), then, for each available engine, the index is rebuilt (`manage.py reindex`) and every judged query is
answered by `search.service.find` with a first page of PAGE_SIZE hits. Hits become the distinct reviews they
belong to (a finding or recommendation counts for its review; learning pages have no review and are skipped).

Per engine and per category: recall@5 (an expected review among the first 5 distinct reviews), MRR (1 / the rank
of the first expected review among the distinct reviews of the first page, 0 when absent), the zero-result rate,
the gibberish pass rate (gibberish and off-topic queries that find nothing) and the precise-first rate (precise
queries whose review comes first). Writes bench/results/eval-<engine>.json and appends one line per engine to
bench/results/eval-history.jsonl, so every change can be compared with the runs before it.
"""

import argparse
import contextlib
import datetime
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
JUDGED = BENCH_DIR / "eval" / "judged.yaml"
RESULTS_DIR = BENCH_DIR / "results"
HISTORY = RESULTS_DIR / "eval-history.jsonl"
PAGE_SIZE = 10
TOP = 5
SEARCHABLE = ("everyday", "lay", "abbreviation", "typo", "question", "exact_phrase", "precise")
NOTHING = ("gibberish", "off_topic")  # must find nothing at all
CATEGORIES = SEARCHABLE + NOTHING
SOURCE = "eval"  # QueryLog.source of our searches, deleted after each engine's run


def engines(elasticsearch_url: str) -> dict[str, dict | None]:
    """Engine name -> the settings that select it (None: not available here). Add an engine here."""
    return {
        "tantivy": {"ELASTICSEARCH_URL": ""},
        "elasticsearch": (
            {"ELASTICSEARCH_URL": elasticsearch_url, "KB_SEARCH_INDEX_PREFIX": f"kbeval{os.getpid()}"}
            if elasticsearch_url
            else None
        ),
    }


def load_judged(path: Path = JUDGED) -> list[dict]:
    """The judged entries: query, category, expect (review refs; empty for gibberish/off_topic), why."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["searches"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---- judging one query ------------------------------------------------------------------------------------


def distinct_refs(hits) -> list[str]:
    """The reviews the hits belong to, in rank order, each once."""
    return list(dict.fromkeys(hit.document.ref for hit in hits if hit.document.ref))


def judge(entry: dict) -> dict:
    from search.request import SearchRequest
    from search.service import find

    started = time.perf_counter()
    outcome = find(SearchRequest(q=entry["query"], page_size=PAGE_SIZE), source=SOURCE)
    elapsed_ms = (time.perf_counter() - started) * 1000
    refs = distinct_refs(outcome.response.hits)
    expect = entry.get("expect") or []
    rank = next((i for i, ref in enumerate(refs, 1) if ref in expect), None)
    return {
        "query": entry["query"],
        "category": entry["category"],
        "expect": expect,
        "top": refs[:TOP],
        "rank": rank,
        "total": outcome.response.total,
        "match_mode": outcome.understanding.match(outcome.response),
        "searched": outcome.understanding.searched,
        "ms": round(elapsed_ms, 2),
    }


# ---- figures ----------------------------------------------------------------------------------------------


def share(flags) -> float | None:
    flags = list(flags)
    return round(sum(flags) / len(flags), 3) if flags else None


def figures(rows: list[dict]) -> dict:
    """The five figures over these rows (None where no row of the kind is present)."""
    found = [r for r in rows if r["category"] in SEARCHABLE]
    nothing = [r for r in rows if r["category"] in NOTHING]
    return {
        "n": len(rows),
        "recall_at_5": share(bool(r["rank"] and r["rank"] <= TOP) for r in found),
        "mrr": round(sum(1 / r["rank"] for r in found if r["rank"]) / len(found), 3) if found else None,
        "zero_result_rate": share(r["total"] == 0 for r in found),
        "gibberish_pass_rate": share(r["total"] == 0 for r in nothing),
        "precise_first_rate": share(r["rank"] == 1 for r in found if r["category"] == "precise"),
    }


def latency(rows: list[dict]) -> dict:
    """p50 and p95 of the searches' times (ms): those the words answered, and those understanding widened."""

    def percentiles(times):
        times = sorted(times)
        if not times:
            return None
        return {
            "n": len(times),
            "p50": times[len(times) // 2],
            "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        }

    return {
        "words": percentiles([r["ms"] for r in rows if r["match_mode"] == "all"]),
        "understood": percentiles([r["ms"] for r in rows if r["match_mode"] != "all"]),
    }


def summarise(rows: list[dict]) -> dict:
    by_category = {c: figures([r for r in rows if r["category"] == c]) for c in CATEGORIES}
    return {
        "overall": figures(rows),
        "by_category": {c: f for c, f in by_category.items() if f["n"]},
        "latency_ms": latency(rows),
    }


def table(engine: str, summary: dict) -> str:
    def cell(value):
        return "-" if value is None else f"{value:.2f}"

    lines = [f"{engine}: {'category':<14} {'n':>3} {'recall@5':>8} {'MRR':>6} {'zero':>6} {'gib.pass':>8} {'1st':>6}"]
    rows = [*summary["by_category"].items(), ("ALL", summary["overall"])]
    for name, f in rows:
        values = (f["recall_at_5"], f["mrr"], f["zero_result_rate"], f["gibberish_pass_rate"], f["precise_first_rate"])
        lines.append(
            f"{'':<{len(engine) + 1}} {name:<14} {f['n']:>3} "
            + " ".join(f"{cell(v):>{w}}" for v, w in zip(values, (8, 6, 6, 8, 6), strict=True))
        )
    return "\n".join(lines)


# ---- one engine -------------------------------------------------------------------------------------------


def drop_index(engine) -> None:
    """Delete the private Elasticsearch indexes this run made (a no-op for engines without a cluster)."""
    client, alias = getattr(engine, "client", None), getattr(engine, "alias", None)
    if client is not None and alias:
        names = list(client.indices.get(index=f"{alias}-v*", ignore_unavailable=True))
        if names:
            client.indices.delete(index=",".join(names))


def run_engine(name: str, overrides: dict, entries: list[dict]) -> dict:
    from django.core.management import call_command
    from django.test import override_settings

    from search.engines import get_engine
    from search.models import QueryLog

    started = time.perf_counter()
    with override_settings(**overrides):
        engine = get_engine()
        call_command("reindex", verbosity=0, stdout=io.StringIO())
        try:
            judge(entries[0])  # loads the embedding model and warms the engine: not part of any search's time
            rows = [judge(entry) for entry in entries]
        finally:
            QueryLog.objects.filter(source=SOURCE).delete()
            drop_index(engine)
    return {"engine": name, "seconds": round(time.perf_counter() - started, 1), "queries": rows}


def prepare_database() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    log("migrating a fresh database and loading the demo content (manage.py load_demo)")
    call_command("migrate", interactive=False, verbosity=0)
    with contextlib.redirect_stdout(io.StringIO()):  # load_demo's inner commands print their counts
        call_command("load_demo", verbosity=0)


# ---- results ----------------------------------------------------------------------------------------------


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def write_results(result: dict, summary: dict, stamp: dict) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"eval-{result['engine']}.json"
    body = {**stamp, "engine": result["engine"], "page_size": PAGE_SIZE, "seconds": result["seconds"], **summary}
    body["queries"] = result["queries"]
    path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    recall = {c: f["recall_at_5"] for c, f in summary["by_category"].items() if c in SEARCHABLE}
    line = {**stamp, "engine": result["engine"], "seconds": result["seconds"], **summary["overall"]}
    line["recall_at_5_by_category"] = recall
    with HISTORY.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
    return path


def main(argv=None) -> int:
    elasticsearch_url = os.environ.pop("ELASTICSEARCH_URL", "")  # the import indexes into Tantivy, not a shared cluster
    available = {name: o for name, o in engines(elasticsearch_url).items() if o is not None}
    parser = argparse.ArgumentParser(description="Judge search quality on the demo content, per engine.")
    parser.add_argument("--engine", action="append", choices=sorted(available), help="default: every available")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args(argv)
    entries = load_judged()

    workdir = Path(tempfile.mkdtemp(prefix="kb-eval-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'eval.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["KB_BENCH_DIR"] = str(workdir)
    os.environ["KB_SEARCH_INDEX_DIR"] = str(workdir / "search-index")  # never the development index
    os.environ["KB_SEMANTIC_SEARCH"] = "1"  # what practitioners get: meaning on
    sys.path.insert(0, str(ROOT))
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    stamp = {"date": date, "commit": git("rev-parse", "--short", "HEAD"), "uncommitted_changes": dirty}
    stamp["entries"] = len(entries)
    started, failed = time.perf_counter(), []
    try:
        prepare_database()
        from django.core.management import CommandError

        from search.engines.base import SearchUnavailable

        for name in args.engine or list(available):
            log(f"{name}: reindexing and running {len(entries)} judged searches")
            try:
                result = run_engine(name, available[name], entries)
            except (SearchUnavailable, CommandError) as error:  # reindex says it in one line
                log(f"{name}: unavailable, no results written ({error})")
                failed.append(name)
                continue
            summary = summarise(result["queries"])
            path = write_results(result, summary, stamp)
            print(table(name, summary))
            print(f"{name}: search times (ms): {summary['latency_ms']}")
            log(f"{name}: {result['seconds']}s, wrote {path.relative_to(ROOT)}")
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    log(f"done in {time.perf_counter() - started:.1f}s; history in {HISTORY.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
