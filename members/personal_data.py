"""Personal data held by the members app and the account packages it uses."""

import hashlib

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.utils.translation import gettext as _

from chemster.lib.personal_data import ConsentRecord, register
from members.content import INFORMATION_CLAUSE, INFORMATION_CLAUSE_VERSION
from members.models import (
    ApiToken,
    Contact,
    Firm,
    FirmRole,
    Invitation,
    MembershipApplication,
    User,
)


def _anonymise_users(users, email):
    for user in users:
        user.email = f"erased-{user.pk}@invalid"
        user.name = ""
        user.is_active = False
        # An erased coordinator keeps no access to anything.
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save(
            update_fields=["email", "name", "is_active", "is_staff", "is_superuser", "password"]
        )
        user.groups.clear()


register(
    User,
    fields=("email", "name", "preferred_language", "date_joined", "last_login"),
    rows_for=lambda email: User.objects.filter(email__iexact=email),
    # Kept as an inactive, nameless row so that what the person did stays
    # attributable to "an erased user" without saying who.
    erasure="anonymise",
    anonymise=_anonymise_users,
)
register(
    Invitation,
    fields=("email", "name", "language", "created_at", "accepted_at"),
    rows_for=lambda email: Invitation.objects.filter(Q(email__iexact=email)),
    erasure="delete",
)
register(
    EmailAddress,
    fields=("email", "verified", "primary"),
    rows_for=lambda email: EmailAddress.objects.filter(email__iexact=email),
    erasure="delete",
)
register(
    ApiToken,
    fields=("name", "prefix", "created_at", "last_used_at", "revoked_at"),
    rows_for=lambda email: ApiToken.objects.filter(user__email__iexact=email),
    erasure="delete",
)


def _blank_firm_contact_data(firms, email):
    # A firm's own address and phone, when they name a person.
    firms.update(email="", phone="")


register(
    Firm,
    fields=("email", "phone"),
    rows_for=lambda email: Firm.objects.filter(email__iexact=email),
    erasure="anonymise",
    anonymise=_blank_firm_contact_data,
)
register(
    Contact,
    fields=("name", "function", "email", "phone", "language", "source", "created_at"),
    rows_for=lambda email: Contact.objects.filter(email__iexact=email),
    erasure="delete",
)


def _anonymise_applications(applications, email):
    # The firm's side of an application stays (what was decided); the person
    # who applied is removed.
    applications.update(
        contact_name="", contact_function="", contact_email="erased@invalid", contact_phone=""
    )


def _clauses_shown(email):
    applications = MembershipApplication.objects.filter(contact_email__iexact=email).order_by(
        "submitted_at", "id"
    )
    return [
        ConsentRecord(
            kind="clause",
            subject=_("Membership application: %(firm)s") % {"firm": application.name},
            version=application.clause_version,
            sha256=application.clause_sha256,
            at=application.submitted_at,
            language=application.language,
            method=_("membership application form"),
            text=_clause_text_for(application),
        )
        for application in applications
    ]


def _clause_text_for(application):
    # Only the current version's wording is in the code.
    if application.clause_version != INFORMATION_CLAUSE_VERSION:
        return ""
    for text in INFORMATION_CLAUSE.values():
        if hashlib.sha256(text.encode()).hexdigest() == application.clause_sha256:
            return text
    return ""


register(
    MembershipApplication,
    fields=(
        "name",
        "contact_name",
        "contact_function",
        "contact_email",
        "contact_phone",
        "language",
        "state",
        "submitted_at",
        "clause_version",
    ),
    rows_for=lambda email: MembershipApplication.objects.filter(contact_email__iexact=email),
    erasure="anonymise",
    anonymise=_anonymise_applications,
    records=_clauses_shown,
)
# A person's roles in firms and their two-factor authenticators go with the
# account (delete_account refuses a firm's last admin first). The
# authenticator's secret is never exported.
register(
    FirmRole,
    fields=("firm", "role", "created_at"),
    rows_for=lambda email: FirmRole.objects.filter(user__email__iexact=email),
    erasure="delete",
)
register(
    Authenticator,
    fields=("type", "created_at", "last_used_at"),
    rows_for=lambda email: Authenticator.objects.filter(user__email__iexact=email),
    erasure="delete",
)
