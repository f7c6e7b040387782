from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self):
        # Imported here: all of these import models, which the app registry forbids while it loads apps.py.
        from kb.documents import register_owner

        from .models import ReviewPage
        from .search import register_reviews
        from .timeline import signals as timeline_signals

        # A review's full report is exactly as public as the review's live content.
        register_owner(ReviewPage, "report")
        timeline_signals.connect()
        register_reviews()
