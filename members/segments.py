"""Campaign audiences offered by members: contacts of member firms.

Registered with ``newsletters.segments`` in ``MembersConfig.ready()``. A
member contact is a ``Contact`` of an active member firm: such an address
may get campaigns without a newsletter consent (DOMAIN.md), until it opts out.
"""

from collections.abc import Iterable

from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from chemster.lib.i18n import localized
from members.models import Competence, Contact, Firm
from newsletters.segments import Param, register, register_member_contacts


def member_contact_addresses() -> set[str]:
    """Lower-cased addresses of the contacts of active member firms (one query)."""
    return set(
        Contact.objects.filter(firm__status=Firm.Status.ACTIVE)
        .annotate(address=Lower("email"))
        .values_list("address", flat=True)
    )


def _contacts(firms) -> Iterable[tuple[str, str, bool]]:
    return (
        (email, language, True)
        for email, language in Contact.objects.filter(
            firm__in=firms.filter(status=Firm.Status.ACTIVE)
        )
        .order_by("pk")
        .values_list("email", "language")
    )


def _active_members(params: dict):
    return _contacts(Firm.objects.all())


def _firms_of_kinds(params: dict):
    return _contacts(Firm.objects.filter(kind__in=params["kinds"]))


def _firms_with_competences(params: dict):
    ids = [int(value) for value in params["competences"]]
    return _contacts(Firm.objects.filter(competences__in=ids).distinct())


def _competence_choices():
    return [
        (competence.pk, localized(competence, "name").text)
        for competence in Competence.objects.select_related("group").order_by(
            "group__position", "position", "pk"
        )
    ]


def _is_member_contact(email: str) -> bool:
    return Contact.objects.filter(firm__status=Firm.Status.ACTIVE, email__iexact=email).exists()


register_member_contacts(_is_member_contact)
register(
    "members.active",
    label=_("Contacts of active member firms"),
    addresses=_active_members,
)
register(
    "members.kinds",
    label=_("Contacts of member firms of given kinds"),
    addresses=_firms_of_kinds,
    params=[Param("kinds", _("Kinds of firm"), "multiple", lambda: Firm.Kind.choices)],
)
register(
    "members.competences",
    label=_("Contacts of member firms with given competences"),
    addresses=_firms_with_competences,
    params=[Param("competences", _("Competences"), "multiple", _competence_choices)],
)
