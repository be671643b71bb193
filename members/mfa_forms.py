"""Two-factor code forms with a tight limit on wrong codes.

allauth counts a wrong code in the limit on failed logins (100 an hour per
account), so someone who holds a coordinator's password could try 100
six-digit codes an hour. Here an account takes at most
``ACCOUNT_RATE_LIMITS["mfa_code_failed"]`` wrong codes (10 an hour); past
that even the right code is refused until the hour has passed. Only that
account is held up: the limit is counted per account, never per address.
"""

from allauth.account.adapter import get_adapter
from allauth.core import context, ratelimit
from allauth.mfa.base import forms as mfa_forms
from django.core.exceptions import ValidationError


class _WrongCodeLimit:
    def clean_code(self) -> str:
        key = f"mfa-code-user-{self.user.pk}"
        if not ratelimit.consume(context.request, action="mfa_code_failed", key=key, dry_run=True):
            raise get_adapter().validation_error("too_many_login_attempts")
        try:
            return super().clean_code()
        except ValidationError:
            ratelimit.consume(context.request, action="mfa_code_failed", key=key)
            raise


class AuthenticateForm(_WrongCodeLimit, mfa_forms.AuthenticateForm):
    """The code asked for after the password at login."""


class ReauthenticateForm(_WrongCodeLimit, mfa_forms.ReauthenticateForm):
    """The code asked for to confirm a sensitive change."""
