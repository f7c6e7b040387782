"""The shared vocabulary: every fixed list of values the import format, API and pages use.

Slugs here are part of the public contract (imports, URLs, API filters): never change one.
"""

from django.db import models


class ReviewType(models.TextChoices):
    SCR = "scr", "Serious Case Review"
    CSPR = "cspr", "Local Child Safeguarding Practice Review"
    RAPID = "rapid", "Rapid Review"
    SAR = "sar", "Safeguarding Adults Review"
    DHR = "dhr", "Domestic Homicide Review"
    PCR = "pcr", "Partnership learning review"
    AUDIT = "audit", "Multi-agency audit"
    THEMATIC = "thematic", "Thematic review"


class ReviewStatus(models.TextChoices):
    COMMISSIONED = "commissioned", "Commissioned"
    IN_PROGRESS = "in_progress", "In progress"
    PUBLISHED = "published", "Published"


class AgeBand(models.TextChoices):
    UNBORN = "unborn", "Unborn"
    UNDER_1 = "under-1", "Under 1"
    AGE_1_4 = "1-4", "1 to 4"
    AGE_5_9 = "5-9", "5 to 9"
    AGE_10_15 = "10-15", "10 to 15"
    AGE_16_17 = "16-17", "16 to 17"
    AGE_18_24 = "18-24", "18 to 24"
    AGE_25_64 = "25-64", "25 to 64"
    AGE_65_PLUS = "65+", "65 and over"


class RapidDecision(models.TextChoices):
    NO_FURTHER_REVIEW = "no_further_review", "No further review"
    LCSPR = "lcspr", "Local child safeguarding practice review"
    NATIONAL_REVIEW = "national_review", "Recommend a national review"


class Nation(models.TextChoices):
    """The UK nation a partnership is in: its bank holidays decide which days are working days."""

    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class AuditType(models.TextChoices):
    DEEP_DIVE = "deep_dive", "Deep dive"
    DIP_SAMPLE = "dip_sample", "Dip sample"
    SINGLE_AGENCY = "single_agency", "Single-agency audit"
    SECTION_11 = "section_11", "Section 11 audit"
    SURVEY = "survey", "Survey"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class HitKind(models.TextChoices):
    """What a search hit is: a whole review, one finding, one recommendation or a learning page."""

    REVIEW = "review", "Review"
    FINDING = "finding", "Finding"
    RECOMMENDATION = "recommendation", "Recommendation"
    LEARNING = "learning", "Learning"
