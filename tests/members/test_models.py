import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError
from zeal import zeal_context
from zeal.errors import NPlusOneError

from members.models import User
from members.services import create_coordinator
from tests.factories import UserFactory


@pytest.mark.django_db
def test_email_is_unique_regardless_of_case():
    UserFactory(email="Jan.Kowalski@firma.pl")

    with pytest.raises(IntegrityError):
        UserFactory(email="jan.kowalski@FIRMA.pl")


@pytest.mark.django_db
def test_user_logs_in_with_email_in_any_case():
    user = User.objects.create_user(
        email="ewa@firma.pl", name="Ewa Nowak", password="tajne-haslo-2026"
    )

    assert authenticate(username="EWA@firma.pl", password="tajne-haslo-2026") == user


@pytest.mark.django_db
def test_new_user_prefers_polish():
    user = User.objects.create_user(email="piotr@firma.pl", name="Piotr Zieliński")

    assert user.preferred_language == "pl"
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_create_coordinator_promotes_an_existing_user_once():
    existing = UserFactory(email="biuro@chemster.pl")

    first = create_coordinator(email="BIURO@chemster.pl", name="Biuro", password=None)
    second = create_coordinator(email="biuro@chemster.pl", name="Biuro", password=None)

    assert first == second == existing
    assert User.objects.filter(email__iexact="biuro@chemster.pl").count() == 1
    assert list(first.groups.values_list("name", flat=True)) == ["coordinators"]
    assert first.is_staff
    assert first.has_perm("chemster.change_sitetext")
    assert not first.has_perm("chemster.delete_sitetext")


def test_every_request_in_the_suite_raises_on_n_plus_one(settings):
    # Outermost, so that one context covers a whole request.
    assert settings.MIDDLEWARE[0] == "zeal.middleware.zeal_middleware"


@pytest.mark.django_db
def test_zeal_raises_on_relations_read_in_a_loop():
    group = create_coordinator(email="k@chemster.pl", name="K", password=None).groups.get()
    for user in UserFactory.create_batch(3):
        user.groups.add(group)

    with zeal_context(), pytest.raises(NPlusOneError):
        for user in User.objects.all():
            list(user.groups.all())
