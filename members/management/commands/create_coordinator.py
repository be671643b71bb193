"""Create a coordinator account (or promote an existing user)."""

import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from members.services import create_coordinator


class Command(BaseCommand):
    help = "Create a coordinator; they set up two-factor login at first login."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--password", help="initial password (default: a random one, printed once)"
        )

    def handle(self, *args, email, name, password, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        user = create_coordinator(email=email, name=name, password=password)
        self.stdout.write(f"Coordinator: {user.email}")
        if generated and user.check_password(password):
            self.stdout.write(f"Initial password (shown once): {password}")
        self.stdout.write("Two-factor login (TOTP) is set up at the first login.")
