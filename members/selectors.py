"""Reads of the members app that depend on the user or span models."""

from django.db.models import Prefetch

from members.models import Competence, CompetenceGroup, Firm, FirmRole
from members.permissions import sees_members_content


def firms_of(user):
    """The active firms where ``user`` has a role, with the role, by name."""
    if not user.is_authenticated:
        return FirmRole.objects.none()
    return (
        FirmRole.objects.filter(user=user, firm__status=Firm.Status.ACTIVE)
        .select_related("firm")
        .order_by("firm__name")
    )


def competence_groups():
    """The taxonomy, groups in order with their competences prefetched."""
    return CompetenceGroup.objects.prefetch_related(
        Prefetch("competences", queryset=Competence.objects.order_by("position", "id"))
    )


def visible_profile(firm: Firm, user) -> dict:
    """Which of the firm's optional fields ``user`` sees.

    Everyone sees the public ones; members and the coordinator also see the
    members-only ones. Name, city, kind and competences are always shown.
    """
    insider = sees_members_content(user)
    return {field: insider or firm.is_public(field) for field in Firm.VISIBILITY_FIELDS}


def visible_contacts(firm: Firm, user) -> tuple[list, tuple]:
    """The firm's contacts and the contact fields ``user`` may see.

    Visitors see none; members see the fields the firm marked
    members-visible; the firm's own users and the coordinator see all.
    """
    from members.permissions import can_edit_firm

    if can_edit_firm(user, firm):
        return list(firm.contacts.all()), Firm.CONTACT_FIELDS
    if not sees_members_content(user) or not firm.member_contact_fields:
        return [], ()
    fields = tuple(f for f in Firm.CONTACT_FIELDS if f in firm.member_contact_fields)
    return list(firm.contacts.all()), fields


def active_member_count() -> int:
    return Firm.objects.active().count()
