"""Factories of the projects app (rows as the services leave them)."""

from datetime import timedelta

import factory
from django.utils import timezone

from projects.models import Interest, Opportunity, Participation, Project
from tests.factories import FirmFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    """A submitted, recruiting, public project; add its leader with
    ``LeaderFactory(project=...)`` or use ``led_project()``."""

    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"projekt-{n}")
    kind = Project.Kind.RESEARCH
    state = Project.State.RECRUITING
    visibility = Project.Visibility.PUBLIC
    firm = factory.SubFactory(FirmFactory)
    title_pl = factory.Sequence(lambda n: f"Wspólny projekt badawczy nr {n}")
    title_en = factory.Sequence(lambda n: f"Joint research project no. {n}")
    summary_pl = "Nowe surfaktanty z surowców odnawialnych."
    summary_en = "New surfactants from renewable feedstock."
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.state == Project.State.DRAFT else timezone.now()
    )


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    project = factory.SubFactory(ProjectFactory)
    firm = factory.SubFactory(FirmFactory)
    role = Participation.Role.PARTNER
    state = Participation.State.ACCEPTED


def led_project(firm, **fields) -> Project:
    """A submitted project whose accepted leader is ``firm``."""
    project = ProjectFactory(firm=firm, **fields)
    ParticipationFactory(
        project=project, firm=firm, role=Participation.Role.LEADER, state="accepted"
    )
    return project


class OpportunityFactory(factory.django.DjangoModelFactory):
    """A published offer of a firm, expiring in a year."""

    class Meta:
        model = Opportunity

    firm = factory.SubFactory(FirmFactory)
    kind = Opportunity.Kind.TECHNOLOGY_OFFER
    state = Opportunity.State.PUBLISHED
    title_pl = factory.Sequence(lambda n: f"Oferta technologiczna nr {n}")
    title_en = factory.Sequence(lambda n: f"Technology offer no. {n}")
    summary_pl = "Uwodornienie w skali pilotażowej."
    summary_en = "Pilot-scale hydrogenation."
    description_pl = "Pełny opis dla członków klastra."
    description_en = "Full text for cluster members."
    submitted_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.state in ("published", "expired") else None
    )
    expires_on = factory.LazyAttribute(
        lambda o: (
            timezone.localdate() + timedelta(days=365)
            if o.state in ("published", "expired")
            else None
        )
    )


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    opportunity = factory.SubFactory(OpportunityFactory)
    firm = factory.SubFactory(FirmFactory)
    message = "Chętnie porozmawiamy o współpracy."
