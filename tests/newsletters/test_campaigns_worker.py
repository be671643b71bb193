"""A campaign through a real worker on Redis and a local SMTP server.

The delivery-robustness tests (killed workers, Redis outages, 500
recipients) are in test_campaign_delivery*.py; this one checks the path
from "send now" to "sent" with the nudge after commit.
"""

import time
from collections import Counter

import pytest
from django.db import transaction

from newsletters import campaigns as svc
from newsletters.models import Campaign, OutboundMessage
from tests.newsletters.campaign_data import subscribe

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_send_now_reaches_every_recipient_once_and_the_campaign_is_sent(
    coordinator, mail_worker, smtp_server
):
    for index in range(30):
        subscribe(f"sub{index}@example.org", language="en" if index % 3 else "pl")
    with transaction.atomic():
        campaign = svc.create_campaign(
            actor=coordinator,
            subject_pl="Wiadomości klastra",
            body_pl="Dzień dobry.",
            subject_en="Cluster news",
            body_en="Good morning.",
            segments=[{"code": "newsletters.subscribers", "params": {}}],
        )
    with transaction.atomic():
        svc.send_campaign_now(actor=coordinator, campaign=campaign)

    received = smtp_server.wait_for(30, timeout=30)
    deadline = time.monotonic() + 15
    while Campaign.objects.get(pk=campaign.pk).state != "sent" and time.monotonic() < deadline:
        time.sleep(0.1)

    campaign.refresh_from_db()
    assert campaign.state == "sent"
    assert len(received) == 30
    assert set(Counter(m["To"] for m in received).values()) == {1}
    assert Counter(m["Subject"] for m in received) == {"Cluster news": 20, "Wiadomości klastra": 10}
    assert all(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in received)
    assert {m["Message-ID"] for m in received} == {
        m.message_id for m in OutboundMessage.objects.filter(campaign=campaign)
    }
    assert svc.campaign_progress(campaign) == {"total": 30, "sent": 30, "failed": 0, "pending": 0}
