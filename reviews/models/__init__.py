"""The review knowledge base: themes, partnerships and agencies, review pages, findings and recommendations."""

from .items import Finding, FindingTheme, ProgressNote, Recommendation, RecommendationTheme
from .pages import HomePage, ReviewIndexPage, ReviewPage, ReviewTheme
from .report_text import ReportText
from .snippets import Agency, Partnership
from .themes import Theme
from .timeline import PartnershipTimescale, ReviewTimeline, StageEvent, TimelineReminder
from .workflow import AnonymisationCheckTask, AnonymisationTaskState

__all__ = [
    "Agency",
    "AnonymisationCheckTask",
    "AnonymisationTaskState",
    "Finding",
    "FindingTheme",
    "HomePage",
    "Partnership",
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
    "Theme",
    "TimelineReminder",
]
