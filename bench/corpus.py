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

from .corpus_words import (
    ADULT_BANDS,
    ADULT_EVENTS,
    ADULT_PERSON_THEMES,
    ADULT_THEME_GROUPS,
    AGENCIES,
    AUDIT_NAMES,
    AUDIT_TYPES,
    CHILD_BANDS,
    CHILD_EVENTS,
    CHILD_THEME_GROUPS,
    CLOSERS,
    COMMISSIONERS,
    CONTEXT,
    DECISIONS,
    FINDING_TAILS,
    FINDINGS,
    GROUP_TITLES,
    INFANT_EVENTS,
    KEEP_CASE,
    LETTERS,
    METHODOLOGIES,
    NUMBER_WORDS,
    OVERSIGHT,
    PLACE_HEADS,
    PLACE_TAILS,
    RECOMMENDATIONS,
    REVIEW_STATUSES,
    TITLES,
    TYPES,
)

ROOT = Path(__file__).resolve().parent.parent
THEMES_FILE = ROOT / "kb" / "taxonomy" / "themes.yaml"

SIZES = {"tiny": 50, "small": 1_000, "medium": 5_000, "national": 20_000}
DEFAULT_SEED = 2026


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
