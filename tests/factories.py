"""factory_boy factories with no surprising defaults."""

import factory

from members.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@firma{n}.pl")
    name = factory.Faker("name", locale="pl_PL")
    preferred_language = User.Language.POLISH
    password = factory.django.Password("haslo-testowe-123")
