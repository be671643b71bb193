"""The demo cooperation offers and requests (projects.opportunity_demo)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from members import demo as members_demo
from projects import opportunities as services
from projects.models import Interest, Opportunity
from projects.opportunity_demo import POSTINGS, seed_opportunities

pytestmark = pytest.mark.django_db

S = Opportunity.State


@pytest.fixture
def seeded(db):
    members_demo.seed(password="demo-haslo-123")
    return seed_opportunities()


def test_demo_has_every_type_and_state(seeded):
    assert seeded == len(POSTINGS)
    assert set(Opportunity.objects.values_list("kind", flat=True)) == set(Opportunity.Kind.values)
    assert set(Opportunity.objects.values_list("state", flat=True)) == set(S.values)
    board = services.opportunities_board(AnonymousUser())
    assert {o.kind for o in board} >= {"business_offer", "business_request", "rd_request"}
    assert Interest.objects.count() == 5
    assert Interest.objects.filter(user__isnull=False).count() == 5


def test_demo_has_a_posting_expiring_within_four_weeks(seeded):
    expiring = list(services.opportunities_expiring_within())

    assert [o.title_en for o in expiring] == [
        "Selectivity of propylene hydroformylation: ligand research"
    ]
    assert 0 <= (expiring[0].expires_on - timezone.localdate()).days <= 28


def test_demo_postings_are_consistent(seeded):
    for opportunity in Opportunity.objects.all():
        opportunity.full_clean()
        assert opportunity.competences.exists()
    returned = Opportunity.objects.get(state=S.RETURNED)
    assert returned.review_note


def test_demo_seed_is_idempotent(seeded):
    counts = (Opportunity.objects.count(), Interest.objects.count())

    assert seed_opportunities() == 0
    assert (Opportunity.objects.count(), Interest.objects.count()) == counts
