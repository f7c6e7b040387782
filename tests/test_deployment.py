"""Production settings: they refuse to start without a secret, and pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    environment.update(DJANGO_SETTINGS_MODULE="kb.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key, message",
    [
        ("change-me-in-a-real-deployment", "placeholder"),
        ("dev-only-not-secret", "placeholder"),
        ("short-but-not-a-placeholder", "at least 50 random characters"),
        ("a" * 60, "at least 50 random characters"),
    ],
)
def test_production_refuses_placeholder_and_weak_secret_keys(tmp_path, key, message):
    result = manage("check", SECRET_KEY=key, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode != 0
    assert message in result.stderr


def test_production_passes_the_deployment_checklist_without_warnings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-" + "x7Q9pL2vR8sT4wY6zB1nM3kJ5hG0fD",
        ALLOWED_HOSTS="reviews.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_repeated_failed_sign_ins_are_locked_out(client, django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.org", "right-password")
    for _ in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    response = client.post("/admin/login/", {"username": "admin", "password": "right-password"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429 or "locked" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy


def test_images_never_carry_local_data():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {"var/", "media/", ".venv/", ".env"} <= ignored
