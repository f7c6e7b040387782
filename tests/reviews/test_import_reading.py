"""An import file is read a review at a time: every problem is still found before anything is written, a file of
the wrong shape is refused clearly, and a file changed between the check and the write writes nothing."""

import importlib
import json

import pytest
from django.core.management import CommandError, call_command

from kb.vocabulary import ReviewType
from reviews.importing import ImportFailed, check_file, import_file, records_in
from reviews.models import ReviewPage
from tests.factories import ReviewRecordFactory

pytestmark = pytest.mark.django_db
write_module = importlib.import_module("reviews.importing.write")  # the package's `write` is the function


def file_of(tmp_path, content) -> str:
    path = tmp_path / "reviews.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def failure_of(path) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        check_file(path)
    return [str(problem) for problem in failure.value.problems]


@pytest.mark.parametrize(
    "content, problem",
    [
        ("[]", '(file): reviews: expected an object with a "reviews" list'),
        ('"reviews"', '(file): reviews: expected an object with a "reviews" list'),
        ({"items": []}, '(file): reviews: expected an object with a "reviews" list'),
        ({"reviews": 3}, '(file): reviews: expected an object with a "reviews" list'),
        ({"reviews": {"ref": "A-1"}}, '(file): reviews: expected an object with a "reviews" list'),
        ('{"reviews": [], "reviews": []}', "(file): reviews: is given more than once"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_the_reason(tmp_path, content, problem):
    assert failure_of(file_of(tmp_path, content)) == [problem]


@pytest.mark.parametrize(
    "content, where",
    [
        ('{"reviews": [ {"ref": "A-1", ', "line 1 column 30"),
        ('{"reviews": []} trailing', "line 1 column 17"),
        ('{"reviews": [\n  {"ref": "A-1",,}\n]}', "line 2 column 17"),
        ("", "line 1 column 1"),
    ],
)
def test_malformed_json_says_where_it_goes_wrong(tmp_path, content, where):
    (problem,) = failure_of(file_of(tmp_path, content))
    assert problem.startswith("(file): json: malformed JSON: ") and where in problem, problem
    assert "\n" not in problem


def test_every_problem_in_the_file_is_found_before_anything_is_written(tmp_path):
    reviews = [ReviewRecordFactory(ref="OK-1"), ReviewRecordFactory(ref="BAD-1", type="x"), "not a review"]
    reviews.append(ReviewRecordFactory(ref="OK-1"))
    problems = failure_of(file_of(tmp_path, {"reviews": reviews}))
    assert problems == [
        "BAD-1: type: unknown value 'x'; expected one of " + ", ".join(ReviewType.values),
        "(review 3): review: must be an object",
        "OK-1: ref: appears more than once in the file",
    ]
    with pytest.raises(ImportFailed):
        import_file(file_of(tmp_path, {"reviews": reviews}))
    assert not ReviewPage.objects.exists()


def test_reviews_are_handed_out_before_the_rest_of_the_file_is_read(tmp_path):
    """The reading streams: the first review comes out of a file whose end is not even valid JSON."""
    first = ReviewRecordFactory(ref="FIRST-1")
    path = file_of(tmp_path, '{"reviews": [' + json.dumps(first) + ', {"ref": "SECOND-1", ')
    records = records_in(path)
    assert next(records).ref == "FIRST-1"
    with pytest.raises(ImportFailed, match="malformed JSON"):
        next(records)


def test_a_file_changed_after_it_was_checked_writes_nothing(tmp_path, monkeypatch):
    path = file_of(tmp_path, {"reviews": [ReviewRecordFactory(ref="C-1"), ReviewRecordFactory(ref="C-2")]})

    def check_then_change(checked_path):
        refs = check_file(checked_path)
        file_of(tmp_path, {"reviews": [ReviewRecordFactory(ref="C-1"), ReviewRecordFactory(ref="C-2", type="x")]})
        return refs

    monkeypatch.setattr(write_module, "check_file", check_then_change)
    with pytest.raises(ImportFailed, match="C-2: type: unknown value 'x'"):
        import_file(path)
    assert not ReviewPage.objects.exists()


def test_the_command_counts_and_imports_a_checked_file(tmp_path, capsys):
    path = file_of(tmp_path, {"reviews": [ReviewRecordFactory(ref="K-1"), ReviewRecordFactory(ref="K-2")]})
    call_command("import_reviews", path)
    assert "Imported 2 new and updated 0 reviews." in capsys.readouterr().out
    assert sorted(ReviewPage.objects.values_list("ref", flat=True)) == ["K-1", "K-2"]


def test_the_command_refuses_a_wrongly_shaped_file_with_one_line(tmp_path):
    with pytest.raises(CommandError, match=r'expected an object with a "reviews" list; nothing was imported\.$'):
        call_command("import_reviews", file_of(tmp_path, {"reviews": {}}))
