"""A search request: the one definition of the parameters the search page and the API accept."""

from dataclasses import dataclass

from kb.text import whole_number
from kb.vocabulary import AgeBand, HitKind, RecommendationStatus, ReviewType

MAX_QUERY_LENGTH = 500
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
SORTS = ("relevance", "newest")


class InvalidSearch(ValueError):
    """A parameter is wrong; the message says which and why, for a 400 answer."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    themes: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    agency: str = ""
    partnership: str = ""
    age_band: str = ""
    status: str = ""
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    as_typed: bool = False  # search the words exactly as typed: no spelling correction ("Search instead for")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def has_filters(self) -> bool:
        return bool(
            self.themes
            or self.types
            or self.kinds
            or self.year_from
            or self.year_to
            or self.agency
            or self.partnership
            or self.age_band
            or self.status
        )

    def filters_dict(self) -> dict:
        """The filters that are set, for logging and links."""
        names = (
            "themes",
            "types",
            "kinds",
            "year_from",
            "year_to",
            "agency",
            "partnership",
            "age_band",
            "status",
        )
        return {name: list(v) if isinstance(v, tuple) else v for name in names if (v := getattr(self, name))}


def _single(params, name: str) -> str:
    return (params.get(name) or "").strip()


def _choices(params, name: str, allowed, label: str) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(v.strip() for v in params.getlist(name) if v.strip()))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InvalidSearch(f"Unknown {label}: {', '.join(repr(v) for v in unknown)}.")
    return values


def _whole_number(params, name: str, minimum: int, maximum: int, default=None):
    raw = _single(params, name)
    if not raw:
        return default
    value = whole_number(raw)
    if value is None:
        raise InvalidSearch(f"{name} must be a whole number, not {raw[:20]!r}.")
    if not minimum <= value <= maximum:
        raise InvalidSearch(f"{name} must be between {minimum} and {maximum}.")
    return value


def _one_of(params, name: str, allowed, default: str = "") -> str:
    value = _single(params, name)
    if value and value not in allowed:
        raise InvalidSearch(f"Unknown {name}: {value[:40]!r}. Expected one of: {', '.join(allowed)}.")
    return value or default


def request_from_params(params, theme_slugs) -> SearchRequest:
    """Validate query-string parameters (a QueryDict) into a SearchRequest, or raise InvalidSearch."""
    q = params.get("q") or ""
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidSearch(f"The query is longer than {MAX_QUERY_LENGTH} characters.")
    if "\x00" in q:
        raise InvalidSearch("The query contains a character that is not allowed.")
    year_from = _whole_number(params, "year_from", 1900, 2999)
    year_to = _whole_number(params, "year_to", 1900, 2999)
    if year_from and year_to and year_from > year_to:
        raise InvalidSearch("year_from must not be after year_to.")
    return SearchRequest(
        q=q.strip(),
        themes=_choices(params, "theme", set(theme_slugs), "theme"),
        types=_choices(params, "type", ReviewType.values, "review type"),
        kinds=_choices(params, "kind", HitKind.values, "kind"),
        year_from=year_from,
        year_to=year_to,
        agency=_single(params, "agency")[:255],
        partnership=_single(params, "partnership")[:255],
        age_band=_one_of(params, "age_band", AgeBand.values),
        status=_one_of(params, "status", RecommendationStatus.values),
        sort=_one_of(params, "sort", SORTS, default="relevance"),
        page=_whole_number(params, "page", 1, 10_000, default=1),
        page_size=_page_size(params),
        as_typed=_one_of(params, "as_typed", ("0", "1"), default="0") == "1",
    )


def _page_size(params) -> int:
    raw = _single(params, "page_size")
    if (whole_number(raw) or 0) > MAX_PAGE_SIZE:
        raise InvalidSearch(f"page_size must be at most {MAX_PAGE_SIZE}.")
    return _whole_number(params, "page_size", 1, MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE)
