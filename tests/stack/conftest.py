"""The production stack of compose.yaml without Docker: a fresh PostgreSQL database (Debian's cluster, as .ci/run
starts it), an Elasticsearch node of the suite's own (ops/elasticsearch, on a free port with its data in a
temporary folder, so it can be stopped and frozen without disturbing anything else), the app under gunicorn with
production settings, and `manage.py db_worker`. Tests drive it over HTTP as a TLS-terminating proxy would.

Without KB_TEST_POSTGRES_URL, or when the node cannot be built and started, the suite skips with the reason; in
CI it fails instead.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import psycopg
import pytest
import requests
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import querydict_from_html

ROOT = Path(__file__).resolve().parents[2]
ES_SCRIPTS = ROOT / "ops" / "elasticsearch"
POSTGRES_URL = os.environ.get("KB_TEST_POSTGRES_URL", "")
ADMIN, PASSWORD = "stack-admin", "a-long-stack-password-1"
SEARCH_TIMEOUT = 2  # seconds: KB_SEARCH_TIMEOUT for the app, so the hung-node tests are quick

# What the index should hold and what it holds, document by document (run with the app's settings).
COMPARE = """
import json
from elasticsearch import NotFoundError, helpers
from wagtail.models import Page
from search import indexing
from search.sources import documents_for_pages
from search.engines import get_engine
engine = get_engine()
ids = list(indexing.searchable_indexed_pages().order_by("pk").values_list("pk", flat=True))
wanted = {}
for start in range(0, len(ids), 200):
    for docs in documents_for_pages(Page.objects.filter(pk__in=ids[start:start + 200])).values():
        wanted.update({doc.key: json.loads(json.dumps(doc.to_dict())) for doc in docs})
try:
    hits = helpers.scan(engine.client, index=engine.alias, query={"query": {"match_all": {}}})
    found = {hit["_id"]: hit["_source"]["payload"] for hit in hits}
except NotFoundError:  # no index yet
    found = {}
print(json.dumps({
    "documents": len(wanted),
    "missing": sorted(set(wanted) - set(found)),
    "extra": sorted(set(found) - set(wanted)),
    "different": sorted(key for key in set(wanted) & set(found) if wanted[key] != found[key]),
}))
"""


# Production settings refuse short or placeholder keys: a fresh random one for each run.
SECRET_KEY = secrets.token_urlsafe(50)


def need(ready: bool, reason: str) -> None:
    """Skip without this part of the stack, or fail in CI, where the suite must run."""
    if not ready:
        if os.environ.get("CI"):
            pytest.fail(f"the production-stack suite must run in CI: {reason}")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tail(path: Path, lines: int = 25) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


@dataclass
class Node:
    """An Elasticsearch node of the suite's own, run by ops/elasticsearch/start.sh and stop.sh."""

    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _script(self, name: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "ES_PORT": str(self.port), "ES_VAR": str(self.folder), "ES_HEAP": "512m"}
        return subprocess.run(
            [str(ES_SCRIPTS / name)], env=env, capture_output=True, text=True, timeout=900, check=False
        )

    def start(self) -> None:
        result = self._script("start.sh")
        assert result.returncode == 0, result.stdout + result.stderr

    def stop(self) -> None:
        self.thaw()  # a frozen node cannot handle the stop signal
        self._script("stop.sh")

    @property
    def pid(self) -> int:
        return int((self.folder / "elasticsearch.pid").read_text())

    def freeze(self) -> None:
        """Stop the JVM where it stands: the port still accepts connections, and nothing ever answers."""
        os.kill(self.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        if (self.folder / "elasticsearch.pid").exists():
            os.kill(self.pid, signal.SIGCONT)


class Browser:
    """The app as a TLS-terminating proxy forwards it: X-Forwarded-Proto https on every request, and the app's
    Secure cookies kept and sent back (an HTTP client library would hold them back over plain HTTP)."""

    def __init__(self, base: str):
        self.base = base
        origin = urlunsplit(urlsplit(base)._replace(scheme="https"))
        self.headers = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": f"{origin}/admin/"}
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, data=None, params=None, timeout: float = 60) -> requests.Response:
        """One request, following redirects as a browser does."""
        url = urljoin(self.base, url)
        for _ in range(10):
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            response = requests.request(
                method, url, data=data, params=params, headers={**self.headers, "Cookie": cookie},
                allow_redirects=False, timeout=timeout,
            )  # fmt: skip
            self._keep_cookies(response)
            if response.status_code not in (301, 302, 303, 307, 308):
                return response
            location = urlsplit(urljoin(url, response.headers["Location"]))
            url = urlunsplit(location._replace(scheme="http"))  # the proxy's https is this loopback http
            method, data, params = (
                ("GET", None, None) if response.status_code in (301, 302, 303) else (method, data, params)
            )
        raise AssertionError(f"too many redirects from {url}")

    def get(self, url: str, **params) -> requests.Response:
        return self.request("GET", url, params=params)

    def post(self, url: str, data) -> requests.Response:
        return self.request("POST", url, data=pairs(data) if hasattr(data, "lists") else data)

    def _keep_cookies(self, response: requests.Response) -> None:
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


