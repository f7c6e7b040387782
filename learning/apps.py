from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning"

    def ready(self):
        # Imported here: it imports models, which the app registry forbids while it loads apps.py.
        from .search import register_learning

        register_learning()
