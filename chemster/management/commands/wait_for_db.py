"""Wait until PostgreSQL answers, or stop with a message naming the server."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection


class Command(BaseCommand):
    help = "Wait until the database in DATABASE_URL accepts connections."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait")

    def handle(self, *args, timeout, **options):
        settings_dict = connection.settings_dict
        where = (
            f"{settings_dict.get('HOST') or 'local socket'}:"
            f"{settings_dict.get('PORT') or 5432}/{settings_dict.get('NAME')}"
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection.ensure_connection()
            except OperationalError as error:
                if time.monotonic() >= deadline:
                    reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
                    raise CommandError(
                        f"PostgreSQL at {where} (DATABASE_URL) is unreachable after "
                        f"{timeout:g} s: {reason}"
                    ) from None
                time.sleep(0.5)
            else:
                self.stdout.write(f"PostgreSQL at {where} is ready.")
                return
