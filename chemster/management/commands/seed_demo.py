"""Fill an empty database with a realistic demo cluster; safe to run again.

With ``--scale N`` it fills an empty database with N generated firms and
data in proportion instead (``bench.generate``, for the benchmarks).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bench import generate as bench_generate
from events import demo as events_demo
from members import demo as members_demo
from newsletters import demo as newsletters_demo
from projects import demo as projects_demo
from projects import opportunity_demo
from strategy import demo as strategy_demo

DEMO_PASSWORD_DEFAULT = "chemster-demo-2026"  # noqa: S105 - the demo, printed


class Command(BaseCommand):
    help = "Create the demo cluster's data once and print the logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD_DEFAULT,
            help="password of the demo accounts (default: %(default)s)",
        )
        parser.add_argument(
            "--scale",
            type=int,
            help="instead of the demo, generate this many firms and data in proportion "
            "(an empty database only; accounts get unusable passwords)",
        )

    def handle(self, *args, password, scale=None, **options):
        if scale is not None:
            self._generate(scale)
            return
        with transaction.atomic():
            logins = members_demo.seed(password=password)
            # The rest finds the demo firms and users by their slugs and
            # addresses, so it comes after them.
            projects_demo.seed()
            opportunity_demo.seed_opportunities()
            events_demo.seed()
            newsletters_demo.seed()
            # Last: the strategy's goals link to the demo projects and events.
            strategy_demo.seed()
        self.stdout.write(f"Demo logins (password: {password}):")
        for role, email, note in logins:
            self.stdout.write(f"  {role:<12} {email}  ({note})")

    def _generate(self, scale: int) -> None:
        try:
            counts = bench_generate.generate(scale, log=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Generated {scale:,} firms; rows per table:")
        for table, count in counts.items():
            self.stdout.write(f"  {table:<40} {count:>10,}")
