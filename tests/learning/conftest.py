"""Fixtures for the Learning Hub tests: the index page, a trainer, form helpers (login is in tests/conftest.py)."""

import pytest
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from learning.models import LearningIndexPage

VIDEO_URL = "https://www.youtube.com/watch?v=learning-demo"


@pytest.fixture
def index(db) -> LearningIndexPage:
    return LearningIndexPage.objects.get()


@pytest.fixture
def trainer(login):
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
