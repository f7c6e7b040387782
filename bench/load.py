"""`make load`: 50 simulated practitioners for 60 seconds against gunicorn (2 workers) on loopback.

Sets up a throwaway instance with the demo content, runs production settings under gunicorn, drives it with
locust (headless, bounded in users and time, loopback only), stops everything, and writes
bench/results/load.json and the load section of BENCHMARKS.md.
"""

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
USERS, SPAWN_RATE, SECONDS, WORKERS = 50, 10, 60, 2
SECTION_START, SECTION_END = "<!-- load:start -->", "<!-- load:end -->"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=900)


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start on port {port}")


def instance_env(folder: Path) -> dict:
    """Production settings on a throwaway SQLite file, served over plain HTTP on loopback."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.production",
        "SECRET_KEY": "load-test-only-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "MEDIA_ROOT": str(folder / "media"),
        "ELASTICSEARCH_URL": "",
    }


def summarise(stats_csv: Path) -> dict:
    """Requests, failures and latency percentiles per endpoint, and overall."""
    rows = {row["Name"]: row for row in csv.DictReader(stats_csv.open())}

    def figures(row):
        return {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "rps": round(float(row["Requests/s"]), 1),
        }

    return {"total": figures(rows.pop("Aggregated")), "endpoints": {name: figures(row) for name, row in rows.items()}}


def write_section(summary: dict) -> None:
    """Replace the load section of BENCHMARKS.md (or append it)."""
    total = summary["total"]
    lines = [
        SECTION_START,
        "## Load: 50 practitioners for 60 seconds (`make load`)",
        "",
        f"gunicorn with {WORKERS} workers, production settings, SQLite with the demo content, locust on loopback.",
        "",
        "| endpoint | requests | failures | p50 ms | p95 ms | requests/s |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in [*summary["endpoints"].items(), ("all", total)]:
        lines.append(
            f"| {name} | {row['requests']} | {row['failures']} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} "
            f"| {row['rps']} |"
        )
    lines.append(SECTION_END)
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if SECTION_START in text:
        before, rest = text.split(SECTION_START, 1)
        text = before + "\n".join(lines) + rest.split(SECTION_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    path.write_text(text)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kb-load-") as work:
        folder = Path(work)
        env = instance_env(folder)
        run(env, "migrate", "--verbosity", "0")
        run(env, "load_demo", "--verbosity", "0")
        run(env, "reindex", "--verbosity", "0")
        run(env, "collectstatic", "--noinput", "--verbosity", "0")
        port = free_port()
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kb.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(folder / "gunicorn.log").open("w"),
        )
        try:
            wait_for(port)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "-u",
                    str(USERS),
                    "-r",
                    str(SPAWN_RATE),
                    "-t",
                    f"{SECONDS}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(folder / "load"),
                    "--only-summary",
                    "--stop-timeout",
                    "5",
                ],
                cwd=ROOT,
                timeout=SECONDS + 120,
                check=False,
            )
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        summary = summarise(folder / "load_stats.csv")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(summary, indent=2) + "\n")
    write_section(summary)
    total = summary["total"]
    print(f"{total['requests']} requests, {total['failures']} failures, p95 {total['p95_ms']:.0f} ms")
    return 1 if total["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
