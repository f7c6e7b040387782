"""Hostile input: whatever reaches the search API or the importer, the answer is a result or a clear 400,
never a 500 or a traceback, and markup never comes back unescaped."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews.importing import ImportFailed, check_file, validate
from tests.factories import FindingFactory, ReviewRecordFactory, create_review

pytestmark = pytest.mark.django_db
PARAMETERS = [
    "q",
    "theme",
    "type",
    "kind",
    "year_from",
    "year_to",
    "agency",
    "partnership",
    "age_band",
    "status",
    "sort",
    "page",
    "page_size",
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text that looks like engine syntax, markup, and odd Unicode, mixed with anything at all.
nasty = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            '"',
            '""',
            "-",
            "OR",
            "AND",
            "NOT",
            "NEAR(a b)",
            "title:x",
            "*",
            "^",
            "(",
            ")",
            "{",
            "}",
            '{"match_all": {}}',
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\\",
            "\u0000",
            "\ufeff",
            "𝔟𝔯𝔲𝔦𝔰𝔦𝔫𝔤",
            "a" * 501,
            "-1",
            "0",
            "99999999999999999999",
            "2020.5",
            "neglect",
        ]
    ),
)


@pytest.fixture
def indexed(committed):
    with committed():
        create_review(
            ref="HOST-1",
            summary="Neglect <b>and</b> bruising.",
            findings=[FindingFactory(text='<img src=x onerror="alert(1)"> neglect')],
        )


@pytest.mark.usefixtures("each_engine")
@SETTINGS
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), st.lists(nasty, min_size=1, max_size=3), max_size=5))
def test_the_search_api_answers_200_or_400_with_a_message(client, indexed, params):
    response = client.get("/api/search/", params)
    assert response.status_code in (200, 400), response.content[:300]
    body = response.json()
    if response.status_code == 400:
        assert isinstance(body["error"], str) and body["error"] and "Traceback" not in body["error"]
    else:
        for result in body["results"]:
            assert "<img" not in result["snippet"] and "<b>" not in result["snippet"]


@pytest.mark.usefixtures("each_engine")
@SETTINGS
@given(q=nasty)
def test_the_search_page_never_fails(client, indexed, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code in (200, 400)
    assert b"<img src=x" not in response.content and b"<script>alert" not in response.content


def record_values():
    """A review record whose values are anything JSON can hold."""
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | nasty,
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
        max_leaves=6,
    )
    keys = st.sampled_from(list(ReviewRecordFactory()) + ["notified", "decision", "audit_type", "sample_size", "x"])
    return st.dictionaries(keys, json_values, max_size=8)


@SETTINGS
@given(changes=record_values())
def test_the_importer_accepts_or_explains_never_crashes(changes):
    record = {**ReviewRecordFactory(), **changes}
    try:
        validate({"reviews": [record]})
    except ImportFailed as failure:
        assert failure.problems and all(str(problem) for problem in failure.problems)


@SETTINGS
@given(document=st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_any_file_content_is_accepted_or_explained(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("import") / "reviews.json"
    path.write_bytes(document if isinstance(document, bytes) else document.encode("utf-8", "surrogatepass"))
    try:
        check_file(path)
    except ImportFailed as failure:
        assert failure.problems


def test_markup_in_every_field_is_escaped_on_pages(client, committed):
    markup = '<script>alert("x")</script>'
    with committed():
        page = create_review(
            ref="HOST-2",
            title=f"Title {markup}",
            subject=markup,
            methodology=markup,
            agencies=[markup],
            partnership=markup,
            summary=markup,
            findings=[FindingFactory(text=markup)],
        )
    for url in (page.url, "/reviews/", "/", "/search/?q=alert", "/themes/"):
        assert b'<script>alert("x")' not in client.get(url).content, url
    assert markup not in json.dumps(client.get("/api/search/", {"q": "alert"}).json()["results"][0]["snippet"])
