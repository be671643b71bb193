"""Fill an empty database with a realistic demo cluster; safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

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

    def handle(self, *args, password, **options):
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
