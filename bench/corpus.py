"""A deterministic synthetic corpus of case reviews in the import format, for the benchmark.

    python -m bench.corpus --size small -o /tmp/small.json     # or --reviews N, --seed S

Everything comes from one `random.Random(seed)`: the same seed and size give byte-identical JSON. The text is
built from sentence templates, the shared vocabulary (kb/vocabulary.py) and the theme taxonomy
(kb/taxonomy/themes.yaml): theme names *and their synonyms* (NAI, FGM, cot death…) appear in the prose, so the
synonym expansion of the search has realistic work to do. No Django needed.
"""

import argparse
import datetime
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
THEMES_FILE = ROOT / "kb" / "taxonomy" / "themes.yaml"

SIZES = {"tiny": 50, "small": 1_000, "medium": 5_000, "national": 20_000}
DEFAULT_SEED = 2026

# Review types (the slugs of kb.vocabulary.ReviewType) with their share of a national collection, the years
# they were published in, the kind of body that commissions them, and whose review it is.
TYPES = {
    # type: (weight, first year, last year, commissioner kinds, who)
    "cspr": (24, 2019, 2026, ("SCP",), "child"),
    "rapid": (18, 2019, 2026, ("SCP",), "child"),
    "scr": (10, 2010, 2019, ("SCP",), "child"),
    "sar": (16, 2015, 2026, ("SAB",), "adult"),
    "dhr": (12, 2011, 2026, ("CSP",), "adult"),
    "pcr": (8, 2010, 2026, ("SCP", "SAB"), "either"),
    "audit": (7, 2010, 2026, ("SCP", "SAB"), "group"),
    "thematic": (5, 2012, 2026, ("SCP", "SAB", "CSP"), "group"),
}
COMMISSIONERS = {
    "SCP": "Safeguarding Children Partnership",
    "SAB": "Safeguarding Adults Board",
    "CSP": "Community Safety Partnership",
}
CHILD_BANDS = ["unborn", "under-1", "under-1", "under-1", "1-4", "1-4", "5-9", "10-15", "10-15", "16-17"]
ADULT_BANDS = ["18-24", "25-64", "25-64", "25-64", "65+", "65+"]
DECISIONS = ["no_further_review", "no_further_review", "lcspr", "lcspr", "lcspr", "national_review"]
AUDIT_TYPES = ["deep_dive", "dip_sample", "single_agency", "section_11", "survey"]
REVIEW_STATUSES = ["published"] * 47 + ["in_progress", "in_progress", "commissioned"]
METHODOLOGIES = {
    "scr": [
        "Systems approach (SCIE Learning Together)",
        "SILP (Significant Incident Learning Process)",
        "Independent reviewer with practitioner learning event",
    ],
    "cspr": [
        "Practitioner learning event and chronology",
        "Systems approach (SCIE Learning Together)",
        "SILP (Significant Incident Learning Process)",
        "Appreciative inquiry and practitioner learning event",
    ],
    "rapid": ["Rapid review panel meeting with agency reports"],
    "sar": [
        "Practitioner learning event and chronology",
        "SILP (Significant Incident Learning Process)",
        "Appreciative inquiry",
        "Independent reviewer with practitioner learning event",
    ],
    "dhr": ["Home Office DHR statutory guidance"],
    "pcr": ["Partnership learning review with practitioner workshop", "Appreciative inquiry"],
    "audit": [
        "Multi-agency case file audit with practitioner conversations",
        "Multi-agency dip-sample audit",
        "Single-agency case file audit",
        "Self-assessment with peer challenge sessions",
        "Online practitioner survey with focus groups",
    ],
    "thematic": [
        "Thematic analysis of published reviews",
        "Thematic review with case file analysis and focus groups",
        "Thematic analysis of published reviews and action plans",
    ],
}
AGENCIES = {
    "child": [
        "Children's Social Care",
        "Police",
        "GP Practice",
        "Health Visiting Service",
        "Education",
        "Acute Hospital Trust",
        "Midwifery Service",
        "Early Help",
        "School Nursing Service",
        "Child and Adolescent Mental Health Service",
        "Ambulance Service",
        "Youth Justice Service",
        "Community Paediatrics",
        "Early Years Setting",
        "Drug and Alcohol Service",
        "Housing",
        "Children's Community Nursing",
        "Sexual Health Service",
        "Leaving Care Service",
    ],
    "adult": [
        "Adult Social Care",
        "Police",
        "GP Practice",
        "Mental Health Trust",
        "Housing",
        "Acute Hospital Trust",
        "Ambulance Service",
        "Probation Service",
        "District Nursing Service",
        "Independent Domestic Violence Advisory Service",
        "Drug and Alcohol Service",
        "Fire and Rescue Service",
        "Care Provider",
        "Community Learning Disability Team",
        "Domestic Abuse Service",
        "Voluntary Sector",
        "Advocacy Service",
        "Trading Standards",
        "Talking Therapies Service",
        "Supported Living Provider",
    ],
}
OVERSIGHT = ["Safeguarding Partnership", "Integrated Care Board", "Clinical Commissioning Group"]
PLACE_HEADS = [
    "North",
    "South",
    "East",
    "West",
    "Ash",
    "Oak",
    "Elm",
    "Stone",
    "River",
    "Brook",
    "King",
    "Queen",
    "Bright",
    "Green",
    "Black",
    "White",
    "Fair",
    "Glen",
    "High",
    "Mill",
    "New",
    "Old",
    "Hart",
    "Wolds",
    "Brad",
    "Chal",
    "Dun",
    "Thorn",
    "Wey",
    "Hol",
    "Marl",
    "Pen",
]
PLACE_TAILS = [
    "vale",
    "ford",
    "mere",
    "bury",
    "ham",
    "ton",
    "wick",
    "field",
    "moor",
    "combe",
    "bridge",
    "stead",
    "worth",
    "ley",
    "by",
    "port",
    "minster",
    "hurst",
    "wood",
    "well",
]
LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ"
NUMBER_WORDS = [
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Fifteen",
    "Twenty",
    "Thirty",
    "Forty",
    "Fifty",
]
# Phrasings kept exactly as written (proper nouns), even where a plain word would be lower-cased.
KEEP_CASE = {
    "Prevent",
    "Families First",
    "Munchausen by proxy",
    "Mental Capacity Act",
    "Think Family",
    "Making Safeguarding Personal",
    "Children Act 2004 section 11",
    "Gypsy, Roma and Traveller communities",
    "LeDeR",
}

