"""``manage.py seed_demo --scale N``: the generator instead of the demo, on an
empty database only; and the generator gives the same data for a scale."""

import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from bench.generate import generate
from members.models import Firm
from tests.factories import FirmFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _taxonomy():
    """The taxonomy a migration ships (a transactional test may have emptied it)."""
    migration = importlib.import_module("members.migrations.0006_competence_taxonomy")
    migration.create_taxonomy(django_apps, None)


def test_seed_demo_with_scale_fills_an_empty_database_and_prints_the_counts():
    out = StringIO()

    call_command("seed_demo", "--scale", "30", stdout=out)

    assert Firm.objects.count() == 30
    assert "Generated 30 firms" in out.getvalue()
    assert "members_firm " in out.getvalue()


def test_seed_demo_with_scale_refuses_a_database_with_firms():
    FirmFactory()

    with pytest.raises(CommandError, match="has firms already"):
        call_command("seed_demo", "--scale", "30", stdout=StringIO())

    assert Firm.objects.count() == 1


def test_seed_demo_with_scale_refuses_a_scale_below_one():
    with pytest.raises(CommandError, match="positive number"):
        call_command("seed_demo", "--scale", "0", stdout=StringIO())


def _generated_firms(scale):
    with transaction.atomic():
        generate(scale, log=lambda message: None)
        firms = list(Firm.objects.order_by("id").values_list("name", "slug", "nip", "city"))
        transaction.set_rollback(True)
    return firms


def test_generate_gives_the_same_firms_for_the_same_scale():
    first = _generated_firms(40)

    second = _generated_firms(40)

    assert len(first) == 40
    assert second == first
    assert _generated_firms(41)[:40] != first
