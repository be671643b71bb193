"""A person's own data (GDPR Art. 15, 17 and 20): the download of everything
the portal holds about them and the deletion of their account.

Both are built on the personal-data registry (``chemster.lib.personal_data``),
so a newly registered model is exported and erased without a change here.
"""

import base64
import json
from datetime import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chemster.lib.cache import invalidate
from chemster.lib.personal_data import erase_all, export_all, registered
from chemster.services import log_action
from members.models import Firm, FirmRole, User
from members.permissions import COORDINATORS_GROUP, is_coordinator
from members.services import DIRECTORY_CACHE_KEYS


class PersonalDataEncoder(DjangoJSONEncoder):
    """JSON for exported rows: times in Europe/Warsaw, decimals, UUIDs and
    dates as strings (Django's encoder), bytes as base64, anything else as
    its text, so that no value can fail the download."""

    def default(self, o):
        if isinstance(o, datetime) and timezone.is_aware(o):
            return timezone.localtime(o).isoformat()
        if isinstance(o, bytes | memoryview):
            return base64.b64encode(bytes(o)).decode()
        if isinstance(o, set | frozenset):
            return sorted(o, key=str)
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def personal_data_of(*, user: User) -> dict:
    """Everything the registry finds about the user's address, with when it
    was generated (Europe/Warsaw) and for which address."""
    return {
        "generated_at": timezone.localtime().isoformat(),
        "email": user.email,
        "data": export_all(user.email),
    }


def personal_data_json(*, user: User) -> bytes:
    return json.dumps(
        personal_data_of(user=user), cls=PersonalDataEncoder, ensure_ascii=False, indent=2
    ).encode()


def erasure_summary(*, user: User) -> list[dict]:
    """What deleting the account does, model by model: how many rows the
    registry finds about the user and whether they are deleted or
    anonymised (one count per registered model)."""
    rules = sorted(registered().values(), key=lambda rule: rule.model._meta.label_lower)
    summary = []
    for rule in rules:
        count = rule.rows_for(user.email).count()
        if count:
            summary.append(
                {
                    "label": rule.model._meta.label_lower,
                    "name": rule.model._meta.verbose_name_plural,
                    "count": count,
                    "deleted": rule.erasure == "delete",
                }
            )
    return summary


def _firms_left_without_admin(user: User):
    """The firms whose only administrator is ``user``."""
    administered = FirmRole.objects.filter(user=user, role=FirmRole.Role.ADMIN).values("firm")
    return (
        Firm.objects.filter(pk__in=administered)
        .annotate(admins=Count("roles", filter=Q(roles__role=FirmRole.Role.ADMIN)))
        .filter(admins=1)
        .order_by("name")
    )


def _is_last_coordinator(user: User) -> bool:
    if not is_coordinator(user):
        return False
    others = User.objects.filter(groups__name=COORDINATORS_GROUP, is_active=True).exclude(
        pk=user.pk
    )
    return not others.exists()


def account_deletion_blockers(*, user: User) -> list[str]:
    """Why the account cannot be deleted yet (empty when it can): a firm
    would lose its last administrator, or the cluster its last
    coordinator."""
    reasons = [
        _(
            "You are the last administrator of %(firm)s. Make another user of the firm "
            "an administrator first (on the firm's users page), then delete your account."
        )
        % {"firm": firm.name}
        for firm in _firms_left_without_admin(user)
    ]
    if _is_last_coordinator(user):
        reasons.append(
            _(
                "You are the cluster's last coordinator. Appoint another coordinator "
                "first, then delete your account."
            )
        )
    return reasons


def delete_account(*, user: User) -> dict[str, int]:
    """Erase the person behind ``user`` as the personal-data registry says.

    - Refuses (``ValidationError``) while a firm would lose its last
      administrator or the cluster its last coordinator; the firms and the
      coordinators' group are locked first, so two last admins deleting at
      once cannot both pass.
    - Rows about the address are deleted or anonymised (``erase_all``); the
      account stays as an inactive, nameless row with an unusable password,
      no roles, groups, tokens or authenticators, which also ends its other
      sessions (the session hash changes).
    - Audit entry ``members.account.deleted`` naming neither the person nor
      the address, only how many rows of each kind were touched.
    - After commit, drops the cached directory fragments (a firm's address
      may have been blanked).

    Returns the rows touched per ``app_label.model``.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        administered = FirmRole.objects.filter(user=user, role=FirmRole.Role.ADMIN).values("firm")
        list(Firm.objects.select_for_update().filter(pk__in=administered).order_by("pk"))
        if is_coordinator(user):
            list(Group.objects.select_for_update().filter(name=COORDINATORS_GROUP))
        reasons = account_deletion_blockers(user=user)
        if reasons:
            raise ValidationError(reasons, code="blocked")
        touched = {label: count for label, count in erase_all(user.email).items() if count}
        user.refresh_from_db()
        log_action(None, user, "members.account.deleted", {"rows": touched})
        transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)
    return touched
