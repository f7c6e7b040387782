"""Template tags for learning pages."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def print_stylesheet() -> str:
    """The print stylesheet's <link>, or nothing while it is not built (a manifest storage would raise)."""
    try:
        href = static("css/print.css")
    except ValueError:
        return ""
    return format_html('<link rel="stylesheet" href="{}" media="print">', href)
