"""The production stack end to end, over HTTP and through the admin (see conftest.py for what runs).

The tests share one stack and run in order: each leaves the index equal to the database, document by document.
"""

import json
import re
import threading
import time
import uuid

import pytest

from .conftest import SEARCH_TIMEOUT, Browser, form

pytestmark = pytest.mark.stack
UNAVAILABLE = "Search is unavailable at the moment. Please try again shortly."
BEHIND = "Search is not up to date"


# ---- what an editor and a visitor do ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def admin(stack) -> Browser:
    return stack.browser()


@pytest.fixture
def visitor(stack) -> Browser:
    return Browser(stack.url)


def contentstate(text: str) -> str:
    """Rich text as the admin's editor posts it."""
    block = {"key": "k1", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


def submit_review(admin: Browser, summary: str, themes: str) -> tuple[int, str]:
    """Write a new review in the admin and submit it to the publishing workflow: (page id, ref)."""
    index = admin.get("/api/v2/pages/", type="reviews.ReviewIndexPage").json()["items"][0]["id"]
    chooser = admin.get("/admin/snippets/choose/kb/partnership/").json()["html"]
    partnership = re.search(r"/partnership/chosen/(\d+)/\"[^>]*>\s*Northvale", chooser).group(1)
    token = uuid.uuid4().hex[:6]
    add = f"/admin/pages/add/reviews/reviewpage/{index}/"
    data = form(admin, add)
    data.update(
        {
            "title": f"Child S{token}",
            "slug": f"child-s{token}",
            "ref": f"STACK-PCR-2026-{token}",
            "review_type": "pcr",
            "partnership": partnership,
            "published_date": "2026-03-01",
            "themes": themes,  # tag names, quoted when they hold spaces, as the tag widget posts them
            "summary": contentstate(summary),
            "action-submit": "Submit to Review publication",
        }
    )
    response = admin.post(add, data)
    assert "created and submitted for moderation" in response.text, response.text[:2000]
    return int(re.search(r"/admin/pages/(\d+)/edit/", response.text).group(1)), f"STACK-PCR-2026-{token}"


def approve(admin: Browser, page_id: int) -> str:
    """Approve the page's current workflow task as the panel chair would; the page the admin shows next."""
    edit = admin.get(f"/admin/pages/{page_id}/edit/").text
    state = re.search(rf"collect_action_data/{page_id}/approve/(\d+)/", edit).group(1)
    token = {"csrfmiddlewaretoken": admin.cookies["csrftoken"], "comment": "Approved in the stack test."}
    return admin.post(f"/admin/pages/workflow/action/{page_id}/approve/{state}/", token).text


def publish_review(admin: Browser, summary: str, themes: str = "") -> tuple[int, str]:
    page_id, ref = submit_review(admin, summary, themes)
    approve(admin, page_id)  # the anonymisation check passed by itself: this is the chair's approval
    return page_id, ref


def unpublish(admin: Browser, page_id: int) -> str:
    url = f"/admin/pages/{page_id}/unpublish/"
    return admin.post(url, form(admin, url, form_id=None)).text


def restrict_to_signed_in_users(admin: Browser, page_id: int) -> None:
    url = f"/admin/pages/{page_id}/privacy/"
    token = {"csrfmiddlewaretoken": admin.cookies["csrftoken"], "restriction_type": "login"}
    assert admin.post(url, token).json()["step"] == "set_privacy_done"


def edit_and_publish(admin: Browser, page_id: int, title: str) -> str:
    """Change a review's title in the editor and publish it (an administrator may publish directly)."""
    url = f"/admin/pages/{page_id}/edit/"
    data = form(admin, url)
    data.update({"title": title, "action-publish": "action-publish"})
    return admin.post(url, data).text


def add_theme_synonym(admin: Browser, theme_name: str, synonym: str) -> None:
    listing = admin.get("/admin/snippets/kb/theme/", q=theme_name).text
    theme_id = re.search(r"/admin/snippets/kb/theme/edit/(\d+)/", listing).group(1)
    url = f"/admin/snippets/kb/theme/edit/{theme_id}/"
    data = form(admin, url, form_id="w-editor-form")
    data["synonyms"] = data["synonyms"].strip() + f"\n{synonym}"
    assert "updated" in admin.post(url, data).text


def search(browser: Browser, **params) -> dict:
    response = browser.get("/api/search/", **{"page_size": 100, **params})
    assert response.status_code == 200, response.text[:300]
    return response.json()


def refs(found: dict) -> set[str]:
    return {(result.get("review") or {}).get("ref") for result in found["results"]}


def found_with(browser: Browser, ref: str, **params) -> dict | None:
    """The search's answer if the review is among the results its words found (while the worker is still at work,
    a review can first be found by its meaning alone)."""
    found = search(browser, **params)
    by_words = {(r.get("review") or {}).get("ref") for r in found["results"] if not r["related_by_meaning"]}
    return found if ref in by_words else None


def page_ids(stack, *refs: str) -> list[int]:
    """Page ids of demo reviews (setup, not under test)."""
    return stack.shell(
        f"import json; from reviews.models import ReviewPage; print(json.dumps("
        f"[ReviewPage.objects.get(ref=r).pk for r in {list(refs)!r}]))"
    )


def wait_until(check, timeout: float = 60):
    """Poll until check() is truthy (the worker runs beside us); its value."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.3)
    return value


def assert_index_matches_the_database(stack) -> None:
    found = stack.compare_index()
    assert (found["missing"], found["extra"], found["different"]) == ([], [], []) and found["documents"] > 100


# ---- the journey --------------------------------------------------------------------------------------------


def test_the_imported_demo_is_indexed_document_by_document(stack):
    assert_index_matches_the_database(stack)


def test_a_review_published_through_the_workflow_is_found_by_a_synonym_with_facets_and_highlights(
    stack, admin, visitor
):
    summary = "Infant S died after co-sleeping with a parent on a sofa; the advice was not repeated."
    _, ref = publish_review(admin, summary, themes='"Sudden unexpected death in infancy and safer sleep"')
    found = wait_until(lambda: found_with(visitor, ref, q="cot death", type="pcr"))  # once the worker indexed it
    (hit,) = [result for result in found["results"] if (result.get("review") or {}).get("ref") == ref]
    assert re.search(r"<mark>co(-|</mark>-<mark>)sleeping</mark>", hit["snippet"], re.IGNORECASE), (
        hit,
        {k: v for k, v in found.items() if k != "results"},
    )
    facets = {name: {f["value"]: f["count"] for f in values} for name, values in found["facets"].items()}
    assert facets["type"] == {"pcr": found["count"]} and facets["theme"]["sudi-safer-sleep"] >= 1
    narrowed = search(visitor, q="cot death", type="pcr", year_from=2026, theme="sudi-safer-sleep")
    assert refs(narrowed) == {ref} and narrowed["facets"]["year"] == [{"value": "2026", "label": "2026", "count": 1}]


def test_an_unpublished_and_a_restricted_review_leave_search_at_once(stack, admin, visitor):
    first, first_ref = publish_review(admin, "A review about a kittiwake seen at the harbour.")
    second, second_ref = publish_review(admin, "Another review about a kittiwake at the harbour.")
    assert wait_until(lambda: refs(search(visitor, q="kittiwake")) == {first_ref, second_ref})
    unpublish(admin, first)
    restrict_to_signed_in_users(admin, second)
    gone = search(visitor, q="kittiwake")  # at once: removals never wait for the worker
    assert (gone["count"], gone["results"]) == (0, [])
    wait_until(lambda: not stack.compare_index()["different"])
    assert_index_matches_the_database(stack)


def test_a_theme_synonym_edited_in_the_admin_finds_content_at_once(stack, admin, visitor):
    assert search(visitor, q="zorbing")["count"] == 0
    add_theme_synonym(admin, "safer sleep", "zorbing")
    # Every answer counts, whichever gunicorn worker gives it (a worker's own copy of the themes lags up to a
    # minute; the index's synonyms set is updated at once).
    answers = [search(visitor, q="zorbing") for _ in range(6)]
    assert all(found["count"] > 0 for found in answers), [found["count"] for found in answers]
    assert all("sleep" in json.dumps(found["results"]).lower() for found in answers)
    wait_until(lambda: not stack.compare_index()["different"])  # the theme's pages are re-indexed by the worker


# ---- when the search engine fails ---------------------------------------------------------------------------


def outage_checks(stack, admin, visitor, demo_refs: tuple[str, str]) -> tuple[str, int, int]:
    """Unpublish, edit and publish while search is down; every one succeeds, saying search is behind."""
    hidden, edited = page_ids(stack, *demo_refs)
    assert BEHIND in unpublish(admin, hidden)  # the removal could not be made: remembered, and said
    assert BEHIND in edit_and_publish(admin, edited, f"Edited while search was down {uuid.uuid4().hex[:6]}")
    page_id, ref = submit_review(admin, "A review about a bittern in the reed beds.", themes="Neglect")
    approve(admin, page_id)
    assert admin.get(f"/reviews/child-s{ref[-6:]}/").status_code == 200  # published all the same
    for params in ({"q": "bittern"}, {"theme": "neglect"}):
        response = visitor.get("/api/search/", **params)
        assert (response.status_code, response.json()) == (503, {"error": UNAVAILABLE})
    page = visitor.get("/search/", q="neglect")
    assert page.status_code == 503 and UNAVAILABLE in page.text
    for url in ("/", "/reviews/", f"/reviews/child-s{ref[-6:]}/", "/themes/neglect/", "/learning/"):
        assert visitor.get(url).status_code == 200, url
    return ref, hidden, edited


def catch_up_and_compare(stack, visitor, ref: str) -> None:
    """After `reindex --missing` the index holds exactly what the database says, and the new review is found."""
    stack.manage("reindex", "--missing", "--verbosity", "0")
    assert (
        stack.shell("import json; from search.models import PendingUpdate; print(PendingUpdate.objects.count())") == 0
    )
    assert_index_matches_the_database(stack)
    assert ref in refs(search(visitor, q="bittern"))


def test_a_stopped_node_loses_nothing(stack, admin, visitor):
    stack.node.stop()
    try:
        ref, *_ = outage_checks(stack, admin, visitor, ("ESAB-SAR-2016-01", "NVSCP-CSPR-2021-02"))
    finally:
        stack.node.start()
    catch_up_and_compare(stack, visitor, ref)


def test_a_node_that_accepts_connections_and_never_answers_fails_fast(stack, admin, visitor):
    stack.node.freeze()
    try:
        started = time.monotonic()
        assert visitor.get("/api/search/", q="neglect").status_code == 503
        assert time.monotonic() - started < SEARCH_TIMEOUT + 5  # the app's timeout, not the proxy's
        ref, *_ = outage_checks(stack, admin, visitor, ("KSAB-SAR-2018-01", "HSCP-RAPID-2020-02"))
    finally:
        stack.node.thaw()
    catch_up_and_compare(stack, visitor, ref)


# ---- rebuilding ---------------------------------------------------------------------------------------------


def test_a_rebuild_while_searches_run_never_fails_or_comes_back_empty(stack, visitor):
    expected = search(visitor, q="neglect")["count"]
    answers, stop = [], threading.Event()

    def search_in_a_loop():
        browser = Browser(stack.url)
        while not stop.is_set():
            response = browser.get("/api/search/", q="neglect", page_size=5)
            answers.append(response.json().get("count") if response.status_code == 200 else response.status_code)

    thread = threading.Thread(target=search_in_a_loop)
    thread.start()
    try:
        stack.manage("reindex", "--verbosity", "0")
    finally:
        stop.set()
        thread.join()
    assert len(answers) >= 10 and set(answers) == {expected}, answers
    assert_index_matches_the_database(stack)
