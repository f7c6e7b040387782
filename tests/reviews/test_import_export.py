"""Import validates everything first and writes all or nothing; export and import round-trip exactly."""

import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.search.backends import get_search_backend

from kb.models import Agency, Partnership
from reviews import importing
from reviews.importing import ImportFailed, validate
from reviews.importing.write import Writer
from reviews.models import ProgressNote, ReviewPage, ReviewTimeline
from tests.factories import FindingFactory, RecommendationFactory, ReviewRecordFactory, import_records

pytestmark = pytest.mark.django_db


def write_file(tmp_path, data, name="reviews.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def problems_for(record: dict) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        validate({"reviews": [record]})
    return [str(p) for p in failure.value.problems]


@pytest.mark.parametrize("field", ["ref", "type", "title", "summary", "partnership"])
def test_a_missing_required_field_is_named_with_the_ref(field):
    record = ReviewRecordFactory(ref="NV-SCR-2019-01")
    del record[field]
    ref = "NV-SCR-2019-01" if field != "ref" else "(review 1)"
    assert f"{ref}: {field}: is required" in problems_for(record)


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"type": "inquest"}, "X-1: type: unknown value 'inquest'"),
        ({"status": "finished"}, "X-1: status: unknown value 'finished'"),
        ({"age_band": "teen"}, "X-1: age_band: unknown value 'teen'"),
        ({"themes": ["neglect", "astrology"]}, "X-1: themes: unknown theme 'astrology'"),
        ({"published": "2021-13-45"}, "X-1: published: bad date '2021-13-45'"),
        ({"published": "30/06/2021"}, "X-1: published: bad date '30/06/2021'"),
        ({"type": "rapid", "notified": "2021-01-04", "decision": "panel"}, "X-1: decision: unknown value 'panel'"),
        ({"decision": "lcspr"}, "X-1: decision: is only for rapid reviews"),
        ({"audit_type": "deep_dive"}, "X-1: audit_type: is only for audits"),
        ({"type": "audit", "audit_type": "deep_dive", "sample_size": -3}, "X-1: sample_size: must be a whole number"),
        ({"colour": "red"}, "X-1: colour: is not a field of the import format"),
        ({"live": "yes"}, "X-1: live: must be true or false"),
        ({"findings": [{"text": ""}]}, "X-1: findings[1].text: is required"),
        ({"findings": [{"text": "A finding.", "themes": ["nope"]}]}, "X-1: findings[1].themes: unknown theme 'nope'"),
        (
            {"recommendations": [{"number": "1", "text": "Do it.", "status": "done"}]},
            "X-1: recommendations[1].status: unknown value 'done'",
        ),
        (
            {"recommendations": [{"number": "1", "text": "Do it.", "due": "soon"}]},
            "X-1: recommendations[1].due: bad date 'soon'",
        ),
        (
            {"recommendations": [{"number": "1", "text": "A."}, {"number": "1", "text": "B."}]},
            "X-1: recommendations[2].number: '1' is used by another recommendation",
        ),
    ],
)
def test_each_kind_of_bad_value_gets_a_message_naming_ref_and_field(change, expected):
    messages = problems_for(ReviewRecordFactory(ref="X-1", **change))
    assert any(message.startswith(expected) for message in messages), messages


def test_themes_resolve_by_slug_name_or_synonym_case_insensitively():
    record = ReviewRecordFactory(themes=["neglect", "Domestic Abuse", "nai", "COT DEATH"])
    (validated,) = validate({"reviews": [record]})
    assert [t.slug for t in validated.themes] == [
        "neglect",
        "domestic-abuse",
        "non-accidental-injury",
        "sudi-safer-sleep",
    ]


def test_malformed_json_is_a_clear_error_with_non_zero_exit_and_nothing_written(tmp_path, capsys):
    path = write_file(tmp_path, '{"reviews": [ {"ref": "A-1", ')
    with pytest.raises(CommandError, match=r"reviews.json: malformed JSON: .*; nothing was imported\.$"):
        call_command("import_reviews", path)
    assert capsys.readouterr().err == ""
    assert not ReviewPage.objects.exists()


def test_wrong_top_level_shape_is_reported(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_reviews", write_file(tmp_path, {"items": []}))


def test_one_bad_review_means_nothing_is_written(tmp_path, capsys):
    good = ReviewRecordFactory(ref="GOOD-1")
    bad = ReviewRecordFactory(ref="BAD-1", type="nonsense", published="yesterday")
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_reviews", write_file(tmp_path, {"reviews": [good, bad]}))
    err = capsys.readouterr().err
    assert "BAD-1: type: unknown value 'nonsense'" in err
    assert "BAD-1: published: bad date 'yesterday'" in err
    assert "Traceback" not in err
    assert not ReviewPage.objects.exists()
    assert not Partnership.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(monkeypatch):
    original = Writer.write
    calls = []

    def fail_on_second(self, record):
        calls.append(record.ref)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, record)

    monkeypatch.setattr(Writer, "write", fail_on_second)
    records = validate({"reviews": [ReviewRecordFactory(ref="W-1"), ReviewRecordFactory(ref="W-2")]})
    with pytest.raises(RuntimeError):
        importing.write(records)
    assert not ReviewPage.objects.exists()


