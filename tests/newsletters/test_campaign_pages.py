"""The coordinator's campaign pages: list, composer, preview, sending, progress."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from newsletters.campaigns import create_campaign
from newsletters.models import Campaign, OutboundMessage
from newsletters.services import opt_out
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ContactFactory
from tests.newsletters.campaign_data import subscribe

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
SEGMENTS = [
    {"code": "members.active", "params": {}},
    {"code": "newsletters.subscribers", "params": {}},
]


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"newsletters:{name}", kwargs=kwargs)


@pytest.fixture
def draft(coordinator):
    return create_campaign(
        actor=coordinator,
        subject_pl="Wiadomości klastra",
        body_pl="Dzień dobry, **członkowie**.",
        subject_en="Cluster news",
        body_en="Hello, **members**.",
        segments=SEGMENTS,
    )


@pytest.fixture
def world(firm_a, firm_b):
    """Five addresses: three recipients, one without consent, one opted out."""
    ContactFactory(firm=firm_a, email="a1@firma-a.pl")
    ContactFactory(firm=firm_a, email="a2@firma-a.pl", language="en")
    ContactFactory(firm=firm_b, email="b1@firma-b.pl")
    opt_out(email="b1@firma-b.pl", source="link")
    subscribe("s1@example.org", language="en")
    subscribe("s2@example.org", confirmed=False)
    event = EventFactory(slug="campaign-pages-event")
    RegistrationFactory(event=event, email="a1@firma-a.pl")  # a member contact again
    RegistrationFactory(event=event, email="g1@example.org")  # a guest, no consent
    return {"event": event}


def _composer_data(**extra):
    return {
        "subject_pl": "Temat",
        "body_pl": "Treść.",
        "subject_en": "",
        "body_en": "",
        "segment__members__active": "on",
        **extra,
    }


def _sending(campaign, rows):
    """Mark ``campaign`` as sending with outbox rows in the given states."""
    now = timezone.now()
    Campaign.objects.filter(pk=campaign.pk).update(
        state=Campaign.State.SENDING, started_at=now, written_at=now
    )
    for index, (state, error) in enumerate(rows):
        OutboundMessage.objects.create(
            recipient=f"r{index}@example.org",
            language="pl",
            category=OutboundMessage.Category.CAMPAIGN,
            subject="Temat",
            body_text="Treść",
            dedupe_key=f"campaign:{campaign.pk}:r{index}@example.org",
            campaign=campaign,
            state=state,
            claimed_at=now if state != OutboundMessage.State.PENDING else None,
            sent_at=now if state == OutboundMessage.State.SENT else None,
            attempts=1 if state != OutboundMessage.State.PENDING else 0,
            last_error=error,
        )
    campaign.refresh_from_db()
    return campaign


# --- Access -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "status"),
    [("visitor", 302), ("outsider", 403), ("firm_a_admin", 403), ("coordinator", 200)],
)
def test_campaign_list_answers_the_cast(client_as, member, status):
    response = client_as(member).get(_url("campaigns"))

    assert response.status_code == status


def test_coordinator_without_two_factor_is_sent_to_set_it_up(client, coordinator_without_2fa):
    client.force_login(coordinator_without_2fa)

    response = client.get(_url("campaigns"))

    assert (response.status_code, response["Location"]) == (302, reverse("mfa_activate_totp"))


@pytest.mark.parametrize("name", ["campaign-test", "campaign-send", "campaign-cancel"])
def test_post_only_pages_refuse_others_before_the_method(client_as, draft, name):
    url = _url(name, pk=draft.pk)

    assert client_as("firm_a_admin").post(url).status_code == 403
    assert client_as("coordinator").get(url).status_code == 405


def test_unknown_campaign_is_404(client_as, coordinator):
    response = client_as("coordinator").get(_url("campaign", pk=999_999))

    assert response.status_code == 404


# --- The list -----------------------------------------------------------------


def test_campaign_list_shows_states_and_progress(client_as, draft, coordinator):
    other = create_campaign(actor=coordinator, subject_pl="Drugi", body_pl="x", segments=SEGMENTS)
    _sending(
        other,
        [("sent", ""), ("sent", ""), ("failed", "550 No such user"), ("pending", "")],
    )

    response = client_as("coordinator").get(_url("campaigns"))

    rows = response.context["page"].object_list
    assert [(c.subject_pl, c.state, c.progress) for c in rows] == [
        ("Drugi", "sending", {"total": 4, "sent": 2, "failed": 1, "pending": 1}),
        ("Wiadomości klastra", "draft", {"total": 0, "sent": 0, "failed": 0, "pending": 0}),
    ]
    assert "Sending" in response.content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_campaign_list_query_count_is_constant(
    client_as, coordinator, django_assert_num_queries, count
):
    for index in range(count):
        campaign = create_campaign(
            actor=coordinator, subject_pl=f"Kampania {index}", body_pl="x", segments=SEGMENTS
        )
        _sending(campaign, [("sent", ""), ("failed", "550 Nope")])
    client = client_as("coordinator")

    # session, user, coordinators' group, two-factor, the page's count, the
    # campaigns, their outbox rows grouped by campaign and state, the site's
    # texts for the footer.
    with django_assert_num_queries(8):
        response = client.get(_url("campaigns"))

    assert len(response.context["page"].object_list) == count


# --- The composer ---------------------------------------------------------------


def test_composer_creates_a_draft_with_its_segments(client_as, coordinator, world):
    data = _composer_data(
        subject_en="Subject",
        body_en="Text.",
        is_public="on",
        **{
            "segment__newsletters__subscribers": "on",
            "segment__events__registrants": "on",
            "segment__events__registrants__event": str(world["event"].pk),
        },
    )

    response = client_as("coordinator").post(_url("campaign-create"), data)

    campaign = Campaign.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        _url("campaign", pk=campaign.pk),
    )
    assert (campaign.state, campaign.subject_en, campaign.is_public) == ("draft", "Subject", True)
    assert sorted(campaign.segments, key=lambda item: item["code"]) == [
        {"code": "events.registrants", "params": {"event": str(world["event"].pk)}},
        {"code": "members.active", "params": {}},
        {"code": "newsletters.subscribers", "params": {}},
    ]


def test_composer_asks_for_a_segments_parameter(client_as, coordinator):
    data = _composer_data(**{"segment__events__registrants": "on"})

    response = client_as("coordinator").post(_url("campaign-create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "segment__events__registrants__event": ["Choose a value for this segment."]
    }
    assert Campaign.objects.count() == 0


def test_composer_refuses_an_english_subject_without_text(client_as, coordinator):
    response = client_as("coordinator").post(
        _url("campaign-create"), _composer_data(subject_en="Subject")
    )

    assert response.context["form"].errors == {
        "body_en": ["Write the English text too, or leave the English subject empty."]
    }
    assert Campaign.objects.count() == 0


def test_composer_counts_recipients_and_who_is_left_out(client_as, coordinator, world):
    query = {
        "segment__members__active": "on",
        "segment__newsletters__subscribers": "on",
        "segment__events__registrants": "on",
        "segment__events__registrants__event": str(world["event"].pk),
    }

    response = client_as("coordinator").get(_url("campaign-audience"), query)

    # a1, a2 (contacts), s1 (subscriber); g1 without consent; b1 opted out.
    page = response.content.decode()
    assert "<strong>3 recipients</strong>" in page
    assert "Addresses in the segments: 5" in page
    assert "Left out without a newsletter consent: 1" in page
    assert "Left out as they opted out: 1" in page
    assert "<html" not in page


def test_composer_audience_fragment_with_a_bad_choice_says_so(client_as, coordinator):
    response = client_as("coordinator").get(
        _url("campaign-audience"),
        {"segment__events__registrants": "on", "segment__events__registrants__event": "x"},
    )

    assert response.status_code == 200
    assert "Select a valid choice. x is not one of the available choices." in (
        response.content.decode()
    )
    assert "recipients</strong>" not in response.content.decode()


def test_edit_page_shows_the_saved_audience_and_saves_changes(client_as, draft, world):
    client = client_as("coordinator")

    page = client.get(_url("campaign-edit", pk=draft.pk))
    response = client.post(
        _url("campaign-edit", pk=draft.pk),
        _composer_data(subject_pl="Nowy temat", **{"segment__newsletters__subscribers": "on"}),
    )

    assert page.context["audience"].recipient_count == 3
    assert page.context["form"]["segment__members__active"].value() is True
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.subject_pl, draft.subject_en, len(draft.segments)) == ("Nowy temat", "", 2)


def test_edit_page_of_a_sent_campaign_changes_only_the_archive_flag(client_as, draft):
    _sending(draft, [("sent", "")])
    Campaign.objects.filter(pk=draft.pk).update(state="sent", finished_at=timezone.now())
    client = client_as("coordinator")

    page = client.get(_url("campaign-edit", pk=draft.pk))
    response = client.post(
        _url("campaign-edit", pk=draft.pk), {"is_public": "on", "subject_pl": "Zmiana"}
    )

    assert list(page.context["form"].fields) == ["is_public"]
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.is_public, draft.subject_pl) == (True, "Wiadomości klastra")


# --- Preview --------------------------------------------------------------------


def test_preview_sanitises_scripts_event_handlers_and_javascript_links(client_as, coordinator):
    campaign = create_campaign(
        actor=coordinator,
        subject_pl="Test",
        body_pl=(
            "Zobacz <script>alert('x')</script> i <img src=x onerror=\"alert('y')\">\n\n"
            "[kliknij](javascript:alert('z')) <a href=\"#\" onclick=\"alert('w')\">tu</a>"
        ),
        segments=SEGMENTS,
    )
    client = client_as("coordinator")

    html = client.get(_url("campaign-preview-html", pk=campaign.pk, language="pl"))
    page = client.get(_url("campaign-preview", pk=campaign.pk))

    body = html.content.decode()
    for bad in ("<script", "onerror", "onclick", "javascript:", "alert("):
        assert bad not in body
        assert bad not in page.context["text"]
    assert "kliknij" in body
    policy = html["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "sandbox" in policy
    assert "script-src" not in policy
    assert html["X-Frame-Options"] == "SAMEORIGIN"


def test_preview_shows_both_parts_in_the_recipients_language(client_as, draft):
    client = client_as("coordinator")

    english = client.get(_url("campaign-preview", pk=draft.pk), {"language": "en"})
    html = client.get(_url("campaign-preview-html", pk=draft.pk, language="en"))

    assert english.context["subject"] == "Cluster news"
    assert "Hello, members." in english.context["text"]
    assert '<iframe class="mail-frame" sandbox' in english.content.decode()
    assert _url("campaign-preview-html", pk=draft.pk, language="en") in english.content.decode()
    assert "<strong>members</strong>" in html.content.decode()
    assert '<html lang="en">' in html.content.decode()


def test_preview_of_a_polish_only_campaign_falls_back_for_english(client_as, coordinator):
    campaign = create_campaign(
        actor=coordinator, subject_pl="Tylko po polsku", body_pl="Treść.", segments=SEGMENTS
    )

    response = client_as("coordinator").get(
        _url("campaign-preview", pk=campaign.pk), {"language": "en"}
    )

    assert (response.context["subject"], response.context["content_language"]) == (
        "Tylko po polsku",
        "pl",
    )
    assert "this recipient gets the Polish one" in response.content.decode()


def test_preview_html_of_an_unknown_language_is_404(client_as, draft):
    response = client_as("coordinator").get(
        _url("campaign-preview-html", pk=draft.pk, language="de")
    )

    assert response.status_code == 404


# --- Test, schedule, send, cancel ------------------------------------------------


def test_test_send_mails_the_coordinator_in_each_language(client_as, draft, coordinator):
    response = client_as("coordinator").post(_url("campaign-test", pk=draft.pk))

    assert response.status_code == 302
    assert sorted(
        OutboundMessage.objects.values_list("recipient", "language", "category", "subject")
    ) == [
        (coordinator.email, "en", "service", "[TEST] Cluster news"),
        (coordinator.email, "pl", "service", "[TEST] Wiadomości klastra"),
    ]
    draft.refresh_from_db()
    assert (draft.state, draft.test_sent_at is not None) == ("draft", True)


def test_schedule_reads_the_time_in_warsaw(client_as, draft):
    when = (timezone.now() + timedelta(days=2)).astimezone(WARSAW).replace(second=0, microsecond=0)

    response = client_as("coordinator").post(
        _url("campaign-schedule", pk=draft.pk),
        {"scheduled_at": when.strftime("%Y-%m-%dT%H:%M")},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.scheduled_at) == ("scheduled", when)


def test_schedule_in_the_past_is_refused_with_a_message(client_as, draft):
    client = client_as("coordinator")

    response = client.post(
        _url("campaign-schedule", pk=draft.pk), {"scheduled_at": "2020-01-01T10:00"}, follow=True
    )

    draft.refresh_from_db()
    assert draft.state == "draft"
    assert "Choose a time in the future." in response.content.decode()


def test_send_needs_the_confirmation(client_as, draft):
    client = client_as("coordinator")

    refused = client.post(_url("campaign-send", pk=draft.pk), follow=True)
    draft.refresh_from_db()
    state_after_refusal = draft.state
    sent = client.post(_url("campaign-send", pk=draft.pk), {"confirm": "on"})

    assert state_after_refusal == "draft"
    assert "Tick the confirmation" in refused.content.decode()
    assert sent.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "sending"


def test_cancel_works_on_a_scheduled_campaign_only(client_as, draft):
    client = client_as("coordinator")

    refused = client.post(_url("campaign-cancel", pk=draft.pk), follow=True)
    draft.refresh_from_db()
    state_after_refusal = draft.state
    Campaign.objects.filter(pk=draft.pk).update(
        state="scheduled", scheduled_at=timezone.now() + timedelta(days=1)
    )
    client.post(_url("campaign-cancel", pk=draft.pk))

    assert state_after_refusal == "draft"
    assert "cannot be moved" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.state == "cancelled"


def test_campaign_page_offers_what_the_state_allows(client_as, draft):
    client = client_as("coordinator")

    as_draft = client.get(_url("campaign", pk=draft.pk)).context
    Campaign.objects.filter(pk=draft.pk).update(
        state="scheduled", scheduled_at=timezone.now() + timedelta(days=1)
    )
    as_scheduled = client.get(_url("campaign", pk=draft.pk)).context

    flags = ("can_edit", "can_test", "can_schedule", "can_send", "can_cancel")
    assert [as_draft[flag] for flag in flags] == [True, True, True, True, False]
    assert [as_scheduled[flag] for flag in flags] == [False, True, True, True, True]


# --- Progress -----------------------------------------------------------------------


def test_progress_fragment_counts_and_keeps_polling_while_sending(client_as, draft):
    _sending(
        draft,
        [("sent", ""), ("sent", ""), ("failed", "550 5.1.1 No such user"), ("pending", "")]
        + [("sending", "")],
    )

    response = client_as("coordinator").get(_url("campaign-progress", pk=draft.pk))

    page = response.content.decode()
    assert '<span class="figure-value" data-count="sent">2</span>' in page
    assert '<span class="figure-value" data-count="failed">1</span>' in page
    assert '<span class="figure-value" data-count="pending">2</span>' in page
    assert 'hx-trigger="every 3s"' in page
    assert "<html" not in page


def test_progress_fragment_of_a_sent_campaign_lists_failures_and_stops_polling(client_as, draft):
    _sending(draft, [("sent", ""), ("failed", "550 5.1.1 No such user")])
    Campaign.objects.filter(pk=draft.pk).update(state="sent", finished_at=timezone.now())

    response = client_as("coordinator").get(_url("campaign-progress", pk=draft.pk))

    page = response.content.decode()
    assert (
        "<tr><td>r1@example.org</td><td>1</td><td><code>550 5.1.1 No such user</code></td></tr>"
        in page
    )
    assert "r0@example.org" not in page
    assert "hx-trigger" not in page
    assert 'data-state="sent"' in page


def test_campaign_page_embeds_the_polling_progress(client_as, draft):
    _sending(draft, [("pending", "")])

    response = client_as("coordinator").get(_url("campaign", pk=draft.pk))

    page = response.content.decode()
    assert f'hx-get="{_url("campaign-progress", pk=draft.pk)}"' in page
    assert page.count('id="campaign-progress"') == 1


def test_schedule_form_shows_the_time_in_warsaw(client_as, draft):
    when = datetime(2031, 6, 1, 8, 30, tzinfo=ZoneInfo("UTC"))
    Campaign.objects.filter(pk=draft.pk).update(state="scheduled", scheduled_at=when)

    response = client_as("coordinator").get(_url("campaign", pk=draft.pk))

    assert 'value="2031-06-01T10:30"' in response.content.decode()


@pytest.mark.parametrize(("minutes", "polls"), [(5, True), (120, False)])
def test_scheduled_campaign_page_polls_only_near_its_time(client_as, draft, minutes, polls):
    Campaign.objects.filter(pk=draft.pk).update(
        state="scheduled", scheduled_at=timezone.now() + timedelta(minutes=minutes)
    )

    response = client_as("coordinator").get(_url("campaign-progress", pk=draft.pk))

    assert ('hx-trigger="every 3s"' in response.content.decode()) is polls
