"""python manage.py embed"""

from kb.management.base import KBCommand
from search import indexing
from search.engines import get_engine
from search.semantic import enabled


class Command(KBCommand):
    help = (
        "Compute the meaning vectors that searchable pages lack (each text once: they are kept by content hash) "
        "and attach every page's vectors to the search index. Publishing does this by itself; run it after "
        "turning KB_SEMANTIC_SEARCH on or after an upgrade that changes the model."
    )

    def handle(self, **options):
        if not enabled():
            self.stdout.write("Search by meaning is off (KB_SEMANTIC_SEARCH=0): nothing to do.")
            return
        get_engine().count()  # an engine that is down is told now, before a progress bar is drawn
        pages = list(indexing.searchable_indexed_pages().values_list("pk", flat=True))
        with self.progress(len(pages), "page", options["verbosity"]) as bar:
            computed = indexing.embed_missing(pages, everything=True, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"{computed} texts embedded; {len(pages)} pages have their vectors."))
