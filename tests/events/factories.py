"""Factories of the events app (rows as the services leave them)."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, Registration


class EventFactory(factory.django.DjangoModelFactory):
    """A published public event in two weeks, 10 seats, registration open."""

    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"wydarzenie-{n}")
    kind = Event.Kind.INTEGRATION
    audience = Event.Audience.PUBLIC
    state = Event.State.PUBLISHED
    title_pl = factory.Sequence(lambda n: f"Spotkanie integracyjne nr {n}")
    title_en = factory.Sequence(lambda n: f"Integration meeting no. {n}")
    description_pl = "Spotkanie członków klastra."
    description_en = "A meeting of the cluster's members."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=14)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    venue_name = "Kędzierzyńsko-Kozielski Park Przemysłowy"
    venue_address = "ul. Mostowa 30, 47-220 Kędzierzyn-Koźle"
    capacity = 10
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.state != Event.State.DRAFT else None
    )
    cancelled_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.state == Event.State.CANCELLED else None
    )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed guest registration (set ``user`` for a member's)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name", locale="pl_PL")
    email = factory.Sequence(lambda n: f"gosc{n}@example.pl")
    state = Registration.State.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
