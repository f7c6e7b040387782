"""The judged search set behind `make eval` is well-formed, and the runner's figures are computed as documented."""

import json
from collections import Counter
from pathlib import Path

import pytest

from bench.eval import CATEGORIES, NOTHING, SEARCHABLE, figures, load_judged

DEMO = Path(__file__).resolve().parents[2] / "reviews" / "demo" / "reviews.json"


@pytest.fixture(scope="module")
def entries():
    return load_judged()


@pytest.fixture(scope="module")
def demo_refs():
    reviews = json.loads(DEMO.read_text(encoding="utf-8"))["reviews"]
    return {r["ref"] for r in reviews}, {r["ref"] for r in reviews if r.get("live", True)}


def test_every_entry_has_a_known_category_a_query_and_a_reason(entries):
    for entry in entries:
        assert set(entry) == {"query", "category", "expect", "why"}, entry
        assert entry["category"] in CATEGORIES, entry
        assert entry["query"].strip() and entry["why"].strip(), entry


def test_every_expected_review_exists_in_the_demo_and_is_live(entries, demo_refs):
    refs, live = demo_refs
    for entry in entries:
        assert not set(entry["expect"]) - refs, entry
        assert not set(entry["expect"]) - live, f"a review that is not live is never indexed: {entry}"
        assert len(entry["expect"]) == len(set(entry["expect"])), entry


def test_searchable_entries_expect_something_and_the_others_nothing(entries):
    for entry in entries:
        assert bool(entry["expect"]) == (entry["category"] in SEARCHABLE), entry


def test_the_set_is_big_enough_and_spread_over_the_categories(entries):
    counts = Counter(entry["category"] for entry in entries)
    assert sum(counts[c] for c in SEARCHABLE) >= 60
    assert sum(counts[c] for c in NOTHING) >= 8
    assert all(counts[c] >= 5 for c in SEARCHABLE), counts


def test_no_query_appears_twice(entries):
    queries = Counter(" ".join(entry["query"].lower().split()) for entry in entries)
    assert [q for q, n in queries.items() if n > 1] == []


def test_every_review_type_is_expected_somewhere(entries):
    reviews = json.loads(DEMO.read_text(encoding="utf-8"))["reviews"]
    type_of = {r["ref"]: r["type"] for r in reviews}
    expected_types = {type_of[ref] for entry in entries for ref in entry["expect"]}
    assert expected_types == set(type_of.values())


def test_figures_follow_the_definitions():
    rows = [
        {"category": "everyday", "rank": 1, "total": 9},
        {"category": "typo", "rank": 4, "total": 3},
        {"category": "lay", "rank": 7, "total": 12},  # found, but not in the top 5
        {"category": "question", "rank": None, "total": 0},
        {"category": "precise", "rank": 2, "total": 2},
        {"category": "gibberish", "rank": None, "total": 0},
        {"category": "off_topic", "rank": None, "total": 4},
    ]
    result = figures(rows)
    assert result["n"] == 7
    assert result["recall_at_5"] == pytest.approx(3 / 5, abs=1e-3)
    assert result["mrr"] == pytest.approx((1 + 1 / 4 + 1 / 7 + 1 / 2) / 5, abs=1e-3)
    assert result["zero_result_rate"] == pytest.approx(1 / 5, abs=1e-3)
    assert result["gibberish_pass_rate"] == pytest.approx(1 / 2, abs=1e-3)
    assert result["precise_first_rate"] == 0
