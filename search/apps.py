from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "kbsearch"
    verbose_name = "Knowledge base search"

    def ready(self):
        from . import checks, signals  # noqa: F401 - connect handlers and register checks