INFANT_EVENTS = [
    "was admitted to hospital with a serious head injury",
    "died suddenly at home",
    "was found with multiple fractures of different ages",
    "was found unresponsive by a parent",
    "was seen by a paediatrician after bruising was noticed at a health visitor contact",
    "was born to a mother who had concealed her pregnancy",
]
CHILD_EVENTS = [
    "was admitted to hospital with a serious head injury",
    "was taken into police protection after a neighbour raised concerns",
    "suffered life-changing injuries",
    "disclosed abuse to a teacher",
    "was reported missing for the fourth time in a month",
    "was seriously assaulted in a park near the family home",
    "was seen by a paediatrician after bruising was noticed at school",
    "died in hospital after taking an overdose",
]
ADULT_EVENTS = [
    "died at home after a long period of decline",
    "was found dead in a flat that had not been visited for several weeks",
    "was killed by a former partner",
    "died in hospital after being found with severe pressure ulcers",
    "lost most of their savings to people who befriended them",
    "died in a house fire",
    "took their own life after leaving an inpatient ward",
    "was admitted to hospital with injuries from an assault at home",
]
CONTEXT = [
    "The family had been known to {agency} for several years.",
    "In the months before, {agency} and {agency2} had each seen part of the picture.",
    "Concerns about {t} had been raised more than once but were not brought together.",
    "Practitioners described a household where {t} and {t2} were present throughout.",
    "Earlier contacts with {agency} focused on the presenting issue rather than on {t}.",
    "There was a history of {t} that was known to {agency} but not to {agency2}.",
    "Referrals were made to {agency}, but each was closed without an assessment.",
    "{Subject} was rarely seen on their own by any professional.",
]
CLOSERS = [
    "The review considers how agencies understood {t} and how they worked together.",
    "The review looks at what professionals knew, what they shared and how they made decisions about {t}.",
    "The review asks why the learning from earlier reviews about {t} had not changed practice.",
    "Practitioners took part in a learning event and the family contributed to the review.",
    "The review was completed with the involvement of {agency}, {agency2} and the wider partnership.",
]
FINDINGS = [
    (
        "Professionals recognised signs of {t} but did not share what they knew with {agency}, so the risk to "
        "{subject} was never seen as a whole."
    ),
    "{Agency} records showed early indicators of {t}, yet no referral was made and the chronology was incomplete.",
    "Practitioners were unsure of the threshold for acting on {t}; the local guidance was out of date and rarely used.",
    "Assessments focused on the parents' account and did not test it against what other agencies had seen of {t}.",
    "The response to {t} relied on a single practitioner, and when that worker left the case drifted.",
    "There was no shared plan for {t}: each agency acted on its own view of the risk.",
    "Supervision did not provide space to reflect on {t}, and management oversight was not recorded.",
    "{Agency} did not escalate its concerns about {t} when it disagreed with the decision to close the case.",
    "Information about {t} held by {agency} did not reach the strategy discussion.",
    "The voice of {subject} was not heard; practitioners spoke to adults about {t} rather than to {subject}.",
    "Missed appointments were recorded but not treated as a sign of {t}.",
    (
        "Practitioners showed professional curiosity about {t}, but it was not followed through when the family "
        "moved to another area."
    ),
    "Good practice was seen when {agency} recognised {t} quickly and arranged a joint visit.",
    "The multi-agency meeting discussed {t} but did not agree who would act or by when.",
    "Staff had not received training on {t} and did not know the local procedure.",
    "Records described {t} in general terms, which made it hard for the next practitioner to see the pattern.",
    "The family's explanation of {t} was accepted without question, an example of the rule of optimism.",
    "The hospital discharge plan did not take account of {t}, and community services were not told.",
    "Thresholds for {agency} services were applied rigidly, and concerns about {t} were redirected elsewhere.",
    "Commissioning arrangements meant no single service held responsibility for {t}.",
]
FINDING_TAILS = [
    "This reflects a wider pattern seen in other local reviews.",
    "Practitioners told the review they lacked time to read the full history.",
    "The learning event showed that this was a system issue, not an individual failing.",
    "Similar findings appear in the national panel's annual report.",
    "The agency has since changed its procedure.",
    "Caseloads were high and several posts were vacant at the time.",
    "Information was held on separate case recording systems that did not connect.",
    "The lack of a named lead professional made this harder to see.",
]
RECOMMENDATIONS = [
    (
        "{Agency} should review its guidance on {t} and make sure every practitioner knows when to refer to "
        "Children's Social Care."
    ),
    "The partnership should commission multi-agency training on {t} and evaluate its impact within twelve months.",
    "{Agency} should audit a sample of cases involving {t} to test whether the revised procedure is followed.",
    "{Agency} should make sure that concerns about {t} are shared with {agency2} within one working day.",
    "The partnership should publish a short practice briefing on {t} drawing on the learning from this review.",
    "{Agency} should include {t} in its safeguarding supervision framework and record management oversight.",
    "{Agency} should update its assessment template so that {t} is considered for every adult in the household.",
    "The partnership should seek assurance from {agency} that its escalation policy is understood by front-line staff.",
    "{Agency} should ensure that records of {t} include the practitioner's analysis, not only a description.",
    "The partnership should raise {t} with the national panel so that learning is shared beyond the area.",
    "{Agency} should work with {agency2} to agree a joint pathway for {t}.",
    "{Agency} should report progress on the action plan for {t} to the partnership's learning and review group.",
]
TITLES = [
    "{Subject}: {t} and {t2}",
    "{Subject}: {t} in a family known to {agency}",
    "{Subject}: {event}",
    "{Subject}: missed opportunities to respond to {t}",
    "{Subject}: {t}, {t2} and {t3}",
]
GROUP_TITLES = {
    "audit": ["{Audit} audit of {t}", "{Audit} audit of {t} and {t2}", "{Audit} audit: {t} at the front door"],
    "thematic": ["Thematic review of {t}", "Learning from {n} reviews of {t}", "Thematic review of {t} and {t2}"],
}
AUDIT_NAMES = {
    "deep_dive": "Deep-dive",
    "dip_sample": "Dip-sample",
    "single_agency": "Single-agency",
    "section_11": "Section 11",
    "survey": "Practitioner survey and",
}
ADULT_THEME_GROUPS = {"harm-adults", "family", "practice", "systems"}
CHILD_THEME_GROUPS = {"harm-children", "family", "person", "practice", "systems", "safety"}
ADULT_PERSON_THEMES = {
    "self-harm-suicide",
    "transitional-safeguarding",
    "older-people",
    "learning-disability-autism",
    "care-leavers",
    "contextual-safeguarding",
}


