"""The review page and the search page use a fixed number of SQL queries, however much they show.

(The review page with 1 finding against 12 is asserted in tests/reviews/test_pages.py.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import FindingFactory, RecommendationFactory, create_review

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_search_page_uses_as_many_queries_for_twenty_results_as_for_one(client, committed):
    with committed():
        create_review(ref="QB-1", title="Baby Q", summary="The only review that mentions marmalade.")
        for n in range(7):
            create_review(
                ref=f"QB-LH-{n}",
                title=f"Review {n} at the lighthouse",
                agencies=["Police", "Coastguard"],
                themes=["neglect", "water-safety"],
                findings=[
                    FindingFactory(text=f"The lighthouse keeper saw child {n} alone.", themes=["supervision"]),
                    FindingFactory(text="Nobody asked about the lighthouse.", themes=["professional-curiosity"]),
                ],
                recommendations=[
                    RecommendationFactory(number="1", text="Visit the lighthouse.", agency="Coastguard"),
                    RecommendationFactory(number="2", text="Share lighthouse logs.", themes=["information-sharing"]),
                ],
            )
    client.get("/search/?q=marmalade")  # warm caches (the theme lexicon, site root paths)
    one = queries_for(client, "/search/?q=marmalade")
    twenty = queries_for(client, "/search/?q=lighthouse")  # 7 reviews + 14 findings + 14 recommendations
    with_filters = queries_for(client, "/search/?q=lighthouse&theme=neglect&kind=finding&kind=recommendation")
    assert one == twenty == with_filters


def test_the_search_page_counts_its_results_as_it_shows_them(client, committed):
    """The pages compared above really did show one and twenty results."""
    with committed():
        create_review(ref="QB-2", title="Jam", summary="Marmalade.")
        for n in range(21):
            create_review(ref=f"QB-M-{n}", title=f"Review {n}", summary="Lighthouse.")
    one = client.get("/search/?q=marmalade").content.decode()
    many = client.get("/search/?q=lighthouse").content.decode()
    assert "1 result" in one
    assert "21 results" in many and many.count('href="/reviews/qb-m-') >= 20
