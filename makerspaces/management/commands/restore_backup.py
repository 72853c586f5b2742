from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from makerspaces.data.restoring import BackupProblem, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the directory's data with a backup written by reload_fixtures (settings.BACKUP_DIR), in one "
        "transaction: any problem changes nothing. The data in place is first saved as a new backup. Reports "
        "the rows per model before and after."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file (backups/backup-YYYYmmdd-HHMMSS.json).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Load the backup in a transaction that is rolled back."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            report = restore_backup(file, dry_run=dry_run, backup_dir=settings.BACKUP_DIR)
        except BackupProblem as problem:
            raise CommandError(str(problem)) from None
        write = self.stdout.write
        write(f"Backup {file}" + (" (dry run: nothing written)" if dry_run else " restored"))
        write(f"{'model':<32}{'before':>9}{'after':>9}")
        for label, (before, after) in report.rows.items():
            write(f"{label:<32}{before:>9}{after:>9}")
        if report.safety_backup is not None:
            write(f"Backup of the data before this restore: {report.safety_backup}")
