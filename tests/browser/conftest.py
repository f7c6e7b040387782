"""A live site for browser tests: a fresh database with the demo content, served on loopback, and Chromium.

The site runs in its own process on its own SQLite file, as a user would meet it; the journeys change it as a
user would, so each journey works on content of its own.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a-long-test-password-1"
USERS = {  # username: groups
    "panel": ["Review panel"],
    "chair": ["Panel chairs", "Review panel"],
    "trainer": ["Trainers"],
}

CREATE_USERS = f"""
from django.contrib.auth.models import Group, Permission, User
for name, groups in {USERS!r}.items():
    user = User.objects.create_user(name, f"{{name}}@example.org", {PASSWORD!r})
    user.groups.set([Group.objects.get_or_create(name=g)[0] for g in groups])
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The base URL of a running site loaded with the demo content."""
    folder = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.test",
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "MEDIA_ROOT": str(folder / "media"),
        # One index for every command and the server.
        "KB_SEARCH_INDEX_DIR": str(folder / "search-index"),
        "KB_TEST_INDEX_PREFIX": "kbbrowser",
    }
    _manage(env, "migrate", "--verbosity", "0")
    _manage(env, "load_demo", "--verbosity", "0")
    _manage(env, "reindex", "--verbosity", "0")
    _manage(env, "shell", "--command", CREATE_USERS)
    port = _free_port()
    with open(folder / "server.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = "needs Debian's chromium package (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI the browser suite must run, never skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def _context(browser, **options):
    # bypass_csp lets the test inject axe-core; the site's own pages still send their policy.
    return browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}, **options)


@pytest.fixture
def page(browser):
    context = _context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_js(browser):
    context = _context(browser, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def chair_page(browser):
    """A second person at a second browser: the panel chair. The site's CSP applies here, unlike in `page`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page, site, username):
    """Sign in to the admin as one of USERS."""
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/admin/")


def screenshot(page, name: str) -> None:
    """Keep a full-page screenshot as a test artefact."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
