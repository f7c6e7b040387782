"""python manage.py backup PATH.tar.gz [--keep N]"""

from pathlib import Path

from kb.backup import create_backup, prune
from kb.management.base import KBCommand


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(KBCommand):
    help = (
        "Back up the database and media files into one .tar.gz archive (written under a temporary name, renamed "
        "when complete). --keep N then deletes all but the N newest backups in that folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--keep",
            type=positive,
            metavar="N",
            help="Keep only the N newest backups in the archive's folder (only our backups are ever deleted).",
        )

    def handle(self, path, keep=None, **options):
        archive = Path(path)
        manifest = create_backup(archive)
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({manifest['created']})."))
        if keep:
            for old in prune(archive.parent, keep):
                self.stdout.write(f"Deleted the older backup {old}.")
