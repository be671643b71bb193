"""Two members and the last seat of an event, in a real browser."""

import pytest

from events.models import Registration
from newsletters.models import OutboundMessage
from tests.conftest import PASSWORD
from tests.e2e.test_shell import _problems, _serious_violations
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(page, base, path, user):
    page.goto(f"{base}{path}")
    page.get_by_role("link", name="Members log in first.").click()
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{base}{path}")


def test_last_seat_waitlist_cancellation_and_promotion(
    live_server, watched_page, browser, firm_a_editor, firm_b_editor
):
    base = live_server.url
    event = EventFactory(title_en="Pilot plant workshop", capacity=2)
    RegistrationFactory(event=event)
    path = f"/en/events/{event.slug}/"

    # 1. The first member takes the last seat.
    first = watched_page
    _log_in(first, base, path, firm_a_editor)
    seats_before = first.locator("dd.seats").inner_text()
    first.get_by_role("button", name="Register").click()
    first.wait_for_url(f"{base}{path}")
    first_state = first.locator(".registration-state").inner_text()
    page_violations = _serious_violations(first)

    # 2. The second member finds the event full and joins the waitlist.
    second = browser.new_page()
    _log_in(second, base, path, firm_b_editor)
    seats_full = second.locator("dd.seats").inner_text()
    second.get_by_role("button", name="Join the waitlist").click()
    second.wait_for_url(f"{base}{path}")
    waiting_state = second.locator(".registration-state").inner_text()

    # 3. The first member cancels.
    first.get_by_text("Cancel my registration").click()
    first.get_by_role("button", name="Yes, cancel").click()
    first.wait_for_url(f"{base}{path}")
    cancelled_message = first.locator(".message-success").inner_text()
    first_problems = _problems(first)

    # 4. The second member has the seat.
    second.reload()
    promoted_state = second.locator(".registration-state").inner_text()
    second.close()

    assert seats_before == "1 seat left"
    assert first_state == "Your seat is confirmed."
    assert seats_full == "Full: waitlist open"
    assert waiting_state.startswith("You are on the waitlist, in place 1.")
    assert cancelled_message == "Your registration is cancelled."
    assert promoted_state == "Your seat is confirmed."
    assert Registration.objects.get(event=event, user=firm_b_editor).state == "confirmed"
    assert OutboundMessage.objects.filter(
        dedupe_key__startswith="registration-promoted:", recipient=firm_b_editor.email
    ).exists()
    assert page_violations == []
    assert first_problems == []
