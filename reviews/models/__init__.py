"""The reviews: review pages, findings and recommendations, progress notes, report texts, reviews in progress and
the workflow task. Themes, partnerships and agencies are the shared core's (kb/models.py)."""

from ..publishing.workflow import AnonymisationCheckTask, AnonymisationTaskState
from .items import Finding, FindingTheme, ProgressNote, Recommendation, RecommendationTheme
from .pages import HomePage, ReviewIndexPage, ReviewPage, ReviewTheme
from .report_text import ReportText
from .timeline import PartnershipTimescale, ReviewTimeline, StageEvent, TimelineReminder

__all__ = [
    "AnonymisationCheckTask",
    "AnonymisationTaskState",
    "Finding",
    "FindingTheme",
    "HomePage",
    "PartnershipTimescale",
    "ProgressNote",
    "Recommendation",
    "RecommendationTheme",
    "ReportText",
    "ReviewIndexPage",
    "ReviewPage",
    "ReviewTheme",
    "ReviewTimeline",
    "StageEvent",
    "TimelineReminder",
]
