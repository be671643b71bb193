"""From a visitor's application to a member firm in the directory, in a real browser."""

import re

import pytest

from members.models import Firm
from newsletters.models import OutboundMessage
from tests.conftest import PASSWORD, totp_code
from tests.e2e.test_shell import _problems, _serious_violations
from tests.factories import valid_nip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_applies_coordinator_accepts_contact_joins_and_firm_is_listed(
    live_server, watched_page, browser, coordinator
):
    base = live_server.url
    applicant = watched_page

    # 1. A visitor applies.
    applicant.goto(f"{base}/en/join/")
    form_violations = _serious_violations(applicant)
    applicant.fill("#id_name", "Kłodnickie Polimery Sp. z o.o.")
    applicant.select_option("#id_kind", "enterprise")
    applicant.select_option("#id_size_class", "small")
    applicant.fill("#id_nip", valid_nip(9090))
    applicant.fill("#id_street", "ul. Kłodnicka 5")
    applicant.fill("#id_postcode", "47-224")
    applicant.fill("#id_city", "Kędzierzyn-Koźle")
    applicant.get_by_label("Polymerisation").check()
    applicant.fill("#id_motivation", "We want to join joint research on polymers.")
    applicant.fill("#id_contact_name", "Piotr Nowicki")
    applicant.fill("#id_contact_email", "p.nowicki@klodnickie-polimery.pl")
    applicant.select_option("#id_language", "en")
    applicant.check("#id_clause_read")
    applicant.get_by_role("button", name="Send the application").click()
    applicant.wait_for_url(f"{base}/en/join/thanks/")
    applicant_problems = _problems(applicant)

    # 2. The coordinator logs in with a password and a code, and accepts.
    office = browser.new_page()
    office.goto(f"{base}/en/coordinator/applications/")
    office.fill("#id_login", coordinator.email)
    office.fill("#id_password", PASSWORD)
    office.locator("form.form button[type=submit]").click()
    office.wait_for_url("**/accounts/2fa/authenticate/**")
    office.fill("#id_code", totp_code())
    office.locator("form button[type=submit]").first.click()
    office.wait_for_url(f"{base}/en/coordinator/applications/")
    office.get_by_role("link", name="Kłodnickie Polimery Sp. z o.o.").click()
    office.get_by_label("Accept").check()
    office.get_by_role("button", name="Record the decision").click()
    office.wait_for_load_state()
    accepted = office.locator(".message-success").inner_text()
    office.close()

    # 3. The contact opens the invitation from the mail and sets a password.
    mail = OutboundMessage.objects.get(dedupe_key__startswith="invitation:")
    link = re.search(r"https?://\S+/invitation/\S+?/", mail.body_text).group(0)
    path = link[link.index("/en/") :] if "/en/" in link else link[link.index("/pl/") :]
    contact = browser.new_page()
    contact.goto(f"{base}{path}")
    contact.fill("#id_name", "Piotr Nowicki")
    contact.fill("#id_password1", "Polimery-Klodnica-2026")
    contact.fill("#id_password2", "Polimery-Klodnica-2026")
    contact.locator("form button[type=submit]").click()
    contact.wait_for_url(f"{base}/en/accounts/")

    # 4. ... edits the profile and makes the description public.
    slug = Firm.objects.get(name="Kłodnickie Polimery Sp. z o.o.").slug
    contact.goto(f"{base}/en/firms/{slug}/edit/")
    contact.locator('textarea[name="description_pl"]').fill("Poliestry i żywice dla przemysłu.")
    contact.locator('textarea[name="description_en"]').fill("Polyesters and resins for industry.")
    contact.locator('input[name="public_fields"][value="description"]').check()
    contact.locator("form.profile-form button[type=submit]").click()
    contact.wait_for_url(f"{base}/en/firms/{slug}/edit/")
    contact.close()

    # 5. ... and a visitor finds the firm in the public directory.
    visitor = browser.new_page()
    visitor.goto(f"{base}/en/firms/?q=poliestry")
    listed = visitor.locator("main").inner_text()
    visitor.close()

    assert form_violations == []
    assert applicant_problems == []
    assert "Kłodnickie Polimery Sp. z o.o." in accepted
    assert "Kłodnickie Polimery Sp. z o.o." in listed
