"""Finding identifying details in free text: NHS numbers, postcodes, National Insurance numbers, phone numbers,
email addresses and dates of birth.

Published reviews must be anonymised (see DOMAIN.md, Anonymisation), and practitioners may type the same details
into search. This is a safety net, so the patterns favour precision: a check full of false alarms would soon be
ignored. Every quantifier is bounded, so the time taken grows in proportion to the text, whatever the text.
"""

import re

NHS_NUMBER = "NHS number"
POSTCODE = "postcode"
NI_NUMBER = "National Insurance number"
PHONE_NUMBER = "phone number"
EMAIL_ADDRESS = "email address"
DATE_OF_BIRTH = "date of birth"


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

# Bounded as the email standards bound them (a local part of at most 64 characters, labels of at most 63, at
# most 8 labels): unbounded runs made a long string of "%" take quadratic time, each start scanning to the end.
EMAIL_PATTERN = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![\w-])"
)

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DAY = r"(?:[012]?\d|3[01])(?:st|nd|rd|th)?"
DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|{DAY}\s{{1,3}}(?:of\s{{1,3}})?{MONTH},?\s{{1,3}}\d{{4}}"
    rf"|{MONTH}\s{{1,3}}{DAY},?\s{{1,3}}\d{{4}})"
)
# A date on its own is usually a meeting, an incident or a publication date; it identifies someone only
# next to a word about birth. The window stops at a line or sentence end so a later date is not pulled in.
DOB_PATTERN = re.compile(
    rf"\b(?:born|d\.?o\.?b\b\.?|date\s{{1,3}}of\s{{1,3}}birth)(?:(?![.!?]\s)[^\n]){{0,40}}?(?<![\d/.-]){DATE}(?![\d/])",
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
