from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from makerspaces.data.reading import FixtureProblems, format_key
from makerspaces.data.reloading import reload_fixtures


class Command(BaseCommand):
    help = (
        "Load the curated data from the fixture files (settings.FIXTURE_DIR) in one transaction: validate every "
        "object, write only rows that differ from the database, and report per model how many rows were created, "
        "updated, left unchanged and pruned. Any problem changes nothing. Before the first write, the directory's "
        "data is saved to settings.BACKUP_DIR (loadable with loaddata). Rows editors added in the admin are kept "
        "unless --prune."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change and write nothing.")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Also list and delete rows of the fixture models that no fixture file contains. Synthetic rows "
            "(generated demo data, managed by the demo data tooling) are never pruned.",
        )
        parser.add_argument(
            "--fixture-dir",
            type=Path,
            metavar="DIR",
            help="Read the fixture files from DIR instead of settings.FIXTURE_DIR.",
        )

    def handle(self, *args, dry_run, prune, fixture_dir, verbosity, **options):
        directory = fixture_dir or Path(settings.FIXTURE_DIR)
        try:
            report = reload_fixtures(directory, backup_dir=settings.BACKUP_DIR, prune=prune, dry_run=dry_run)
        except FixtureProblems as problems:
            message = f"fixtures in {directory} not loaded; nothing was changed:\n{problems.describe()}"
            raise CommandError(message) from None
        self.print_report(directory, report, verbosity)

    def print_report(self, directory, report, verbosity):
        write = self.stdout.write
        write(f"Fixtures from {directory}" + (" (dry run: nothing written)" if report.dry_run else ""))
        write(f"{'file':<22}{'created':>9}{'updated':>9}{'unchanged':>11}{'pruned':>8}")
        for model in report.models:
            if not model.in_files:
                write(f"{model.fixture_file.filename:<22}  (no file: not loaded, not pruned)")
                continue
            write(
                f"{model.fixture_file.filename:<22}{len(model.created):>9}{len(model.updated):>9}"
                f"{model.unchanged:>11}{len(model.pruned):>8}"
            )
        write(
            f"{'total':<22}{report.total('created'):>9}{report.total('updated'):>9}"
            f"{report.total('unchanged'):>11}{report.total('pruned'):>8}"
        )
        for model in report.models:
            label = model.fixture_file.label
            for key, description in model.pruned:
                write(f"{'would prune' if report.dry_run else 'pruned'} {label} {format_key(key)}: {description}")
            if verbosity >= 2:
                for key in model.created:
                    write(f"created {label} {format_key(key)}")
                for key, fields in model.updated.items():
                    write(f"updated {label} {format_key(key)}: {', '.join(fields)}")
        if report.backup is not None:
            write(f"Backup of the data before this reload: {report.backup}")
        elif not report.dry_run and not report.changed:
            write("Nothing changed; no backup needed.")
