"""Admin registration for the reviews app: themes, partnerships and agencies as snippets."""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Agency, Partnership, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Themes"
    list_display = ["name", "slug", "group"]
    list_filter = ["group"]
    search_fields = ["name", "slug", "synonyms"]
    ordering = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("group"),
        FieldPanel("description"),
        FieldPanel("synonyms"),
        FieldPanel("related"),
    ]


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    icon = "group"
    list_display = ["name", "website"]
    search_fields = ["name"]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "site"
    menu_label = "Agencies"
    list_display = ["name"]
    search_fields = ["name"]


class VocabularyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, PartnershipViewSet, AgencyViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Vocabulary"
    menu_name = "vocabulary"


register_snippet(VocabularyGroup)
