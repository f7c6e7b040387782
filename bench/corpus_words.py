"""The word lists and tables the corpus generator (bench/corpus.py) draws from: review types and their shares,
agencies, places, sentence templates for findings and recommendations, titles. Data only; changing any of it changes
every generated corpus, and so every benchmark figure compared across runs."""

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
