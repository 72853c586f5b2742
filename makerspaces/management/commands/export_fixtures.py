from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from makerspaces.data.export import export_fixtures


class Command(BaseCommand):
    help = (
        "Write the directory's curated data (synthetic demo rows left out) to the fixture files in "
        "settings.FIXTURE_DIR: one file per model, natural keys, sorted, in the format reload_fixtures reads."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture-dir",
            type=Path,
            metavar="DIR",
            help="Write the fixture files to DIR instead of settings.FIXTURE_DIR.",
        )

    def handle(self, *args, fixture_dir, **options):
        directory = fixture_dir or Path(settings.FIXTURE_DIR)
        exported = export_fixtures(directory)
        for exported_file in exported:
            state = "written" if exported_file.changed else "unchanged"
            self.stdout.write(f"{exported_file.path}: {exported_file.count} objects, {state}")
