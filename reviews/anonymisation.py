"""Finding identifying details (NHS numbers, postcodes, phone numbers...) left in a review's text.

Published reviews must be anonymised (see DOMAIN.md, Anonymisation). This is a safety net for the panel's
own check, so the patterns favour precision: a report full of false alarms would soon be ignored.
"""

import re
from dataclasses import dataclass

from kb.text import rich_text_to_plain_text

NHS_NUMBER = "NHS number"
POSTCODE = "postcode"
NI_NUMBER = "National Insurance number"
PHONE_NUMBER = "phone number"
EMAIL_ADDRESS = "email address"
DATE_OF_BIRTH = "date of birth"


@dataclass(frozen=True)
class Identifier:
    """One identifier found in one field of a review."""

    field: str
    kind: str
    text: str
    page: int | None = None

    @property
    def location(self) -> str:
        """The field, with the page number for report text (e.g. "report p.3")."""
        return f"{self.field} p.{self.page}" if self.page is not None else self.field

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}: {self.text}"


# Three groups of 3-3-4 digits with the same separator each time, or ten in a row; never part of a
# longer run of digits (a longer run is a reference or a phone number, not an NHS number).
NHS_PATTERN = re.compile(r"(?<![\d-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d]|-\d)")

# Only the 125 real UK postcode areas (AB Aberdeen ... ZE Shetland, BF for BFPO): matched case-insensitively,
# "any letters + digit" would also catch things like "KS2 3rd" or "P2 3RD". The inward code's letters are
# not restricted, so made-up examples ("AB1 2CD") are still caught.
POSTCODE_AREA = (
    r"(?:AB|AL|B[ABDFHLNRST]?|C[ABFHMORTVW]|D[ADEGHLNTY]|E[CHNX]?|F[KY]|G[LUY]?|H[ADGPRSUX]|I[GMPV]|JE|K[ATWY]"
    r"|L[ADELNSU]?|M[EKL]?|N[EGNPRW]?|O[LX]|P[AEHLOR]|R[GHM]|S[AEGKLMNOPRSTWY]?|T[ADFNQRSW]|UB|W[ACDFNRSV]?|YO|ZE)"
)
POSTCODE_PATTERN = re.compile(
    rf"(?<![A-Za-z0-9-])(?:{POSTCODE_AREA}\d[A-Z\d]?|GIR) ?\d[A-Z]{{2}}(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# "the 2nd", "1st" written in lower case read as inward codes ("N1 2nd"); real postcodes are not written so.
ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")

NI_PATTERN = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}( ?)\d{2}\3\d{2}) ?([A-D])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
NI_UNUSED_PREFIXES = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}

# UK numbers start 01, 02, 03 (geographic and non-geographic landlines) or 07 (mobiles), or +44 without
# the 0. Groups of digits with single spaces or hyphens; the total length is checked afterwards. Digits
# joined to letters, slashes or hyphens on the left are parts of references or dates, not phone numbers.
PHONE_PATTERN = re.compile(
    r"(?<![\w+/.-])(?:\+44 ?(?:\(0\) ?)?|\(0|0)[1237]\d{1,3}\)?(?:[ -]?\d{3,6}){1,2}(?![\w/]|[-.]\d)"
)

EMAIL_PATTERN = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DAY = r"(?:[012]?\d|3[01])(?:st|nd|rd|th)?"
DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|{DAY}\s+(?:of\s+)?{MONTH},?\s+\d{{4}}"
    rf"|{MONTH}\s+{DAY},?\s+\d{{4}})"
)
# A date on its own is usually a meeting, an incident or a publication date; it identifies someone only
# next to a word about birth. The window stops at a line or sentence end so a later date is not pulled in.
DOB_PATTERN = re.compile(
    rf"\b(?:born|d\.?o\.?b\b\.?|date\s+of\s+birth)(?:(?![.!?]\s)[^\n]){{0,40}}?(?<![\d/.-]){DATE}(?![\d/])",
    re.IGNORECASE,
)


