"""Writes of the members app."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from members.models import User

COORDINATORS_GROUP = "coordinators"

# What the coordinator may change through the Django admin, as
# (app_label, codename).
COORDINATOR_PERMISSIONS = [
    ("chemster", "view_sitetext"),
    ("chemster", "change_sitetext"),
]


def ensure_coordinator_group() -> Group:
    """Create the coordinators' group, or bring its permissions up to date."""
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    wanted = Permission.objects.filter(
        content_type__app_label__in={app for app, _code in COORDINATOR_PERMISSIONS},
        codename__in={code for _app, code in COORDINATOR_PERMISSIONS},
    )
    group.permissions.set(wanted)
    return group


def create_coordinator(*, email: str, name: str, password: str | None) -> User:
    """Create a coordinator: a staff user in the coordinators' group.

    An existing user with that address is promoted instead of duplicated.
    """
    with transaction.atomic():
        group = ensure_coordinator_group()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, name=name, password=password)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(group)
    return user