def test_dry_run_validates_and_writes_nothing(tmp_path, capsys):
    call_command("import_reviews", write_file(tmp_path, {"reviews": [ReviewRecordFactory()]}), "--dry-run")
    assert "1 reviews are valid; nothing was written" in capsys.readouterr().out
    assert not ReviewPage.objects.exists()


def test_import_creates_pages_with_children_and_publishes_live_ones():
    live, draft = import_records(
        ReviewRecordFactory(
            ref="LIVE-1",
            agencies=["Police", "GP Practice"],
            themes=["neglect"],
            findings=[FindingFactory(text="First.", themes=["toxic trio"]), FindingFactory(text="Second.")],
            recommendations=[RecommendationFactory(number="1", agency="Housing", status="in_progress")],
        ),
        ReviewRecordFactory(ref="DRAFT-1", live=False),
    )
    assert live.live and not draft.live
    assert draft.get_latest_revision() is not None
    assert [f.text for f in live.findings.all()] == ["First.", "Second."]
    assert [f.number for f in live.findings.all()] == [1, 2]
    assert [t.slug for t in live.findings.first().themes.all()] == ["toxic-trio"]
    rec = live.recommendations.get()
    assert (rec.agency.name, rec.status) == ("Housing", "in_progress")
    assert sorted(a.name for a in live.agencies.all()) == ["GP Practice", "Police"]
    assert set(Agency.objects.values_list("name", flat=True)) == {"Police", "GP Practice", "Housing"}


def test_partnerships_and_agencies_an_import_creates_are_in_wagtails_search_afterwards():
    """The import indexes them in one go at its end (their per-save indexing is deferred while it runs)."""
    import_records(
        ReviewRecordFactory(
            ref="IDX-1",
            partnership="Lantern Bay Safeguarding Partnership",
            agencies=["Lighthouse Service"],
            recommendations=[RecommendationFactory(number="1", agency="Harbour Authority")],
        )
    )
    backend = get_search_backend()
    assert [p.name for p in backend.search("Lantern", Partnership)] == ["Lantern Bay Safeguarding Partnership"]
    assert {a.name for a in backend.search("Lighthouse Harbour", Agency, operator="or")} == {
        "Lighthouse Service",
        "Harbour Authority",
    }


def test_reimport_updates_by_ref_without_duplicating_and_keeps_progress_notes():
    record = ReviewRecordFactory(
        ref="SAME-1",
        findings=[FindingFactory(text="Old finding.")],
        recommendations=[RecommendationFactory(number="1", text="Old.")],
    )
    (page,) = import_records(record)
    rec = page.recommendations.get()
    ProgressNote.objects.create(recommendation=rec, date="2021-01-01", status="in_progress", note="Started.")
    finding_id = page.findings.get().pk

    record.update(title="A new title", findings=[FindingFactory(text="New finding.")])
    record["recommendations"][0]["text"] = "New."
    import_records(record)
    import_records(record)

    page = ReviewPage.objects.get(ref="SAME-1")
    assert ReviewPage.objects.count() == 1
    assert page.title == "A new title"
    assert page.findings.get().pk == finding_id
    assert page.findings.get().text == "New finding."
    assert page.recommendations.get().pk == rec.pk
    assert page.recommendations.get().progress_notes.count() == 1


def test_export_import_export_gives_the_same_file(tmp_path):
    call_command("load_demo", verbosity=0)
    first = tmp_path / "first.json"
    call_command("export_reviews", str(first), "--include-unpublished")

    for page in ReviewPage.objects.all():
        page.delete()
    ReviewTimeline.objects.all().delete()
    Partnership.objects.all().delete()
    call_command("import_reviews", str(first), verbosity=0)
    second = tmp_path / "second.json"
    call_command("export_reviews", str(second), "--include-unpublished")

    assert first.read_text() == second.read_text()
    assert len(json.loads(first.read_text())["reviews"]) == ReviewPage.objects.count() >= 40


def test_plain_export_leaves_out_drafts_and_private_reviews(tmp_path):
    from tests.factories import restrict

    _, _, private = import_records(
        ReviewRecordFactory(ref="PUB-1"),
        ReviewRecordFactory(ref="DRAFT-2", live=False),
        ReviewRecordFactory(ref="PRIV-1"),
    )
    restrict(private)
    path = tmp_path / "out.json"
    call_command("export_reviews", str(path))
    assert [r["ref"] for r in json.loads(path.read_text())["reviews"]] == ["PUB-1"]


def test_markup_in_imported_text_is_escaped_not_trusted():
    (page,) = import_records(ReviewRecordFactory(summary="<script>alert(1)</script>\n\nSecond & last"))
    assert page.summary == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>Second &amp; last</p>"