@dataclass(frozen=True)
class Theme:
    slug: str
    group: str
    phrasings: tuple[str, ...]  # name first, then synonyms, as they appear in prose


def _prose(text: str) -> str:
    """How a theme phrasing is written mid-sentence: 'Neglect' → 'neglect', but 'NAI' and proper nouns stay."""
    if text in KEEP_CASE or not text[:1].isupper():
        return text
    if len(text) > 1 and text[1].isupper():
        return text  # an abbreviation
    rest = text[1:]
    if any(ch.isupper() for ch in rest):
        return text  # a name with capitals inside (e.g. 'Mental Capacity Act')
    return text[0].lower() + rest


def load_themes(path: Path = THEMES_FILE) -> list[Theme]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Theme(t["slug"], t["group"], tuple(_prose(p) for p in [t["name"], *(t.get("synonyms") or [])]))
        for t in data["themes"]
    ]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class Generator:
    """One corpus. All choices come from self.rng, in a fixed order."""

    def __init__(self, seed: int = DEFAULT_SEED):
        self.rng = random.Random(seed)
        self.themes = load_themes()
        self.by_slug = {t.slug: t for t in self.themes}
        self.child_themes = [t for t in self.themes if t.group in CHILD_THEME_GROUPS]
        self.adult_themes = [t for t in self.themes if t.group in ADULT_THEME_GROUPS or t.slug in ADULT_PERSON_THEMES]
        self.places = self._places(140)
        self.type_names = list(TYPES)
        self.type_weights = [TYPES[t][0] for t in self.type_names]
        self.ref_counters: dict[tuple, int] = {}
        self.refs: set[str] = set()

    def _places(self, count: int) -> list[tuple[str, str]]:
        """(place name, unique abbreviation) pairs."""
        names = [head + tail for head in PLACE_HEADS for tail in PLACE_TAILS]
        self.rng.shuffle(names)
        places, used = [], set()
        for name in names[:count]:
            head = next(h for h in PLACE_HEADS if name.startswith(h))
            abbr = (head[:2] + name[len(head)]).upper()
            code, n = abbr, 2
            while code in used:
                code, n = f"{abbr}{n}", n + 1
            used.add(code)
            places.append((name, code))
        return places

    # ---- small helpers -------------------------------------------------------------------------------

    def date_in(self, year: int, last: datetime.date | None = None) -> datetime.date:
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 31), last or datetime.date(2026, 6, 30))
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def phrase(self, theme: Theme) -> str:
        """A theme as the prose names it: its name half the time, otherwise one of its synonyms."""
        if len(theme.phrasings) == 1 or self.rng.random() < 0.5:
            return theme.phrasings[0]
        return self.rng.choice(theme.phrasings[1:])

    def fill(self, template: str, slots: dict, themes: list[Theme]) -> str:
        values = dict(slots)
        picks = [self.phrase(themes[i % len(themes)]) for i in range(3)]
        values.update(t=picks[0], t2=picks[1], t3=picks[2])
        first, second = self.rng.sample(slots["agency_pool"], 2)
        values.setdefault("agency", first)
        values["agency2"] = second if second != values["agency"] else first
        text = template.format(
            Agency=_capitalise(values["agency"]),
            Subject=values["subject"],
            **{k: v for k, v in values.items() if k not in ("agency_pool",)},
        )
        return _capitalise(text)

    # ---- one review ----------------------------------------------------------------------------------

    def review(self) -> dict:
        rng = self.rng
        review_type = rng.choices(self.type_names, self.type_weights)[0]
        _, first_year, last_year, commissioners, who = TYPES[review_type]
        if who == "either":
            who = rng.choice(["child", "adult"])
        if who == "group":
            who = "child" if rng.random() < 0.6 else "adult"
            commissioners = ("SCP",) if who == "child" and "SCP" in commissioners else commissioners
        group_review = review_type in ("audit", "thematic")
        kind = rng.choice(commissioners)
        if who == "child" and kind == "SAB":
            kind = "SCP"
        place, code = rng.choice(self.places)
        partnership = f"{place} {COMMISSIONERS[kind]}"

        year = rng.randint(first_year, last_year)
        published = self.date_in(year)
        status = rng.choice(REVIEW_STATUSES)
        pool = AGENCIES["child" if who == "child" else "adult"]
        agencies = rng.sample(pool, rng.randint(3, 8) if review_type != "audit" or rng.random() < 0.8 else 1)

        theme_pool = self.child_themes if who == "child" else self.adult_themes
        themes = rng.sample(theme_pool, rng.randint(3, 8))
        babies = self.by_slug["babies-and-infants"]
        if who == "child" and not group_review and babies not in themes and rng.random() < 0.35:
            themes[-1] = babies  # as in real collections, many children's reviews concern infants

        if group_review:
            age_band = rng.choice(CHILD_BANDS if who == "child" else ADULT_BANDS) if rng.random() < 0.4 else ""
            subject = f"{rng.choice(NUMBER_WORDS)} {'children' if who == 'child' else 'adults'}"
        else:
            age_band = rng.choice(CHILD_BANDS if who == "child" else ADULT_BANDS)
            letter = rng.choice(LETTERS)
            if who == "child":
                subject = (
                    f"Baby {letter}"
                    if age_band in ("unborn", "under-1")
                    else rng.choice(["Child", "Child", "Family"]) + f" {letter}"
                )
            else:
                subject = f"{rng.choice(['Adult', 'Adult', 'Mr', 'Mrs', 'Ms'])} {letter}"
        slots = {
            "subject": subject,
            "agency_pool": agencies if len(agencies) >= 2 else pool,
            "event": rng.choice(
                ADULT_EVENTS if who == "adult" else INFANT_EVENTS if age_band in ("unborn", "under-1") else CHILD_EVENTS
            ),
            "n": rng.choice(NUMBER_WORDS).lower(),
        }

        record: dict = {"ref": self.ref(code + kind, review_type, year), "type": review_type}
        if group_review:
            audit_type = rng.choice(AUDIT_TYPES) if review_type == "audit" else ""
            slots["Audit"] = AUDIT_NAMES.get(audit_type, "")
            title = self.fill(rng.choice(GROUP_TITLES[review_type]), slots, themes)
        else:
            title = self.fill(rng.choice(TITLES), slots, themes)
        record["title"] = title[:255]
        record["subject"] = subject
        record["summary"] = self.summary(slots, themes, group_review)
        record["partnership"] = partnership
        if status == "published":
            record["published"] = published.isoformat()
        record["status"] = status
        record["live"] = rng.random() < 0.97
        record["agencies"] = agencies
        if age_band:
            record["age_band"] = age_band
        record["methodology"] = rng.choice(METHODOLOGIES[review_type])
        if not group_review:
            incident = published - datetime.timedelta(days=rng.randint(300, 1100))
            record["incident"] = incident.isoformat()
            if review_type == "rapid":
                notified = incident + datetime.timedelta(days=rng.randint(1, 5))
                record["notified"] = notified.isoformat()
                record["decision"] = rng.choice(DECISIONS)
            else:
                record["commissioned"] = (incident + datetime.timedelta(days=rng.randint(30, 150))).isoformat()
        elif review_type == "audit":
            record["audit_type"] = audit_type
            record["sample_size"] = rng.choice([6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 100, 150, 212, 300])
        record["themes"] = [t.slug for t in themes]
        record["findings"] = self.findings(slots, themes, theme_pool)
        record["recommendations"] = self.recommendations(slots, themes, published, agencies)
        return record

    def ref(self, code: str, review_type: str, year: int) -> str:
        key = (code, review_type, year)
        self.ref_counters[key] = self.ref_counters.get(key, 0) + 1
        ref = f"{code}-{review_type.upper()}-{year}-{self.ref_counters[key]:02d}"
        assert ref not in self.refs
        self.refs.add(ref)
        return ref

    def summary(self, slots: dict, themes: list[Theme], group_review: bool) -> str:
        rng = self.rng
        if group_review:
            opening = (
                f"This review brings together learning about {self.phrase(themes[0])} from cases across the "
                f"partnership. It looked at {slots['subject'].lower()} and at how {slots['agency_pool'][0]} and "
                f"partner agencies responded to {self.phrase(themes[1])}."
            )
        else:
            opening = f"{slots['subject']} {slots['event']}."
        middle = [
            self.fill(rng.choice(CONTEXT), slots, rng.sample(themes, len(themes))) for _ in range(rng.randint(2, 4))
        ]
        closer = self.fill(rng.choice(CLOSERS), slots, themes)
        paragraphs = [" ".join([opening, *middle[:2]]), " ".join([*middle[2:], closer])]
        return "\n\n".join(p for p in paragraphs if p)

    def findings(self, slots: dict, themes: list[Theme], theme_pool: list[Theme]) -> list[dict]:
        rng = self.rng
        count = round(rng.triangular(3, 12, 6))
        findings = []
        for _ in range(count):
            own = rng.sample(themes, rng.randint(1, min(3, len(themes))))
            if rng.random() < 0.15:
                extra = rng.choice(theme_pool)
                if extra not in own:
                    own.append(extra)
            text = self.fill(rng.choice(FINDINGS), slots, own)
            if rng.random() < 0.6:
                text += " " + rng.choice(FINDING_TAILS)
            findings.append({"text": text, "themes": [t.slug for t in own]})
        return findings

    def recommendations(self, slots, themes, published: datetime.date, agencies: list[str]) -> list[dict]:
        rng = self.rng
        count = round(rng.triangular(2, 15, 6))
        age_years = (datetime.date(2026, 6, 30) - published).days / 365
        recommendations = []
        for number in range(1, count + 1):
            own = rng.sample(themes, rng.randint(0, 2))
            owner = rng.choice(agencies) if rng.random() < 0.8 else rng.choice(OVERSIGHT)
            text = self.fill(rng.choice(RECOMMENDATIONS), {**slots, "agency": owner}, own or themes)
            done = min(0.9, age_years / 4)
            status = rng.choices(
                ["completed", "in_progress", "open", "not_accepted"], [done, 0.3, max(0.05, 1 - done), 0.03]
            )[0]
            due = published + datetime.timedelta(days=rng.randint(90, 540))
            item = {"number": str(number), "text": text, "agency": owner, "status": status}
            if rng.random() < 0.9:
                item["due"] = due.isoformat()
            item["themes"] = [t.slug for t in own]
            recommendations.append(item)
        return recommendations


def generate(reviews: int, seed: int = DEFAULT_SEED) -> dict:
    """The corpus as the import format: {"reviews": [...]}, oldest and newest mixed as in a real export."""
    generator = Generator(seed)
    return {"reviews": [generator.review() for _ in range(reviews)]}


def write(path: str | Path, reviews: int, seed: int = DEFAULT_SEED) -> dict:
    """Generate and write the corpus; returns counts."""
    data = generate(reviews, seed)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
    return stats(data)


def stats(data: dict) -> dict:
    reviews = data["reviews"]
    return {
        "reviews": len(reviews),
        "findings": sum(len(r["findings"]) for r in reviews),
        "recommendations": sum(len(r["recommendations"]) for r in reviews),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--reviews", type=int, help="a number of reviews instead of a named size")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    counts = write(args.output, args.reviews or SIZES[args.size], args.seed)
    print(json.dumps(counts), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