@dataclass
class Stack:
    url: str
    env: dict
    node: Node
    logs: Path

    def manage(self, *args: str, timeout: int = 900) -> str:
        """Run a management command with the app's settings; its output (a failure shows its error)."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr[-3000:]}"
        return result.stdout

    def shell(self, code: str):
        """Run Python in the app (for setup, never for what is under test) and read the JSON it prints last."""
        return json.loads(self.manage("shell", "--command", code).strip().splitlines()[-1])

    def compare_index(self) -> dict:
        """The index against the database, document by document."""
        return self.shell(COMPARE)

    def wait_for_index(self, timeout: float = 180) -> dict:
        """Wait until the worker has brought the index in line with the database; the last comparison."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.compare_index()
            if not (found["missing"] or found["extra"] or found["different"]):
                return found
            assert time.monotonic() < deadline, f"index still differs: {found}\n{tail(self.logs / 'worker.log')}"
            time.sleep(1)

    def browser(self, username: str = ADMIN, password: str = PASSWORD) -> Browser:
        """A browser signed in to the admin through its login form."""
        browser = Browser(self.url)
        login = form(browser, "/admin/login/", form_id=None)
        login.update({"username": username, "password": password})
        response = browser.post("/admin/login/", login)
        assert urlsplit(response.url).path == "/admin/", response.text[:500]
        return browser


def form(browser: Browser, url: str, form_id: str | None = "page-edit-form"):
    """The form on a page (by id, else the first) as its browser would post it: a QueryDict of every value."""
    response = browser.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data = querydict_from_html(response.text, form_id=form_id, exclude_csrf=False)
    for select in BeautifulSoup(response.text, "html.parser").select("select[multiple]"):
        if not select.find("option", selected=True):
            data.pop(select["name"], None)  # a browser sends nothing (querydict_from_html sends the first option)
    return data


def pairs(data) -> list[tuple[str, str]]:
    """A QueryDict as requests posts it, every value of every field."""
    return [(name, value) for name, values in data.lists() for value in values]


def _create_database() -> tuple[str, str]:
    """A fresh database on the test cluster: (its URL, its name)."""
    name = f"kb_stack_{os.getpid()}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(POSTGRES_URL)._replace(path=f"/{name}")), name


def _drop_database(name: str) -> None:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _serve(stack: Stack, port: int, processes: list) -> None:
    """Start gunicorn and the task worker as compose.yaml runs them (into processes, to be stopped by the caller
    whatever happens); return once gunicorn answers."""
    gunicorn = [sys.executable, "-m", "gunicorn", "kb.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    worker = [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"]
    for name, command in (("gunicorn", gunicorn), ("worker", worker)):
        log = open(stack.logs / f"{name}.log", "w")  # noqa: SIM115 - open for as long as the process runs
        processes.append(subprocess.Popen(command, cwd=ROOT, env=stack.env, stdout=log, stderr=subprocess.STDOUT))
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{stack.url}/robots.txt", timeout=10)
            return
        except requests.RequestException:
            assert time.monotonic() < deadline, f"gunicorn did not start:\n{tail(stack.logs / 'gunicorn.log')}"
            time.sleep(0.3)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The whole stack with the demo content imported and indexed by the worker."""
    need(bool(POSTGRES_URL), "needs KB_TEST_POSTGRES_URL (.ci/postgres.sh starts Debian's PostgreSQL)")
    folder = tmp_path_factory.mktemp("stack")
    node = Node(folder / "elasticsearch")
    try:
        node.start()
    except AssertionError as error:
        need(False, f"the Elasticsearch node (Java 17+ and Maven) did not start: {str(error)[-500:]}")
    database_url, database = _create_database()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "ELASTICSEARCH_URL": node.url,
        "KB_SEARCH_INDEX_PREFIX": "kbstack",
        "KB_SEARCH_TIMEOUT": str(SEARCH_TIMEOUT),
        # The suite searches far faster than a person; the anonymous rate limit is tested on its own.
        "KB_SEARCH_RATE": "100000/m",
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_SUPERUSER_USERNAME": ADMIN,
        "DJANGO_SUPERUSER_EMAIL": "stack-admin@example.org",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    stack = Stack(f"http://127.0.0.1:{port}", env, node, folder)
    processes = []
    try:
        stack.manage("migrate", "--noinput", "--verbosity", "0")
        stack.manage("collectstatic", "--noinput", "--verbosity", "0")
        stack.manage("createsuperuser", "--noinput")
        stack.manage("load_demo", "--verbosity", "0")  # the importer; index updates wait in the task queue
        _serve(stack, port, processes)
        stack.wait_for_index()
        yield stack
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        node.stop()
        _drop_database(database)
