"""Fill the directory with synthetic spaces at national scale, for trying pages and queries."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.generator import DemoDataGenerator, synthetic_data_exists
from demo.proportions import NATIONAL_SCALE, Scale
from demo.removal import SyntheticDataReferenced, remove_demo_data


def positive_int(text):
    value = int(text)
    if value < 1:
        raise ValueError
    return value


class ProgressBar:
    """Prints a line per stage step of at least five per cent, and the last one."""

    WIDTH = 30

    def __init__(self, stdout, started):
        self.stdout = stdout
        self.started = started
        self.last = {}

    def __call__(self, stage, done, total):
        percent = 100 * done // total
        if done < total and percent - self.last.get(stage, -100) < 5:
            return
        self.last[stage] = percent
        filled = self.WIDTH * done // total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        elapsed = time.monotonic() - self.started
        self.stdout.write(f"{stage:<10} [{bar}] {done:>9,}/{total:,} {percent:>3}%  {elapsed:6.1f} s")


class Command(BaseCommand):
    help = (
        "Generate synthetic regions, operators and spaces (flagged synthetic=True) at the scale of a national "
        "register. Remove them with remove_demo_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--spaces", type=positive_int, required=True, help="How many spaces to generate.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed; the same seed gives the same data.")
        parser.add_argument("--batch-size", type=positive_int, default=2000, help="Rows per INSERT (default 2000).")
        for kind in ("provinces", "cities", "districts"):
            parser.add_argument(
                f"--{kind}",
                type=positive_int,
                help=f"How many {kind} (default: {NATIONAL_SCALE[kind]:,} per {NATIONAL_SCALE['spaces']:,} spaces).",
            )
        parser.add_argument("--replace", action="store_true", help="Remove existing synthetic data first.")

    def handle(self, *args, spaces, seed, batch_size, provinces, cities, districts, replace, verbosity, **options):
        scale = Scale.for_spaces(spaces, provinces=provinces, cities=cities, districts=districts)
        try:
            scale.validate()
        except ValueError as error:
            raise CommandError(str(error)) from error

        if synthetic_data_exists():
            if not replace:
                raise CommandError("Synthetic data exists already. Run remove_demo_data first, or pass --replace.")
            try:
                removed = remove_demo_data()
            except SyntheticDataReferenced as error:
                raise CommandError(f"Could not remove the existing synthetic data: {error}") from error
            self.stdout.write(f"Removed the existing synthetic data ({removed['spaces']:,} spaces).")

        started = time.monotonic()
        progress = ProgressBar(self.stdout, started) if verbosity > 0 else None
        self.stdout.write(
            f"Generating {scale.spaces:,} spaces in {scale.provinces:,} provinces, {scale.cities:,} cities and "
            f"{scale.districts:,} districts (seed {seed})."
        )
        counts = DemoDataGenerator(scale, seed=seed, batch_size=batch_size, progress=progress).run()
        elapsed = time.monotonic() - started
        for label, count in counts.items():
            self.stdout.write(f"  {label:<22} {count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Generated {sum(counts.values()):,} rows in {elapsed:.1f} s."))
