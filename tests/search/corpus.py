"""The fixed corpus the search contract runs against: small enough to know every expected answer."""

from tests.factories import FindingFactory, RecommendationFactory, ReviewRecordFactory

BRUISING = ReviewRecordFactory(
    ref="C-SCR-2017-01",
    type="scr",
    title="Baby A: unexplained bruising",
    subject="Baby A",
    summary="Baby A was seen by several professionals while bruised.",
    published="2017-03-01",
    agencies=["Police", "Health Visiting"],
    age_band="under-1",
    themes=["bruising-non-mobile-infants"],
    findings=[
        FindingFactory(text="Bruising in a non-mobile baby was not referred for a medical.", themes=[]),
        FindingFactory(text="The baby was left unattended in the bath for several minutes.", themes=["water-safety"]),
    ],
    recommendations=[
        RecommendationFactory(
            number="1", text="Health visitors should follow the bruising protocol.", agency="Health Visiting"
        ),
        RecommendationFactory(
            number="2",
            text="Police should share information with health partners.",
            agency="Police",
            status="completed",
            themes=["information-sharing"],
        ),
    ],
)
INJURY = ReviewRecordFactory(
    ref="C-CSPR-2021-01",
    type="cspr",
    title="Child B: a fractured arm",
    subject="Child B",
    summary="Child B, aged two, was taken to hospital with a fractured arm.",
    published="2021-09-15",
    agencies=["Children's Social Care", "Acute Hospital Trust"],
    age_band="1-4",
    themes=["risk-assessment"],
    findings=[FindingFactory(text="Concerns about non-accidental injury were not escalated to a consultant.")],
    recommendations=[],
)
SELF_HARM = ReviewRecordFactory(
    ref="C-SAR-2022-01",
    type="sar",
    title="Adult C",
    subject="Adult C",
    summary="Adult C took his own life after discharge from a mental health ward.",
    partnership="Testshire Safeguarding Adults Board",
    published="2022-05-20",
    agencies=["Mental Health Trust", "GP Practice"],
    age_band="25-64",
    themes=["self-harm-suicide"],
    findings=[FindingFactory(text="Discharge planning did not involve his family.")],
    recommendations=[
        RecommendationFactory(
            number="1", text="The trust should involve families in discharge plans.", agency="Mental Health Trust"
        )
    ],
)
SLEEP = ReviewRecordFactory(
    ref="C-RAPID-2019-01",
    type="rapid",
    title="Infant D",
    subject="Infant D",
    summary="Infant D died after co-sleeping with a parent on a sofa.",
    published="2019-01-10",
    notified="2018-12-01",
    decision="no_further_review",
    agencies=["Health Visiting"],
    age_band="under-1",
    themes=["sudi-safer-sleep"],
    findings=[FindingFactory(text="Advice given antenatally was not repeated after the birth.")],
)
CUTTING = ReviewRecordFactory(
    ref="C-CSPR-2023-01",
    type="cspr",
    title="Girl E",
    subject="Girl E",
    summary="Girl E was at risk of female genital mutilation during a trip abroad.",
    published="2023-02-01",
    agencies=["Education"],
    age_band="5-9",
    themes=[],
    findings=[FindingFactory(text="The school nurse recognised the risk but did not know the referral route.")],
)
MARKUP = ReviewRecordFactory(
    ref="C-PCR-2015-01",
    type="pcr",
    title="Family F",
    subject="Family F",
    summary="Family F lived with domestic abuse for many years.",
    published="2015-07-07",
    agencies=["Police", "Housing"],
    age_band="10-15",
    themes=["domestic-abuse"],
    findings=[FindingFactory(text='Records held <script>alert("x")</script> & other markup about the abuse.')],
)
NEGLECT_TITLE = ReviewRecordFactory(
    ref="C-SCR-2016-01",
    type="scr",
    title="Neglect of Child H",
    subject="Child H",
    summary="Child H lived in poor home conditions.",
    published="2016-04-04",
    agencies=["Education"],
    themes=[],
)
NEGLECT_SUMMARY = ReviewRecordFactory(
    ref="C-SCR-2016-02",
    type="scr",
    title="Child I",
    subject="Child I",
    summary=(
        "Child I was known to many services over a long period, and the review looked at how agencies worked "
        "together, at the quality of assessments, and finally at long-standing neglect."
    ),
    published="2016-05-05",
    agencies=["Education"],
    themes=[],
)
DRAFT = ReviewRecordFactory(
    ref="C-DRAFT-2024-01",
    type="cspr",
    title="Draft: Child Z",
    summary="A zanzibarine unpublished draft about bruising.",
    published="2024-01-01",
    live=False,
    themes=["bruising-non-mobile-infants"],
    findings=[FindingFactory(text="A zanzibarine finding that is not yet public.")],
)

PUBLISHED = [BRUISING, INJURY, SELF_HARM, SLEEP, CUTTING, MARKUP, NEGLECT_TITLE, NEGLECT_SUMMARY]
ALL = [*PUBLISHED, DRAFT]


def documents_of(record: dict) -> int:
    """How many hits a published review contributes: itself, its findings and its recommendations."""
    return 1 + len(record["findings"]) + len(record["recommendations"])
