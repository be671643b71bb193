"""factory_boy factories with no surprising defaults."""

import factory
from allauth.account.models import EmailAddress

from members.models import User


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
