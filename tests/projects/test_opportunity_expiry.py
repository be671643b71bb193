"""Expiry of cooperation postings and the reminder four weeks before."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chemster.models import AuditEntry
from newsletters.models import OutboundMessage
from projects import opportunities as services
from projects.models import Opportunity
from projects.tasks import task_expire_opportunities
from tests.projects.factories import OpportunityFactory

S = Opportunity.State


def _reminders():
    return sorted(
        OutboundMessage.objects.filter(dedupe_key__startswith="opportunity-expiry:").values_list(
            "dedupe_key", flat=True
        )
    )


@pytest.mark.django_db
def test_postings_past_their_date_expire(firm_a):
    today = timezone.localdate()
    past = OpportunityFactory(firm=firm_a, expires_on=today - timedelta(days=1))
    last_day = OpportunityFactory(firm=firm_a, expires_on=today + timedelta(days=100))
    withdrawn = OpportunityFactory(firm=firm_a, state=S.WITHDRAWN)

    expired, reminded = services.expire_opportunities(today=today)

    assert (expired, reminded) == (1, 0)
    states = dict(Opportunity.objects.values_list("pk", "state"))
    assert states == {past.pk: S.EXPIRED, last_day.pk: S.PUBLISHED, withdrawn.pk: S.WITHDRAWN}
    assert AuditEntry.objects.filter(code="projects.opportunity.expired").count() == 1


@pytest.mark.django_db
def test_the_last_day_is_still_on_the_board(firm_a):
    today = timezone.localdate()
    opportunity = OpportunityFactory(firm=firm_a, expires_on=today)

    services.expire_opportunities(today=today)

    opportunity.refresh_from_db()
    assert opportunity.state == S.PUBLISHED


@pytest.mark.django_db
def test_admins_are_reminded_once_four_weeks_before(firm_a, firm_a_admin, firm_a_editor):
    today = timezone.localdate()
    opportunity = OpportunityFactory(firm=firm_a, expires_on=today + timedelta(days=28))
    OpportunityFactory(firm=firm_a, expires_on=today + timedelta(days=40))

    first = services.expire_opportunities(today=today)
    second = services.expire_opportunities(today=today)
    # A day later, still inside the window: no second reminder.
    third = services.expire_opportunities(today=today + timedelta(days=1))

    assert (first, second, third) == ((0, 1), (0, 0), (0, 0))
    key = f"opportunity-expiry:{opportunity.pk}:{opportunity.expires_on.isoformat()}"
    assert _reminders() == [f"{key}:{firm_a_admin.email}"]
    mail = OutboundMessage.objects.get(recipient=firm_a_admin.email)
    assert f"/pl/cooperation/{opportunity.pk}/" in mail.body_text
    assert mail.category == "notification"


@pytest.mark.django_db
def test_a_posting_published_late_in_the_window_is_reminded_too(firm_a, firm_a_admin):
    today = timezone.localdate()
    OpportunityFactory(firm=firm_a, expires_on=today + timedelta(days=5))

    assert services.expire_opportunities(today=today) == (0, 1)


@pytest.mark.django_db
def test_renewal_brings_a_new_reminder_before_the_new_date(firm_a, firm_a_admin):
    today = timezone.localdate()
    opportunity = OpportunityFactory(firm=firm_a, expires_on=today + timedelta(days=20))
    services.expire_opportunities(today=today)

    services.renew_opportunity(actor=firm_a_admin, opportunity=opportunity)
    opportunity.refresh_from_db()
    right_after = services.expire_opportunities(today=today)
    before_new_date = services.expire_opportunities(
        today=opportunity.expires_on - timedelta(days=28)
    )
    again = services.expire_opportunities(today=opportunity.expires_on - timedelta(days=27))

    assert opportunity.expires_on == services.add_months(today, 12)
    assert (right_after, before_new_date, again) == ((0, 0), (0, 1), (0, 0))
    assert len(_reminders()) == 2


@pytest.mark.django_db
def test_expired_posting_is_renewed_back_onto_the_board(firm_a, firm_a_admin):
    today = timezone.localdate()
    opportunity = OpportunityFactory(firm=firm_a, expires_on=today - timedelta(days=3))
    services.expire_opportunities(today=today)

    services.renew_opportunity(actor=firm_a_admin, opportunity=opportunity)

    opportunity.refresh_from_db()
    assert opportunity.state == S.PUBLISHED
    assert list(services.opportunities_board(firm_a_admin)) == [opportunity]


@pytest.mark.django_db
def test_suspended_members_postings_are_not_reminded(firm_a, firm_a_admin):
    firm_a.status = "suspended"
    firm_a.save(update_fields=["status"])
    OpportunityFactory(firm=firm_a, expires_on=timezone.localdate() + timedelta(days=10))

    assert services.expire_opportunities() == (0, 0)


@pytest.mark.django_db
def test_task_runs_the_service_and_twice_reminds_once(firm_a, firm_a_admin):
    today = timezone.localdate()
    OpportunityFactory(firm=firm_a, expires_on=today - timedelta(days=1))
    OpportunityFactory(firm=firm_a, expires_on=today + timedelta(days=7))

    task_expire_opportunities()
    task_expire_opportunities()

    assert Opportunity.objects.filter(state=S.EXPIRED).count() == 1
    assert len(_reminders()) == 1


def test_task_has_the_name_the_beat_schedule_uses(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["projects.expire_opportunities"]

    assert task_expire_opportunities.name == entry["task"]
