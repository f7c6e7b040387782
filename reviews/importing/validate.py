"""Reading and checking an import file: every problem in the whole file is found before anything is written.

Each problem names the review (by ref) and the field, as `REF: field: message`.
"""

import datetime
from dataclasses import dataclass, field

from kb.themes import ThemeResolver
from kb.vocabulary import AgeBand, AuditType, RapidDecision, RecommendationStatus, ReviewStatus, ReviewType

from ..timeline import exchange as timeline_exchange

COMMON_KEYS = {
    "ref",
    "type",
    "title",
    "subject",
    "summary",
    "partnership",
    "published",
    "status",
    "live",
    "agencies",
    "age_band",
    "methodology",
    "incident",
    "commissioned",
    "themes",
    "findings",
    "recommendations",
    timeline_exchange.KEY,
}
RAPID_KEYS = {"notified", "decision"}
AUDIT_KEYS = {"audit_type", "sample_size"}
FINDING_KEYS = {"text", "themes"}
RECOMMENDATION_KEYS = {"number", "text", "agency", "status", "due", "themes"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, named by review ref and field."""

    ref: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.ref}: {self.field}: {self.message}"


class ImportFailed(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    refs: list[str] = field(default_factory=list)


class _Checker:
    """Collects the problems of one review record while reading its values."""

    def __init__(self, ref: str, problems: list[Problem]):
        self.ref = ref
        self.problems = problems

    def fail(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.ref, field_name, message))

    def text(self, record: dict, key: str, required=False, max_length: int | None = None, where="") -> str:
        value = record.get(key)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if required:
                self.fail(where + key, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(where + key, f"must be text, not {type(value).__name__}")
            return ""
        if max_length and len(value) > max_length:
            self.fail(where + key, f"is longer than {max_length} characters")
        return value.strip()

    def choice(self, record: dict, key: str, choices: list[str], default: str = "") -> str:
        value = record.get(key)
        if value is None or value == "":
            return default
        if value not in choices:
            self.fail(key, f"unknown value {value!r}; expected one of {', '.join(choices)}")
            return default
        return value

    def date(self, record: dict, key: str, where: str = "") -> datetime.date | None:
        value = record.get(key)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, str) and len(value) == 10:
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(where + key, f"bad date {value!r}; expected YYYY-MM-DD")
        return None

    def themes(self, record: dict, resolver: ThemeResolver, where: str) -> list:
        values = record.get("themes") or []
        if not isinstance(values, list):
            self.fail(where + "themes", "must be a list")
            return []
        themes = []
        for value in values:
            theme = resolver.resolve(value) if isinstance(value, str) else None
            if theme is None:
                self.fail(where + "themes", f"unknown theme {value!r}")
            elif theme not in themes:
                themes.append(theme)
        return themes

    def unknown_keys(self, record: dict, allowed: set[str], where: str = "") -> None:
        for key in sorted(set(record) - allowed):
            self.fail(where + key, "is not a field of the import format")


@dataclass(slots=True)  # slots: a national file holds some 300,000 of these at once
class FindingRecord:
    text: str
    themes: list


@dataclass(slots=True)
class RecommendationRecord:
    number: str
    text: str
    agency: str
    status: str
    due: datetime.date | None
    themes: list


@dataclass(slots=True)
class ReviewRecord:
    """One validated review, ready to write."""

    ref: str
    type: str
    title: str
    subject: str
    summary: str
    partnership: str
    published: datetime.date | None
    status: str
    live: bool
    agencies: list[str]
    age_band: str
    methodology: str
    incident: datetime.date | None
    commissioned: datetime.date | None
    notified: datetime.date | None
    decision: str
    audit_type: str
    sample_size: int | None
    themes: list
    findings: list[FindingRecord]
    recommendations: list[RecommendationRecord]
    timeline: dict | None = None


def validate(data, resolver: ThemeResolver | None = None) -> list[ReviewRecord]:
    """Check every review in parsed data; raise ImportFailed listing all problems, or return the records. (A file
    is read and checked a review at a time: reading.py.)"""
    if not isinstance(data, dict) or not isinstance(data.get("reviews"), list):
        raise ImportFailed([Problem("(file)", "reviews", 'expected an object with a "reviews" list')])
    validator = Validator(resolver)
    records = [record for raw in data["reviews"] if (record := validator.check(raw)) is not None]
    validator.finish()
    return records


class Validator:
    """Checks reviews one at a time in file order, collecting every problem (a ref given twice among them)."""

    def __init__(self, resolver: ThemeResolver | None = None):
        self.resolver = resolver or ThemeResolver()
        self.problems: list[Problem] = []
        self.seen: set[str] = set()
        self.position = 0

    def check(self, raw) -> ReviewRecord | None:
        """The review as a record, its problems noted; None when it is not even an object."""
        self.position += 1
        if not isinstance(raw, dict):
            self.problems.append(Problem(f"(review {self.position})", "review", "must be an object"))
            return None
        ref = raw.get("ref") if isinstance(raw.get("ref"), str) and raw.get("ref").strip() else ""
        check = _Checker(ref or f"(review {self.position})", self.problems)
        if ref in self.seen:
            check.fail("ref", "appears more than once in the file")
        self.seen.add(ref)
        return _validate_review(raw, check, self.resolver)

    def finish(self) -> None:
        """Raise ImportFailed if any review checked had a problem."""
        if self.problems:
            raise ImportFailed(self.problems)


def _validate_review(raw: dict, check: _Checker, resolver: ThemeResolver) -> ReviewRecord | None:
    review_type = check.choice(raw, "type", ReviewType.values)
    if raw.get("type") in (None, ""):
        check.fail("type", "is required")
    allowed = (
        COMMON_KEYS
        | (RAPID_KEYS if review_type == "rapid" else set())
        | (AUDIT_KEYS if review_type == "audit" else set())
    )
    for key in sorted(set(raw) - allowed):
        if key in RAPID_KEYS:
            check.fail(key, "is only for rapid reviews")
        elif key in AUDIT_KEYS:
            check.fail(key, "is only for audits")
        else:
            check.fail(key, "is not a field of the import format")
    live = raw.get("live", True)
    if not isinstance(live, bool):
        check.fail("live", "must be true or false")
    sample_size = raw.get("sample_size")
    if sample_size is not None and (
        isinstance(sample_size, bool) or not isinstance(sample_size, int) or sample_size < 0
    ):
        check.fail("sample_size", "must be a whole number, 0 or more")
        sample_size = None
    agencies = raw.get("agencies") or []
    if not isinstance(agencies, list) or not all(isinstance(a, str) and a.strip() for a in agencies):
        check.fail("agencies", "must be a list of agency names")
        agencies = []
    return ReviewRecord(
        ref=check.text(raw, "ref", required=True, max_length=60),
        type=review_type,
        title=check.text(raw, "title", required=True, max_length=255),
        subject=check.text(raw, "subject", max_length=120),
        summary=check.text(raw, "summary", required=True),
        partnership=check.text(raw, "partnership", required=True, max_length=255),
        published=check.date(raw, "published"),
        status=check.choice(raw, "status", ReviewStatus.values, default=ReviewStatus.PUBLISHED),
        live=bool(live),
        agencies=list(dict.fromkeys(a.strip() for a in agencies)),
        age_band=check.choice(raw, "age_band", AgeBand.values),
        methodology=check.text(raw, "methodology", max_length=255),
        incident=check.date(raw, "incident"),
        commissioned=check.date(raw, "commissioned"),
        notified=check.date(raw, "notified"),
        decision=check.choice(raw, "decision", RapidDecision.values),
        audit_type=check.choice(raw, "audit_type", AuditType.values),
        sample_size=sample_size,
        themes=check.themes(raw, resolver, ""),
        findings=_validate_findings(raw, check, resolver),
        recommendations=_validate_recommendations(raw, check, resolver),
        timeline=timeline_exchange.validate(raw, check, review_type),
    )


def _validate_findings(raw: dict, check: _Checker, resolver: ThemeResolver) -> list[FindingRecord]:
    items = raw.get("findings") or []
    if not isinstance(items, list):
        check.fail("findings", "must be a list")
        return []
    findings = []
    for number, item in enumerate(items, start=1):
        where = f"findings[{number}]."
        if not isinstance(item, dict):
            check.fail(f"findings[{number}]", "must be an object")
            continue
        check.unknown_keys(item, FINDING_KEYS, where)
        text = check.text(item, "text", required=True, where=where)
        findings.append(FindingRecord(text, check.themes(item, resolver, where)))
    return findings


def _validate_recommendations(raw: dict, check: _Checker, resolver: ThemeResolver) -> list[RecommendationRecord]:
    items = raw.get("recommendations") or []
    if not isinstance(items, list):
        check.fail("recommendations", "must be a list")
        return []
    recommendations, numbers = [], set()
    for position, item in enumerate(items, start=1):
        where = f"recommendations[{position}]."
        if not isinstance(item, dict):
            check.fail(f"recommendations[{position}]", "must be an object")
            continue
        check.unknown_keys(item, RECOMMENDATION_KEYS, where)
        number = item.get("number")
        number = str(number).strip() if isinstance(number, (str, int)) and not isinstance(number, bool) else ""
        if not number:
            check.fail(where + "number", "is required")
        elif number in numbers:
            check.fail(where + "number", f"{number!r} is used by another recommendation of this review")
        numbers.add(number)
        text = check.text(item, "text", required=True, where=where)
        agency = check.text(item, "agency", max_length=255, where=where)
        status = item.get("status") or RecommendationStatus.OPEN
        if status not in RecommendationStatus.values:
            check.fail(
                where + "status",
                f"unknown value {status!r}; expected one of {', '.join(RecommendationStatus.values)}",
            )
        recommendations.append(
            RecommendationRecord(
                number=number,
                text=text,
                agency=agency,
                status=status,
                due=check.date(item, "due", where),
                themes=check.themes(item, resolver, where),
            )
        )
    return recommendations
