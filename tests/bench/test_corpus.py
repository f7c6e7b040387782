"""The benchmark's corpus generator: deterministic, and every review it writes is valid import data."""

import json
from collections import Counter

import pytest

from bench.corpus import generate, stats
from kb.vocabulary import ReviewType
from reviews.importing import validate


def test_the_same_seed_gives_the_same_json_and_another_seed_does_not():
    first = json.dumps(generate(40, seed=11), sort_keys=True)
    assert first == json.dumps(generate(40, seed=11), sort_keys=True)
    assert first != json.dumps(generate(40, seed=12), sort_keys=True)


@pytest.mark.django_db
def test_generated_reviews_are_valid_and_shaped_like_the_issue_asks():
    data = generate(300, seed=3)
    records = validate(data)  # raises ImportFailed on any problem
    reviews = data["reviews"]
    assert len(records) == len({r["ref"] for r in reviews}) == 300
    assert set(Counter(r["type"] for r in reviews)) == set(ReviewType.values)
    assert all(3 <= len(r["themes"]) <= 8 for r in reviews)
    assert all(3 <= len(r["findings"]) <= 12 for r in reviews)
    assert all(2 <= len(r["recommendations"]) <= 15 for r in reviews)
    assert all("notified" in r and "decision" in r for r in reviews if r["type"] == "rapid")
    assert all("audit_type" in r and "sample_size" in r for r in reviews if r["type"] == "audit")
    years = {int(r["published"][:4]) for r in reviews if "published" in r}
    assert min(years) >= 2010 and max(years) <= 2026 and len(years) >= 12
    assert "lorem" not in json.dumps(data).lower()
    assert stats(data)["reviews"] == 300
