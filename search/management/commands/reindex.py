"""python manage.py reindex [--missing]"""

from kb.management.base import KBCommand
from search import indexing
from search.engines import get_engine


class Command(KBCommand):
    help = "Rebuild the search index from every live, public page (or, with --missing, only catch up)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only index pages the engine lacks and drop ones it should not hold.",
        )

    def handle(self, missing=False, **options):
        # An unreachable engine (SearchUnavailable) is told in one line by KBCommand: search registers it.
        self.reindex(missing, options["verbosity"])

    def reindex(self, missing: bool, verbosity: int) -> None:
        engine = get_engine()
        # An engine that is down is told now, before a progress bar is drawn. A rebuild needs no readable index
        # (an index written by an older version is exactly what it replaces), only somewhere to write.
        engine.count() if missing else engine.check_writable()
        total = indexing.searchable_indexed_pages().count()
        with self.progress(total, "page", verbosity) as bar:
            if missing:
                added, removed = indexing.catch_up(progress=bar.update)
                self.stdout.write(f"Added {added} pages, removed {removed} pages.")
            else:
                indexing.rebuild(progress=bar.update)
        counts = engine.count()
        summary = ", ".join(
            f"{counts.get(kind, 0)} {kind}s" for kind in ("review", "finding", "recommendation", "learning")
        )
        self.stdout.write(self.style.SUCCESS(f"{engine.name}: {sum(counts.values())} documents ({summary})."))
