"""Personal data held by the members app and the account packages it uses."""

from allauth.account.models import EmailAddress
from django.db.models import Q

from chemster.lib.personal_data import register
from members.models import ApiToken, Contact, Firm, Invitation, MembershipApplication, User


def _anonymise_users(users, email):
    for user in users:
        user.email = f"erased-{user.pk}@invalid"
        user.name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "name", "is_active", "password"])


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


register(
    MembershipApplication,
    fields=("contact_name", "contact_function", "contact_email", "contact_phone", "language"),
    rows_for=lambda email: MembershipApplication.objects.filter(contact_email__iexact=email),
    erasure="anonymise",
    anonymise=_anonymise_applications,
)
