from pathlib import Path

from django.core.management.base import BaseCommand

from makerspaces.data.export import write_text_atomically
from makerspaces.data.package import current_package


class Command(BaseCommand):
    help = (
        "Write the curated data as a Frictionless Data Package: datapackage.json (a table schema per table, "
        "the licence, a citation, the version and the date) and one CSV per table. See docs/api.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=Path("datapackage"), metavar="DIR", help="The folder to write."
        )

    def handle(self, *args, output, **options):
        output.mkdir(parents=True, exist_ok=True)
        version, _created, files = current_package()
        for name, text in sorted(files.items()):
            write_text_atomically(output / name, text)
        self.stdout.write(f"{output / 'datapackage.json'}: version {version}, {len(files) - 1} tables")
