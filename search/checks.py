"""System checks for the search configuration."""

from django.conf import settings
from django.core.checks import Warning, register

from .engines import get_engine


@register()
def index_written_by_this_version(app_configs, **kwargs):
    """A Tantivy index written by another schema version cannot be searched until it is rebuilt. A warning, not
    an error: errors would stop `manage.py reindex` itself."""
    if settings.ELASTICSEARCH_URL:
        return []
    problem = get_engine().store.problem()
    return [Warning(problem, id="kbsearch.W001")] if problem else []
