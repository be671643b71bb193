"""The newsletters API: the coordinator's campaigns and the public archive."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chemster.models import AuditEntry
from newsletters.models import Campaign, OutboundMessage
from newsletters.services import opt_out
from tests.factories import ContactFactory
from tests.newsletters.campaign_data import subscribe

SUBSCRIBERS = [{"code": "newsletters.subscribers", "params": {}}]
MEMBERS = [{"code": "members.active", "params": {}}]


@pytest.fixture(autouse=True)
def _english(settings):
    # DRF's and the services' messages in English (the site's default is Polish).
    settings.LANGUAGE_CODE = "en"


def _url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs)


def _campaign(slug, *, state=Campaign.State.DRAFT, is_public=False, **fields):
    now = timezone.now()
    times = {}
    if state in (Campaign.State.SENDING, Campaign.State.SENT):
        times["started_at"] = now - timedelta(hours=1)
    if state == Campaign.State.SENT:
        times["finished_at"] = fields.pop("finished_at", now - timedelta(minutes=30))
    if state == Campaign.State.SCHEDULED:
        times["scheduled_at"] = now + timedelta(days=1)
    return Campaign.objects.create(
        slug=slug,
        subject_pl=fields.pop("subject_pl", f"Temat {slug}"),
        body_pl=fields.pop("body_pl", "Treść **po polsku**."),
        segments=fields.pop("segments", SUBSCRIBERS),
        state=state,
        is_public=is_public,
        **times,
        **fields,
    )


# --- Who may use the campaigns ------------------------------------------------------------

_COORDINATOR_ROUTES = [
    ("get", "campaigns", False),
    ("post", "campaigns", False),
    ("get", "campaign", True),
    ("patch", "campaign", True),
    ("get", "campaign-audience", True),
    ("post", "campaign-test", True),
    ("post", "campaign-schedule", True),
    ("post", "campaign-unschedule", True),
    ("post", "campaign-send", True),
    ("post", "campaign-cancel", True),
    ("get", "campaign-progress", True),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name", "with_pk"), _COORDINATOR_ROUTES)
@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("visitor", 401),
        ("outsider", 403),
        ("firm_a_admin", 403),
        ("firm_b_editor", 403),
        ("coordinator_without_2fa", 403),
    ],
)
def test_campaigns_are_the_coordinators_only(api_client_as, method, name, with_pk, member, status):
    campaign = _campaign("szkic")
    url = _url(name, pk=campaign.pk) if with_pk else _url(name)

    response = getattr(api_client_as(member), method)(url, {})

    assert response.status_code == status
    assert set(response.json()) == {"detail"}
    assert Campaign.objects.get().state == Campaign.State.DRAFT
    assert not OutboundMessage.objects.exists()


@pytest.mark.django_db
def test_unknown_campaign_is_404(api_client_as):
    response = api_client_as("coordinator").get(_url("campaign", pk=999_999))

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no campaign with this id."}


# --- The list --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_lists_every_campaign_newest_first(api_client_as):
    old = _campaign("stary", state=Campaign.State.SENT)
    old.created_at = timezone.now() - timedelta(days=10)
    old.save(update_fields=["created_at"])
    draft = _campaign("szkic")

    response = api_client_as("coordinator").get(_url("campaigns"))

    assert response.status_code == 200
    assert [(row["slug"], row["state"]) for row in response.json()["results"]] == [
        (draft.slug, "draft"),
        (old.slug, "sent"),
    ]


@pytest.mark.django_db
def test_campaign_list_filters_by_state(api_client_as):
    _campaign("szkic")
    _campaign("wyslany", state=Campaign.State.SENT)
    client = api_client_as("coordinator")

    sent = client.get(_url("campaigns"), {"state": "sent"})
    bad = client.get(_url("campaigns"), {"state": "lost"})

    assert [row["slug"] for row in sent.json()["results"]] == ["wyslany"]
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"state"}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_campaign_list_query_count(api_client_as, django_assert_num_queries, count):
    for number in range(count):
        _campaign(f"kampania-{number}")
    client = api_client_as("coordinator")

    # 1 the token and its user, 2 UPDATE last_used_at, 3 the coordinators'
    # group, 4 two-factor, 5 the count, 6 the page.
    with django_assert_num_queries(6):
        response = client.get(_url("campaigns"), {"page_size": 100})

    assert len(response.json()["results"]) == count


# --- Writing ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_writes_a_draft(api_client_as, coordinator):
    response = api_client_as("coordinator").post(
        _url("campaigns"),
        {
            "subject_pl": "Listopad w klastrze",
            "body_pl": "Nowi **członkowie**.",
            "subject_en": "November in the cluster",
            "body_en": "New **members**.",
            "segments": [*SUBSCRIBERS, {"code": "members.kinds", "params": {"kinds": "research"}}],
            "is_public": True,
        },
    )

    assert response.status_code == 201
    campaign = Campaign.objects.get()
    data = response.json()
    assert data["id"] == campaign.pk
    assert data["state"] == "draft"
    assert data["slug"] == "listopad-w-klastrze"
    assert data["languages"] == ["pl", "en"]
    assert data["segments"] == [
        {"code": "newsletters.subscribers", "params": {}},
        {"code": "members.kinds", "params": {"kinds": ["research"]}},
    ]
    assert len(data["segment_labels"]) == 2
    assert campaign.created_by == coordinator
    assert AuditEntry.objects.filter(code="newsletters.campaign.created").count() == 1


@pytest.mark.django_db
def test_campaign_input_is_checked(api_client_as):
    response = api_client_as("coordinator").post(
        _url("campaigns"),
        {
            "subject_pl": "x" * 201,
            "segments": [{"code": "no.such.segment"}],
            "is_public": "maybe",
        },
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"subject_pl", "body_pl", "segments", "is_public"}
    assert response.json()["errors"]["segments"] == ["Unknown audience segment."]
    assert not Campaign.objects.exists()


@pytest.mark.django_db
def test_english_subject_needs_an_english_body(api_client_as):
    response = api_client_as("coordinator").post(
        _url("campaigns"), {"subject_pl": "Temat", "body_pl": "Treść", "subject_en": "Subject"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "body_en": ["Write the English text too, or leave the English subject empty."]
    }


@pytest.mark.django_db
def test_coordinator_changes_a_draft(api_client_as):
    campaign = _campaign("szkic")

    response = api_client_as("coordinator").patch(
        _url("campaign", pk=campaign.pk), {"subject_pl": "Nowy temat", "segments": MEMBERS}
    )

    assert response.status_code == 200
    assert response.json()["subject_pl"] == "Nowy temat"
    campaign.refresh_from_db()
    assert (campaign.subject_pl, campaign.segments) == ("Nowy temat", MEMBERS)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [Campaign.State.SCHEDULED, Campaign.State.SENT])
def test_content_of_a_campaign_past_draft_cannot_change(api_client_as, state):
    campaign = _campaign("kampania", state=state)

    response = api_client_as("coordinator").patch(
        _url("campaign", pk=campaign.pk), {"body_pl": "Inna treść"}
    )

    assert response.status_code == 409
    assert set(response.json()) == {"detail"}
    campaign.refresh_from_db()
    assert campaign.body_pl == "Treść **po polsku**."


@pytest.mark.django_db
def test_a_sent_campaign_can_join_the_archive(api_client_as):
    campaign = _campaign("wyslany", state=Campaign.State.SENT)

    response = api_client_as("coordinator").patch(
        _url("campaign", pk=campaign.pk), {"is_public": True}
    )

    assert response.status_code == 200
    assert response.json()["is_public"] is True


# --- Audience, test, schedule, send, cancel, progress -----------------------------------------


@pytest.mark.django_db
def test_audience_counts_recipients_and_those_left_out(api_client_as, firm_a):
    ContactFactory(firm=firm_a, email="kontakt@firma-a.pl")
    ContactFactory(firm=firm_a, email="wypisany@firma-a.pl")
    opt_out(email="wypisany@firma-a.pl", source="link")
    subscribe("czytelnik@example.org")
    subscribe("niepotwierdzony@example.org", confirmed=False)
    campaign = _campaign("kampania", segments=[*MEMBERS, *SUBSCRIBERS])

    response = api_client_as("coordinator").get(_url("campaign-audience", pk=campaign.pk))

    assert response.status_code == 200
    assert response.json() == {"total": 3, "recipients": 2, "no_consent": 0, "opted_out": 1}


@pytest.mark.django_db
def test_test_send_mails_the_coordinator(api_client_as, coordinator):
    campaign = _campaign("kampania", subject_en="In English", body_en="English text.")

    response = api_client_as("coordinator").post(_url("campaign-test", pk=campaign.pk))

    assert response.status_code == 200
    assert response.json()["test_sent_at"] is not None
    assert response.json()["state"] == "draft"
    mails = OutboundMessage.objects.order_by("language")
    assert [(m.recipient, m.language) for m in mails] == [
        (coordinator.email, "en"),
        (coordinator.email, "pl"),
    ]


@pytest.mark.django_db
def test_coordinator_schedules_a_draft(api_client_as):
    campaign = _campaign("kampania")
    when = (timezone.now() + timedelta(days=2)).replace(microsecond=0)

    response = api_client_as("coordinator").post(
        _url("campaign-schedule", pk=campaign.pk), {"scheduled_at": when.isoformat()}
    )

    assert response.status_code == 200
    assert response.json()["state"] == "scheduled"
    campaign.refresh_from_db()
    assert campaign.scheduled_at == when


@pytest.mark.django_db
def test_schedule_refuses_a_past_time_and_a_missing_one(api_client_as):
    campaign = _campaign("kampania")
    client = api_client_as("coordinator")

    past = client.post(
        _url("campaign-schedule", pk=campaign.pk),
        {"scheduled_at": (timezone.now() - timedelta(hours=1)).isoformat()},
    )
    missing = client.post(_url("campaign-schedule", pk=campaign.pk), {})

    assert past.status_code == 400
    assert past.json()["errors"] == {"scheduled_at": ["Choose a time in the future."]}
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"scheduled_at"}
    assert Campaign.objects.get().state == Campaign.State.DRAFT


@pytest.mark.django_db
def test_a_campaign_without_an_audience_cannot_be_sent(api_client_as):
    campaign = _campaign("kampania", segments=[])

    response = api_client_as("coordinator").post(_url("campaign-send", pk=campaign.pk))

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Choose at least one audience segment."]
    }


@pytest.mark.django_db
def test_coordinator_sends_a_campaign_now(api_client_as):
    campaign = _campaign("kampania")

    response = api_client_as("coordinator").post(_url("campaign-send", pk=campaign.pk))

    assert response.status_code == 200
    assert response.json()["state"] == "sending"
    assert response.json()["started_at"] is not None
    assert AuditEntry.objects.filter(code="newsletters.campaign.started").count() == 1


@pytest.mark.django_db
def test_coordinator_takes_a_scheduled_campaign_back_to_draft(api_client_as):
    campaign = _campaign("kampania", state=Campaign.State.SCHEDULED)

    response = api_client_as("coordinator").post(_url("campaign-unschedule", pk=campaign.pk))

    assert response.status_code == 200
    assert response.json()["state"] == "draft"
    assert response.json()["scheduled_at"] is None


@pytest.mark.django_db
def test_coordinator_cancels_a_scheduled_campaign(api_client_as):
    campaign = _campaign("kampania", state=Campaign.State.SCHEDULED)

    response = api_client_as("coordinator").post(_url("campaign-cancel", pk=campaign.pk))

    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    assert AuditEntry.objects.filter(code="newsletters.campaign.cancelled").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "action", "extra"),
    [
        (Campaign.State.SENT, "campaign-cancel", {}),
        (Campaign.State.DRAFT, "campaign-cancel", {}),
        (Campaign.State.SENDING, "campaign-cancel", {}),
        (Campaign.State.SENT, "campaign-send", {}),
        (Campaign.State.CANCELLED, "campaign-send", {}),
        (Campaign.State.DRAFT, "campaign-unschedule", {}),
        (Campaign.State.SENT, "campaign-schedule", {"scheduled_at": "2099-01-01T09:00:00Z"}),
    ],
)
def test_moves_the_state_refuses_are_409(api_client_as, state, action, extra):
    campaign = _campaign("kampania", state=state)

    response = api_client_as("coordinator").post(_url(action, pk=campaign.pk), extra)

    assert response.status_code == 409
    assert set(response.json()) == {"detail"}
    assert "cannot be moved" in response.json()["detail"]
    assert Campaign.objects.get().state == state


@pytest.mark.django_db
def test_progress_counts_mail_and_lists_failures(api_client_as):
    campaign = _campaign("kampania", state=Campaign.State.SENT)
    now = timezone.now()
    for number, (state, error) in enumerate(
        [
            ("sent", ""),
            ("sent", ""),
            ("pending", ""),
            ("failed", "550 5.1.1 No such user"),
        ]
    ):
        OutboundMessage.objects.create(
            recipient=f"osoba{number}@example.org",
            language="pl",
            category="campaign",
            subject="Temat",
            body_text="Treść",
            dedupe_key=f"campaign:{campaign.pk}:osoba{number}@example.org",
            state=state,
            sent_at=now if state == "sent" else None,
            attempts=1,
            last_error=error,
            campaign=campaign,
        )

    response = api_client_as("coordinator").get(_url("campaign-progress", pk=campaign.pk))

    assert response.status_code == 200
    assert response.json() == {
        "state": "sent",
        "total": 4,
        "sent": 2,
        "failed": 1,
        "pending": 1,
        "failed_deliveries": [
            {
                "recipient": "osoba3@example.org",
                "language": "pl",
                "attempts": 1,
                "last_error": "550 5.1.1 No such user",
            }
        ],
    }


# --- The public archive ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["visitor", "firm_a_editor", "coordinator"])
def test_archive_lists_sent_public_campaigns_only(api_client_as, member):
    older = _campaign(
        "wrzesien",
        state=Campaign.State.SENT,
        is_public=True,
        finished_at=timezone.now() - timedelta(days=60),
    )
    newer = _campaign("pazdziernik", state=Campaign.State.SENT, is_public=True)
    # What could leak: drafts, scheduled, sending and private campaigns,
    # even those marked public.
    _campaign("szkic-publiczny", is_public=True)
    _campaign("zaplanowany", state=Campaign.State.SCHEDULED, is_public=True)
    _campaign("wysylany", state=Campaign.State.SENDING, is_public=True)
    _campaign("prywatny", state=Campaign.State.SENT)
    _campaign("odwolany", state=Campaign.State.CANCELLED, is_public=True)

    response = api_client_as(member).get(_url("archive"))

    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [newer.slug, older.slug]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["szkic-publiczny", "zaplanowany", "prywatny", "no-such-campaign"])
def test_archive_detail_hides_what_is_not_archived(api_client_as, slug):
    _campaign("szkic-publiczny", is_public=True)
    _campaign("zaplanowany", state=Campaign.State.SCHEDULED, is_public=True)
    _campaign("prywatny", state=Campaign.State.SENT)

    response = api_client_as("visitor").get(_url("archive-campaign", slug=slug))

    assert response.status_code == 404


@pytest.mark.django_db
def test_archive_shows_the_language_asked_for_with_polish_fallback(api_client_as):
    _campaign(
        "dwujezyczny",
        state=Campaign.State.SENT,
        is_public=True,
        subject_en="November",
        body_en="In *English*.",
    )
    _campaign("polski", state=Campaign.State.SENT, is_public=True, subject_pl="Tylko po polsku")
    client = api_client_as("visitor")

    english = client.get(_url("archive"), {"language": "en"}).json()["results"]
    polish = client.get(_url("archive"), {"language": "pl"}).json()["results"]
    by_header = client.get(
        _url("archive-campaign", slug="dwujezyczny"), HTTP_ACCEPT_LANGUAGE="en"
    ).json()

    rows = {row["slug"]: row for row in english}
    assert rows["dwujezyczny"]["language"] == "en"
    assert rows["dwujezyczny"]["subject"] == "November"
    assert rows["dwujezyczny"]["body_html"] == "<p>In <em>English</em>.</p>"
    assert rows["polski"]["language"] == "pl"
    assert rows["polski"]["subject"] == "Tylko po polsku"
    assert rows["polski"]["languages"] == ["pl"]
    assert {row["slug"]: row["subject"] for row in polish} == {
        "dwujezyczny": "Temat dwujezyczny",
        "polski": "Tylko po polsku",
    }
    assert by_header["subject"] == "November"


@pytest.mark.django_db
def test_archive_body_is_sanitised(api_client_as):
    _campaign(
        "zly",
        state=Campaign.State.SENT,
        is_public=True,
        body_pl='<script>alert(1)</script><p onclick="x()">Tekst</p> [link](javascript:alert(1))',
    )

    body = api_client_as("visitor").get(_url("archive-campaign", slug="zly")).json()["body_html"]

    assert "<script" not in body
    assert "onclick" not in body
    assert "javascript:" not in body


@pytest.mark.django_db
def test_archive_refuses_an_unknown_language(api_client_as):
    response = api_client_as("visitor").get(_url("archive"), {"language": "de"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"language"}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_archive_query_count(api_client_as, django_assert_num_queries, count):
    for number in range(count):
        _campaign(f"archiwum-{number}", state=Campaign.State.SENT, is_public=True)
    client = api_client_as("visitor")

    # 1 the count, 2 the page.
    with django_assert_num_queries(2):
        response = client.get(_url("archive"), {"page_size": 100})

    assert len(response.json()["results"]) == count
