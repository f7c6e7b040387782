"""The fixed mix of 50 searches the benchmark times: what practitioners type, in the proportions they type it.

Each entry is (q, filters), filters in SearchRequest's terms (themes, types, kinds, year_from…). The mix:
plain keywords, quoted phrases, exclusions and OR, theme synonyms and abbreviations (NAI, FGM, "cot death"),
a theme filter with keywords, and browsing by facets alone (no words).
"""

from search.request import SearchRequest

QUERIES: list[tuple[str, dict]] = [
    # keywords
    ("bruising", {}),
    ("neglect", {}),
    ("hoarding", {}),
    ("missed appointments", {}),
    ("drowning", {}),
    ("supervision", {}),
    ("escalation policy", {}),
    ("health visitor", {}),
    ("strategy discussion", {}),
    ("discharge plan", {}),
    ("chronology", {}),
    ("caseloads vacant posts", {}),
    ("house fire", {}),
    ("overdose", {}),
    ("police protection", {}),
    ("learning event", {}),
    ("threshold guidance", {}),
    ("joint visit", {}),
    # operators
    ("bruising -fractures", {}),
    ("drowning OR bathing", {}),
    # phrases
    ('"non-mobile babies"', {}),
    ('"information sharing"', {}),
    ('"professional curiosity"', {}),
    ('"rule of optimism"', {}),
    ('"lead professional"', {}),
    ('"practice briefing"', {}),
    # theme synonyms and abbreviations
    ("NAI", {}),
    ("FGM", {}),
    ("cot death", {}),
    ("CSE", {}),
    ("DV", {}),
    ("MASH", {}),
    ("LAC", {}),
    ("toxic trio", {}),
    ("self-neglect", {}),
    ("coercive control", {}),
    ("CAMHS", {}),
    ("MCA", {}),
    ("county lines", {}),
    ("SUDI", {}),
    # a theme filter plus keywords
    ("referral", {"themes": ("neglect",)}),
    ("training", {"themes": ("domestic-abuse",)}),
    ("assessment", {"themes": ("non-accidental-injury",)}),
    ("hospital discharge", {"themes": ("self-neglect",)}),
    ("police", {"themes": ("child-criminal-exploitation",), "types": ("cspr",)}),
    # browsing with facets only
    ("", {"themes": ("neglect",)}),
    ("", {"types": ("sar",)}),
    ("", {"themes": ("sudi-safer-sleep",), "kinds": ("recommendation",)}),
    ("", {"types": ("dhr",), "year_from": 2020}),
    ("", {"themes": ("domestic-abuse",), "types": ("dhr",)}),
]

assert len(QUERIES) == 50


def requests() -> list[SearchRequest]:
    return [SearchRequest(q=q, **filters) for q, filters in QUERIES]


def label(request: SearchRequest) -> str:
    """A short readable form of one request, for the per-query results."""
    parts = [request.q] if request.q else []
    parts += [
        f"{name}={','.join(map(str, v)) if isinstance(v, list) else v}" for name, v in request.filters_dict().items()
    ]
    return " ".join(parts)