def nhs_check_digit_ok(digits: str) -> bool:
    """True when the tenth digit is the modulus 11 check digit of the first nine."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 10:  # no number is ever issued with this check value
        return False
    return (0 if check == 11 else check) == int(digits[9])


def find_nhs_numbers(text: str) -> list[str]:
    """Ten-digit numbers that pass the NHS modulus 11 check."""
    return [m.group() for m in NHS_PATTERN.finditer(text) if nhs_check_digit_ok(re.sub(r"\D", "", m.group()))]


def find_postcodes(text: str) -> list[str]:
    """UK postcodes, with or without the space."""
    return [m.group() for m in POSTCODE_PATTERN.finditer(text) if not ORDINAL.search(m.group())]


def find_ni_numbers(text: str) -> list[str]:
    """National Insurance numbers with a prefix HMRC could have issued."""
    return [m.group() for m in NI_PATTERN.finditer(text) if m.group(1).upper() not in NI_UNUSED_PREFIXES]


def find_phone_numbers(text: str) -> list[str]:
    """UK landline and mobile numbers, with 10 or 11 digits once written as 0...."""
    found = []
    for match in PHONE_PATTERN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if match.group().startswith("+44"):
            digits = "0" + digits[2:].lstrip("0")  # "+44 (0)20 ..." and "+44 20 ..." are both "020 ..."
        if len(digits) in (10, 11):
            found.append(match.group())
    return found


def find_email_addresses(text: str) -> list[str]:
    """Email addresses."""
    return [m.group() for m in EMAIL_PATTERN.finditer(text)]


def find_dates_of_birth(text: str) -> list[str]:
    """Dates written shortly after "born", "DOB" or "date of birth", with those words."""
    return [m.group() for m in DOB_PATTERN.finditer(text)]


FINDERS = (
    (NHS_NUMBER, find_nhs_numbers),
    (POSTCODE, find_postcodes),
    (NI_NUMBER, find_ni_numbers),
    (PHONE_NUMBER, find_phone_numbers),
    (EMAIL_ADDRESS, find_email_addresses),
    (DATE_OF_BIRTH, find_dates_of_birth),
)


def find_identifiers(text: str) -> list[tuple[str, str]]:
    """(kind, matched text) for every identifier in the text, each once, in the order of FINDERS."""
    found: list[tuple[str, str]] = []
    for kind, finder in FINDERS:
        for match in finder(text or ""):
            item = (kind, " ".join(match.split()))  # one line per finding, even if the text wrapped
            if item not in found:
                found.append(item)
    return found


def review_texts(page) -> list[tuple[str, str, int | None]]:
    """(field, text, report page number) for every free-text part of a review."""
    texts = [
        ("title", page.title, None),
        ("subject", page.subject, None),
        ("summary", rich_text_to_plain_text(page.summary), None),
        ("methodology", page.methodology, None),
    ]
    for position, finding in enumerate(page.findings.all(), start=1):
        texts.append((f"finding {finding.number or position}", finding.text, None))
    for position, recommendation in enumerate(page.recommendations.all(), start=1):
        texts.append((f"recommendation {recommendation.number or position}", recommendation.text, None))
    for number, report_page in enumerate(page.report_pages, start=1):
        texts.append(("report", report_page, number))
    return texts


def scan_review(page) -> list[Identifier]:
    """Every identifier in this version of the review."""
    return [
        Identifier(field, kind, match, number)
        for field, text, number in review_texts(page)
        for kind, match in find_identifiers(text)
    ]


def scan_latest(page) -> list[Identifier]:
    """Every identifier in the review's latest version, draft or published."""
    latest = page.get_latest_revision_as_object() if page.has_unpublished_changes or not page.live else page
    found = scan_review(latest)
    if latest is not page and latest.report_text != page.report_text:
        # The report text is extracted from the PDF and may be stored without a new revision; check both.
        found += [
            Identifier("report", kind, match, number)
            for number, text in enumerate(page.report_pages, start=1)
            for kind, match in find_identifiers(text)
            if Identifier("report", kind, match, number) not in found
        ]
    return found
