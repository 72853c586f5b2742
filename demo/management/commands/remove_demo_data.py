"""Delete every synthetic row (generate_demo_data's) and nothing else."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.removal import SyntheticDataReferenced, remove_demo_data


class Command(BaseCommand):
    help = "Delete all synthetic demo data and the rows that hang off it; curated data is left as it is."

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            counts = remove_demo_data()
        except SyntheticDataReferenced as error:
            raise CommandError(
                f"Nothing was removed: curated rows refer to synthetic ones. Point them elsewhere first. ({error})"
            ) from error
        for label, count in counts.items():
            self.stdout.write(f"  {label:<22} {count:>10,}")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Removed {sum(counts.values()):,} rows in {elapsed:.1f} s."))
