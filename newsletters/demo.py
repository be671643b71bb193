"""Demo campaigns and subscribers, for ``manage.py seed_demo`` (after members' demo).

Three sent campaigns in the public archive (in Polish and English), a
draft and a scheduled one, and a few public subscribers with confirmed
consents. The sent campaigns' outbox rows are written already ``sent``
(one ``failed``, so the dashboard shows a failed delivery): the demo
worker mails nobody for them. A campaign whose slug exists is left as it
is, so a second run creates nothing.
"""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from newsletters.campaigns import audience, campaign_rows, rendered_for_recipients
from newsletters.forms import newsletter_consent
from newsletters.models import Campaign, Consent, ConsentText, OutboundMessage

# Fictional addresses, like the demo firms' domains.
SUBSCRIBERS = [
    ("anna.nowicka@poczta-demo.pl", "pl"),
    ("piotr.mazur@poczta-demo.pl", "pl"),
    ("laura.becker@poczta-demo.pl", "en"),
    ("jan.kowal@poczta-demo.pl", "pl"),
    ("sofia.rossi@poczta-demo.pl", "en"),
]

SEGMENTS = [
    {"code": "members.active", "params": {}},
    {"code": "newsletters.subscribers", "params": {}},
]

CAMPAIGNS = [
    {
        "slug": "newsletter-wrzesien-2026",
        "state": Campaign.State.SENT,
        "days": -75,
        "subject_pl": "Newsletter CHEM-STER – wrzesień 2026",
        "subject_en": "CHEM-STER newsletter – September 2026",
        "body_pl": (
            "## Nowi członkowie klastra\n\n"
            "Do klastra dołączyły dwie firmy z branży tworzyw sztucznych. Witamy!\n\n"
            "## Nabór do projektu badawczego\n\n"
            "Szukamy partnerów do projektu o **biodegradowalnych polimerach**. "
            "Szczegóły na [portalu klastra](https://chemster.pl/pl/projekty/).\n"
        ),
        "body_en": (
            "## New members of the cluster\n\n"
            "Two plastics firms have joined the cluster. Welcome!\n\n"
            "## Partners wanted for a research project\n\n"
            "We are looking for partners for a project on **biodegradable polymers**. "
            "Details on the [cluster's portal](https://chemster.pl/en/projects/).\n"
        ),
    },
    {
        "slug": "newsletter-pazdziernik-2026",
        "state": Campaign.State.SENT,
        "days": -45,
        "subject_pl": "Newsletter CHEM-STER – październik 2026",
        "subject_en": "CHEM-STER newsletter – October 2026",
        "body_pl": (
            "## Warsztaty REACH i CLP\n\n"
            "Zapraszamy na warsztaty o rejestracji substancji i kartach charakterystyki.\n\n"
            "- termin: listopad 2026\n- miejsce: Kędzierzyn-Koźle\n- udział bezpłatny\n"
        ),
        "body_en": (
            "## REACH and CLP workshop\n\n"
            "Join our workshop on registering substances and safety data sheets.\n\n"
            "- when: November 2026\n- where: Kędzierzyn-Koźle\n- free of charge\n"
        ),
    },
    {
        "slug": "newsletter-listopad-2026",
        "state": Campaign.State.SENT,
        "days": -14,
        "subject_pl": "Newsletter CHEM-STER – listopad 2026",
        "subject_en": "",
        "body_pl": (
            "## Misja gospodarcza do Lipska\n\n"
            "Członkowie klastra mogą zgłaszać się na misję gospodarczą do Niemiec. "
            "Liczba miejsc jest ograniczona.\n"
        ),
        "body_en": "",
    },
    {
        "slug": "newsletter-grudzien-2026",
        "state": Campaign.State.SCHEDULED,
        "days": 5,
        "subject_pl": "Newsletter CHEM-STER – grudzień 2026",
        "subject_en": "CHEM-STER newsletter – December 2026",
        "body_pl": "## Podsumowanie roku\n\nDziękujemy za wspólny rok w klastrze.\n",
        "body_en": "## The year in review\n\nThank you for a year together in the cluster.\n",
    },
    {
        "slug": "newsletter-styczen-2027",
        "state": Campaign.State.DRAFT,
        "days": 0,
        "subject_pl": "Newsletter CHEM-STER – styczeń 2027 (szkic)",
        "subject_en": "",
        "body_pl": "## Plany na 2027\n\nTu opiszemy plany klastra na nowy rok.\n",
        "body_en": "",
    },
]


def seed() -> None:
    """Create the demo subscribers and campaigns once."""
    with transaction.atomic():
        _subscribers()
        for spec in CAMPAIGNS:
            if not Campaign.objects.filter(slug=spec["slug"]).exists():
                _campaign(spec)


def _subscribers() -> None:
    now = timezone.now()
    for index, (email, language) in enumerate(SUBSCRIBERS):
        if Consent.objects.live().filter(email=email, purpose=Consent.Purpose.NEWSLETTER).exists():
            continue
        text, version = newsletter_consent(language)
        wording, _created = ConsentText.objects.get_or_create(
            purpose=Consent.Purpose.NEWSLETTER,
            version=version,
            defaults={"text": text, "sha256": _sha256(text)},
        )
        given = now - timedelta(days=120 - index * 10)
        Consent.objects.create(
            email=email,
            purpose=Consent.Purpose.NEWSLETTER,
            language=language,
            text=wording,
            method=Consent.Method.FORM,
            given_at=given,
            confirmed_at=given + timedelta(minutes=7 + index),
        )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _campaign(spec: dict) -> Campaign:
    now = timezone.now()
    when = now + timedelta(days=spec["days"])
    campaign = Campaign(
        slug=spec["slug"],
        subject_pl=spec["subject_pl"],
        subject_en=spec["subject_en"],
        body_pl=spec["body_pl"],
        body_en=spec["body_en"],
        segments=SEGMENTS,
        state=spec["state"],
        is_public=spec["state"] == Campaign.State.SENT,
        created_at=when - timedelta(days=3),
    )
    if spec["state"] == Campaign.State.SCHEDULED:
        campaign.scheduled_at = when.replace(hour=9, minute=0, second=0, microsecond=0)
    if spec["state"] == Campaign.State.SENT:
        campaign.scheduled_at = when
        campaign.started_at = when
        campaign.written_at = when + timedelta(seconds=20)
        campaign.finished_at = when + timedelta(minutes=4)
        campaign.test_sent_at = when - timedelta(hours=2)
    campaign.save()
    if spec["state"] == Campaign.State.SENT:
        _sent_rows(campaign)
    return campaign


def _sent_rows(campaign: Campaign) -> None:
    """Outbox rows as the worker leaves them: sent, and one failed delivery."""
    result = audience(campaign.segments)
    rows = campaign_rows(campaign, result.recipients, rendered=rendered_for_recipients(campaign))
    for index, row in enumerate(rows):
        row.created_at = row.next_attempt_at = campaign.written_at
        row.attempts = 1
        if index == len(rows) - 1 and len(rows) > 1:
            row.state = OutboundMessage.State.FAILED
            row.last_error = f"550 5.1.1 <{row.recipient}>: Recipient address rejected"
        else:
            row.state = OutboundMessage.State.SENT
            row.sent_at = campaign.written_at + timedelta(seconds=index % 200)
    OutboundMessage.objects.bulk_create(rows, ignore_conflicts=True)
    Campaign.objects.filter(pk=campaign.pk).update(
        recipient_count=result.recipient_count,
        no_consent_count=result.no_consent,
        opted_out_count=result.opted_out,
    )
