"""The coordinator writes a campaign, tests it, sends it and watches it go out.

A real browser on the live server, a Celery worker subprocess on the test
database and a private Redis, and a local SMTP server that records the mail.
"""

import os
import re
from collections import Counter

import pytest
from django.db import connection

from chemster.celery import app
from newsletters.models import Campaign
from tests.conftest import PASSWORD, totp_code
from tests.e2e.test_shell import _problems, _serious_violations
from tests.factories import ContactFactory
from tests.newsletters.campaign_data import subscribe
from tests.newsletters.conftest import PrivateRedis, SMTPRecorder, WorkerProcess, celery_broker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def mail_server():
    from aiosmtpd.controller import Controller

    from tests.helpers import closed_port

    recorder = SMTPRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=closed_port())
    controller.start()
    recorder.port = controller.port
    yield recorder
    controller.stop()


@pytest.fixture
def worker(mail_server, tmp_path):
    """A worker subprocess on this test's database, a private Redis and the SMTP server."""
    redis = PrivateRedis()
    redis.start()
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
        "REDIS_URL": redis.url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_server.port),
        "EMAIL_TIMEOUT": "10",
    }
    try:
        with celery_broker(redis.url):
            process = WorkerProcess(env, name="journey", log_path=tmp_path / "worker.log")
            try:
                _wait_for_worker("journey")
                yield process
            finally:
                process.kill()
    finally:
        redis.stop()


def _wait_for_worker(name, timeout=30.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=0.5)
        if name in {host.split("@")[0] for reply in replies for host in reply}:
            return
        time.sleep(0.2)
    raise AssertionError(f"the worker {name} did not start")


def test_coordinator_writes_tests_sends_and_watches_a_campaign_go_out(
    live_server, watched_page, coordinator, firm_a, worker, mail_server
):
    ContactFactory(firm=firm_a, email="kontakt@firma-a.pl", language="pl")
    ContactFactory(firm=firm_a, email="contact@firma-a.pl", language="en")
    subscribe("czytelnik@example.org", language="en")
    subscribe("niepotwierdzony@example.org", confirmed=False)
    base = live_server.url
    page = watched_page

    # 1. The coordinator logs in with a password and a code.
    page.goto(f"{base}/en/coordinator/newsletters/new/")
    page.fill("#id_login", coordinator.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.fill("#id_code", totp_code())
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/en/coordinator/newsletters/new/")

    # 2. ... writes the campaign to two segments; the count follows the choice.
    page.fill("#id_subject_pl", "Wiadomości klastra: listopad")
    page.fill("#id_body_pl", "Dzień dobry!\n\n- nowy projekt\n- **warsztaty**")
    page.fill("#id_subject_en", "Cluster news: November")
    page.fill("#id_body_en", "Good morning!\n\n- a new project\n- **workshops**")
    page.get_by_label("Contacts of active member firms").check()
    page.locator("#audience").get_by_text("2 recipients").wait_for()
    page.get_by_label("Newsletter subscribers").check()
    page.locator("#audience").get_by_text("3 recipients").wait_for()
    composer_violations = _serious_violations(page)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r".*/en/coordinator/newsletters/\d+/$"))
    campaign = Campaign.objects.get()

    # ... previews the English mail: the HTML in a sandboxed frame, and the text.
    page.get_by_role("link", name="Preview the mail").click()
    page.get_by_role("link", name="A recipient in English").click()
    page.frame_locator("iframe.mail-frame").get_by_text("workshops").wait_for()
    preview_text = page.locator("pre.mail-text").inner_text()
    preview_problems = _problems(page)
    page.goto(f"{base}/en/coordinator/newsletters/{campaign.pk}/")

    # 3. ... sends a test to herself, which the worker delivers.
    page.get_by_role("button", name="Send a test to me").click()
    page.locator(".message-success").wait_for()
    tests = mail_server.wait_for(2, timeout=30)

    # 4. ... sends it, confirming first, and watches the progress without reloading.
    page.locator("details.campaign-send summary").click()
    page.get_by_label("Yes, send it to all its recipients now").check()
    page.get_by_role("button", name="Send the campaign now").click()
    page.wait_for_url(f"{base}/en/coordinator/newsletters/{campaign.pk}/")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.locator('#campaign-progress [data-state="sent"]').wait_for(timeout=60_000)
    sent_count = page.locator('#campaign-progress [data-count="sent"]').inner_text()
    failed_count = page.locator('#campaign-progress [data-count="failed"]').inner_text()
    page_problems = _problems(page)
    received = mail_server.wait_for(5, timeout=30)

    assert composer_violations == []
    assert preview_problems == []
    assert "- a new project" in preview_text
    assert page_problems == []
    assert navigations == []
    assert sorted(message["Subject"] for message in tests) == [
        "[TEST] Cluster news: November",
        "[TEST] Wiadomości klastra: listopad",
    ]
    campaign_mail = [message for message in received if not message["Subject"].startswith("[")]
    assert Counter(message["To"] for message in campaign_mail) == {
        "kontakt@firma-a.pl": 1,
        "contact@firma-a.pl": 1,
        "czytelnik@example.org": 1,
    }
    assert {message["To"]: message["Subject"] for message in campaign_mail} == {
        "kontakt@firma-a.pl": "Wiadomości klastra: listopad",
        "contact@firma-a.pl": "Cluster news: November",
        "czytelnik@example.org": "Cluster news: November",
    }
    assert (sent_count, failed_count) == ("3", "0")
    campaign.refresh_from_db()
    assert (campaign.state, campaign.recipient_count, campaign.no_consent_count) == ("sent", 3, 0)
