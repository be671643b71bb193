"""From a recommendation on the dashboard to a partner in the project, in a real browser."""

import pytest

from members.models import Competence
from newsletters.models import OutboundMessage
from projects.models import Participation, Project
from tests.conftest import PASSWORD
from tests.e2e.test_shell import _problems, _serious_violations
from tests.projects.factories import led_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Green hydrogen from waste streams"


def _log_in(page, user):
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()


def test_firm_sees_recommended_project_asks_to_join_leader_accepts_and_firm_is_a_partner(
    live_server, watched_page, browser, firm_a, firm_b, firm_a_admin, firm_b_admin
):
    base = live_server.url
    needed = list(Competence.objects.order_by("pk")[:2])
    firm_b.competences.set(needed)
    project = led_project(
        firm_a,
        slug="zielony-wodor",
        title_pl="Zielony wodór z odpadów",
        title_en=TITLE,
        visibility=Project.Visibility.MEMBERS,
        state=Project.State.RECRUITING,
    )
    project.needed_competences.set(needed)
    applicant = watched_page

    # 1. Firm B's admin logs in and finds the project among the recommended.
    applicant.goto(f"{base}/en/dashboard/")
    _log_in(applicant, firm_b_admin)
    applicant.wait_for_url(f"{base}/en/dashboard/")
    applicant.locator("#recommended-projects-firma-b + ul").get_by_role("link", name=TITLE).click()
    applicant.wait_for_url(f"{base}/en/projects/zielony-wodor/")
    project_violations = _serious_violations(applicant)

    # 2. ... and asks to join as a partner.
    applicant.get_by_role("link", name="Ask to join").click()
    applicant.wait_for_url(f"{base}/en/projects/zielony-wodor/join/")
    join_violations = _serious_violations(applicant)
    applicant.select_option("#id_role", "partner")
    applicant.fill("#id_message", "We run a pilot-scale electrolyser.")
    applicant.fill("#id_contribution_en", "Electrolysis tests at pilot scale")
    applicant.get_by_role("button", name="Ask to join").click()
    applicant.wait_for_url(f"{base}/en/projects/zielony-wodor/")
    asked = applicant.locator(".message-success").inner_text()
    applicant_problems = _problems(applicant)

    # 3. The leader's admin logs in and accepts on the participations page.
    leader = browser.new_page()
    leader.goto(f"{base}/en/projects/zielony-wodor/participations/")
    _log_in(leader, firm_a_admin)
    leader.wait_for_url(f"{base}/en/projects/zielony-wodor/participations/")
    request_text = leader.locator("article.participation").inner_text()
    list_violations = _serious_violations(leader)
    leader.get_by_role("button", name="Accept Borowe Laboratoria S.A.").click()
    leader.wait_for_load_state()
    accepted = leader.locator(".message-success").inner_text()

    # 4. Firm B is among the partners on the project page.
    leader.goto(f"{base}/en/projects/zielony-wodor/")
    partners = leader.locator("section[aria-labelledby=participants-title]").inner_text()
    leader.close()

    assert "Borowe Laboratoria S.A." in asked
    assert "We run a pilot-scale electrolyser." in request_text
    assert "Electrolysis tests at pilot scale" in request_text
    assert "Borowe Laboratoria S.A." in accepted
    assert "Borowe Laboratoria S.A." in partners
    assert Participation.objects.get(project=project, firm=firm_b).state == "accepted"
    # The leader heard of the request, firm B of the decision.
    assert sorted(OutboundMessage.objects.values_list("recipient", flat=True)) == [
        "admin@firma-a.pl",
        "admin@firma-b.pl",
    ]
    assert project_violations == []
    assert join_violations == []
    assert list_violations == []
    assert applicant_problems == []
