"""Fixtures for the Learning Hub tests: people in each role, the index page, form helpers."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from learning.models import LearningIndexPage

VIDEO_URL = "https://www.youtube.com/watch?v=learning-demo"


@pytest.fixture
def index(db) -> LearningIndexPage:
    return LearningIndexPage.objects.get()


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


@pytest.fixture
def trainer(login) -> Client:
    return login("Trainers")


@pytest.fixture
def known_video(db) -> str:
    """A video address whose embed is already cached, so no test reaches the network."""
    Embed.objects.create(
        hash=get_embed_hash(VIDEO_URL),
        url=VIDEO_URL,
        type="video",
        html='<iframe title="Learning video" src="https://www.youtube.com/embed/learning-demo"></iframe>',
        provider_name="YouTube",
        title="Learning video",
    )
    return VIDEO_URL


def list_block(values: list) -> dict:
    """A ListBlock's value as the admin form posts it."""
    items = {str(i): {"value": value, "deleted": "", "order": str(i), "id": ""} for i, value in enumerate(values)}
    return {"count": str(len(values)), **items}
