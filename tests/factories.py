"""factory_boy factories with no surprising defaults."""

import factory
from allauth.account.models import EmailAddress

from members.models import Contact, Firm, User
from members.services import reindex_firms


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@firma{n}.pl")
    name = factory.Faker("name", locale="pl_PL")
    preferred_language = User.Language.POLISH
    password = factory.django.Password("haslo-testowe-123")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """Accounts come from invitations, so their address is verified."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def valid_nip(n: int) -> str:
    """A NIP with a correct check digit, different for each ``n``."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    for candidate in range(n * 7 + 1_000_000, n * 7 + 1_000_100):
        digits = f"{123000000 + candidate % 877000000:09d}"
        check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if check < 10:
            return digits + str(check)
    raise AssertionError("no NIP found")


def application_data(**overrides) -> dict:
    """A membership application that the API accepts (a firm in Opole with
    the coatings competence); the form adds its own fields to it."""
    from members.models import Competence

    data = {
        "name": "Opolskie Barwniki Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "country": "PL",
        "nip": valid_nip(7001),
        "street": "ul. Oleska 48",
        "postcode": "45-052",
        "city": "Opole",
        "website": "https://barwniki-opole.pl",
        "description": "Barwniki i pigmenty do tworzyw.",
        "competences": [Competence.objects.get(code="coatings").pk],
        "motivation": "Szukamy partnerów do wspólnego projektu badawczego.",
        "contact_name": "Marta Zielińska",
        "contact_function": "Prezes zarządu",
        "contact_email": "marta@barwniki-opole.pl",
        "contact_phone": "+48 77 441 22 33",
        "clause_read": True,
    }
    data.update(overrides)
    return data


class FirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Firm
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zakłady Chemiczne Nr {n} Sp. z o.o.")
    slug = factory.Sequence(lambda n: f"zaklady-chemiczne-{n}")
    kind = Firm.Kind.ENTERPRISE
    size_class = Firm.SizeClass.SMALL
    country = "PL"
    nip = factory.Sequence(valid_nip)
    street = "ul. Mostowa 30"
    postcode = "47-220"
    city = "Kędzierzyn-Koźle"
    description_pl = "Produkcja chemikaliów specjalistycznych."
    description_en = "Specialty chemicals production."
    status = Firm.Status.ACTIVE
    # The description is public unless a test says otherwise.
    public_fields = factory.LazyFunction(lambda: ["description", "offer"])

    @factory.post_generation
    def reindex(self, create, extracted, **kwargs):
        if create:
            reindex_firms([self.pk])


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    firm = factory.SubFactory(FirmFactory)
    name = factory.Faker("name", locale="pl_PL")
    function = "Kierownik działu sprzedaży"
    email = factory.Sequence(lambda n: f"kontakt{n}@firma.pl")
    phone = "+48 77 400 00 00"
