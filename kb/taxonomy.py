"""The theme taxonomy shipped with the project (kb/taxonomy/themes.yaml) and how it is loaded."""

from functools import cache
from pathlib import Path

import yaml

THEMES_FILE = Path(__file__).resolve().parent / "taxonomy" / "themes.yaml"


@cache
def read_taxonomy(path: Path = THEMES_FILE) -> dict:
    """The parsed YAML: {"groups": [...], "themes": [...]}."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def group_choices() -> list[tuple[str, str]]:
    """Theme groups as model field choices."""
    return [(group["slug"], group["name"]) for group in read_taxonomy()["groups"]]


def load_themes(theme_model, path: Path = THEMES_FILE) -> int:
    """Create the shipped themes that are missing; never overwrite an editor's changes. Returns the count created."""
    data = read_taxonomy(path)
    existing = set(theme_model.objects.values_list("slug", flat=True))
    created = 0
    for entry in data["themes"]:
        if entry["slug"] in existing:
            continue
        theme_model.objects.create(
            slug=entry["slug"],
            name=entry["name"],
            group=entry["group"],
            synonyms="\n".join(entry.get("synonyms") or []),
        )
        created += 1
    by_slug = {theme.slug: theme for theme in theme_model.objects.all()}
    for entry in data["themes"]:
        theme = by_slug[entry["slug"]]
        if theme.related.exists():
            continue
        theme.related.set([by_slug[slug] for slug in entry.get("related") or [] if slug in by_slug])
    return created
