"""Fixtures shared by every test."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

# Shared suites live outside test_*.py files; rewrite their asserts so failures explain themselves.
pytest.register_assert_rewrite("tests.search.contract")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Use as `with committed():` around writes, so index updates run as they would after a real commit."""

    def context():
        return django_capture_on_commit_callbacks(execute=True)

    return context


@pytest.fixture
def login(db, django_user_model):
    """login("Trainers") -> a client signed in as a new member of that group (None: a superuser)."""

    def make(role: str | None) -> Client:
        name = (role or "superuser").lower().replace(" ", "-")
        if role is None:
            user = django_user_model.objects.create_superuser(name, f"{name}@example.org", "pw")
        else:
            user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
            user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make
