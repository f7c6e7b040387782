"""The anonymisation check finds identifiers in every text part of a review and ignores ordinary numbers."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kb.identifiers import find_identifiers, nhs_check_digit_ok
from reviews.models import Finding, ReviewPage
from reviews.publishing.anonymisation import Identifier
from tests.factories import FindingFactory, RecommendationFactory, attach_report, create_review


def with_check_digit(nine_digits: str) -> str | None:
    """The NHS number for these nine digits, worked out the long way; None when no check digit exists."""
    total = 0
    for position, digit in enumerate(nine_digits):
        total += int(digit) * (10 - position)
    remainder = total % 11
    if remainder == 0:
        return nine_digits + "0"
    if remainder == 1:
        return None
    return nine_digits + str(11 - remainder)


def kinds(text: str) -> list[str]:
    return [kind for kind, _ in find_identifiers(text)]


def test_the_known_valid_nhs_numbers_really_are_valid():
    assert with_check_digit("943476591") == "9434765919"
    assert with_check_digit("401023213") == "4010232137"


@pytest.mark.parametrize("nine", ["943476591", "401023213", "485777300", "123456781", "600000000"])
def test_nhs_check_agrees_with_an_independent_calculation(nine):
    expected = with_check_digit(nine)
    for last in "0123456789":
        assert nhs_check_digit_ok(nine + last) == (nine + last == expected)


@pytest.mark.parametrize(
    "text, match",
    [
        ("NHS number 943 476 5919 was on the referral.", "943 476 5919"),
        ("NHS no. 9434765919.", "9434765919"),
        ("Ref 401-023-2137", "401-023-2137"),
    ],
)
def test_valid_nhs_numbers_are_found(text, match):
    assert find_identifiers(text) == [("NHS number", match)]


@pytest.mark.parametrize(
    "text",
    [
        "NHS number 943 476 5918",  # wrong check digit
        "9434765910",
        "943 476 59190",  # part of a longer run of digits
        "19434765919",
        "943 476-5919",  # mixed separators are not an NHS number's layout
    ],
)
def test_ten_digits_without_a_valid_check_digit_or_layout_are_not_nhs_numbers(text):
    assert "NHS number" not in kinds(text)


@pytest.mark.parametrize(
    "postcode", ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "ec1a 1bb", "SW1A1AA"]
)
def test_postcodes_are_found(postcode):
    assert find_identifiers(f"The family moved to {postcode}, near the school.") == [("postcode", postcode)]


@pytest.mark.parametrize("text", ["COVID 19", "HSCP-CSPR-2021-03", "in KS2 3rd place", "Section 47 of", "A1 road"])
def test_things_shaped_a_little_like_postcodes_are_not(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text", ["AB 12 34 56 C", "AB123456C", "ce 12 34 56 d", "JT123456A"])
def test_national_insurance_numbers_are_found(text):
    assert find_identifiers(f"NI: {text}.") == [("National Insurance number", text)]


@pytest.mark.parametrize(
    "text",
    [
        "DA123456A",  # D is never a prefix letter
        "AD123456A",
        "QA123456A",
        "AO123456A",  # O is never the second letter
        "GB123456A",  # unused prefixes
        "NK123456A",
        "TN123456A",
        "ZZ123456A",
        "AB123456E",  # the suffix is A to D
        "AB12345C",  # five digits
    ],
)
def test_national_insurance_numbers_with_impossible_letters_are_not_found(text):
    assert "National Insurance number" not in kinds(text)


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700 900 123",
        "020 7946 0958",
        "(020) 7946 0958",
        "0113 496 0000",
        "01632 960001",
        "+44 20 7946 0958",
        "+44 (0)20 7946 0958",
        "+44 7700 900123",
        "+447700900123",
    ],
)
def test_uk_phone_numbers_are_found(number):
    assert find_identifiers(f"Mother's phone: {number}.") == [("phone number", number)]


@pytest.mark.parametrize("text", ["0770 090", "020 7946 095812", "call 999", "ref 2021-0203-4455", "01/02/2016"])
def test_too_short_too_long_or_dated_numbers_are_not_phone_numbers(text):
    assert "phone number" not in kinds(text)


@pytest.mark.parametrize("email", ["jo.bloggs@example.org", "j_b+school@mail.example.co.uk"])
def test_email_addresses_are_found(email):
    assert find_identifiers(f"Email {email}.") == [("email address", email)]


def test_an_at_sign_alone_is_not_an_email_address():
    assert kinds("Met @ 10am at the school; see agency@ notes") == []


@pytest.mark.parametrize(
    "text, match",
    [
        ("Child A was born on 12 March 2015 at home.", "born on 12 March 2015"),
        ("DOB: 01/02/2016", "DOB: 01/02/2016"),
        ("d.o.b. 1-2-16", "d.o.b. 1-2-16"),
        ("Date of birth 2015-03-12.", "Date of birth 2015-03-12"),
        ("She was born, the midwife recorded, on March 12th, 2015.", "born, the midwife recorded, on March 12th, 2015"),
        ("born on the 3rd of Sept 2014", "born on the 3rd of Sept 2014"),
    ],
)
def test_dates_next_to_words_about_birth_are_dates_of_birth(text, match):
    assert find_identifiers(text) == [("date of birth", match)]


@pytest.mark.parametrize(
    "text",
    [
        "published 30 June 2021",
        "The incident happened on 12/03/2015.",
        "Baby N was born prematurely. On 12 March 2015 the health visitor called.",  # another sentence
        "Baby N was born prematurely and spent many weeks in the neonatal unit before 12 March 2015.",  # too far
        "born in 2015",  # a year of birth alone is allowed in published reviews
    ],
)
def test_other_dates_are_not_dates_of_birth(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "35 cases",
        "Section 11",
        "a response within 15 working days",
        "2019-2021",
        "45%",
        "Children Act 2004",
        "HSCP-CSPR-2021-03",
        "Working Together 2018",
        "Published 30 June 2021; reviewed 2019-2021 (45%), under section 11 of the Children Act 2004.",
        "Recommendation 3a: 12 of 20 agencies (60%) replied by 01.02.2022.",
    ],
)
def test_ordinary_numbers_refs_dates_and_percentages_are_not_identifiers(text):
    assert find_identifiers(text) == []


def test_each_identifier_is_reported_once_per_text():
    assert find_identifiers("Call 020 7946 0958, or 020 7946 0958 out of hours.") == [("phone number", "020 7946 0958")]


def test_an_identifier_says_where_it_was_found():
    assert str(Identifier("report", "postcode", "AB1 2CD", page=2)) == "report p.2: postcode: AB1 2CD"
    assert str(Identifier("finding 3", "email address", "a@b.org")) == "finding 3: email address: a@b.org"


# --- the command -------------------------------------------------------------------------------------------


def run(*args) -> tuple[int, str]:
    """(exit status, standard output) of anonymisation_report."""
    out, err = StringIO(), StringIO()
    try:
        call_command("anonymisation_report", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def leaky_reviews(db):
    live = create_review(
        ref="AN-SCR-2021-01",
        findings=[
            FindingFactory(text="Nobody rang the health visitor."),
            FindingFactory(text="Write to mum@example.org."),
        ],
        recommendations=[RecommendationFactory(number="2a", text="Ring 07700 900123 first.")],
    )
    attach_report(live, "page one", "See AB1 2CD")
    create_review(ref="AN-SCR-2021-02", live=False, summary="Child B was born on 12 March 2015.")
    create_review(ref="AN-SCR-2021-03")
    return live


@pytest.mark.django_db
def test_the_report_lists_every_identifier_with_ref_field_kind_and_text_and_exits_1(leaky_reviews):
    status, output = run()
    assert status == 1
    assert output.splitlines() == [
        "AN-SCR-2021-01\tfinding 2\temail address\tmum@example.org",
        "AN-SCR-2021-01\trecommendation 2a\tphone number\t07700 900123",
        "AN-SCR-2021-01\treport p.2\tpostcode\tAB1 2CD",
        "AN-SCR-2021-02\tsummary\tdate of birth\tborn on 12 March 2015",
    ]


@pytest.mark.django_db
def test_unpublished_changes_to_a_live_review_are_checked(leaky_reviews):
    page = ReviewPage.objects.get(ref="AN-SCR-2021-03")
    page.findings.add(Finding(text="DOB: 01/02/2016"))
    page.save_revision()  # a draft: the live version stays clean
    assert ReviewPage.objects.get(ref="AN-SCR-2021-03").findings.count() == 0
    status, output = run("--ref", "AN-SCR-2021-03")
    assert (status, output) == (1, "AN-SCR-2021-03\tfinding 1\tdate of birth\tDOB: 01/02/2016\n")


@pytest.mark.django_db
def test_ref_limits_the_report_to_those_reviews(leaky_reviews):
    status, output = run("--ref", "AN-SCR-2021-02", "--ref", "AN-SCR-2021-03")
    assert status == 1
    assert [line.split("\t")[0] for line in output.splitlines()] == ["AN-SCR-2021-02"]

    assert run("--ref", "AN-SCR-2021-03") == (0, "No identifiers found in 1 reviews.\n")


@pytest.mark.django_db
def test_clean_reviews_exit_0_with_a_message():
    create_review(ref="AN-SCR-2022-01", findings=[FindingFactory(text="35 cases within 15 working days.")])
    create_review(ref="AN-SCR-2022-02", live=False)
    assert run() == (0, "No identifiers found in 2 reviews.\n")


@pytest.mark.django_db
def test_an_unknown_ref_is_an_error(leaky_reviews):
    with pytest.raises(CommandError, match="No review with ref: NOPE-1"):
        call_command("anonymisation_report", "--ref", "AN-SCR-2021-01", "--ref", "NOPE-1")


@pytest.mark.django_db
def test_the_demo_content_is_anonymised():
    call_command("load_demo", verbosity=0)
    status, output = run()
    assert (status, output) == (0, f"No identifiers found in {ReviewPage.objects.count()} reviews.\n")
