"""The base of every management command of ours: bad input or a bad state ends in one line, not a traceback."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kb import database, failures


class KBCommand(BaseCommand):
    """A command that checks its preconditions first and turns foreseeable failures into one CommandError line.

    `--traceback` still shows the original error, chained under the CommandError.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        """A wrong argument gets argparse's one error line (and a pointer to --help), not the whole usage."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        error = parser.error
        parser.print_usage = lambda file=None: None
        parser.error = lambda message: error(f"{message} (see --help)")
        return parser

    def preflight(self, options: dict) -> None:
        """Refuse before anything runs (system checks included): a database unreachable, not set up, or behind
        this code (writing into a schema the code does not expect could corrupt it)."""
        if problem := database.problem():
            raise failures.Failure(problem)
        if database.has_unapplied_migrations():
            raise failures.Failure(database.behind())

    def progress(self, total: int, unit: str, verbosity: int) -> tqdm:
        """A progress bar on stderr, drawn only for a person at a terminal (not into cron mail or a log)."""
        return tqdm(total=total, unit=unit, disable=verbosity < 1 or not self.stderr.isatty(), file=self.stderr)

    def execute(self, *args, **options):
        try:
            self.preflight(options)
            return super().execute(*args, **options)
        except CommandError:
            raise
        except Exception as error:
            message = failures.explain(error)
            if message is None:
                raise
            raise CommandError(failures.one_line(message)) from error
