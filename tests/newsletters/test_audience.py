"""A campaign's audience (the union of its segments, each address once, by
the consent rule) and what its recipients see (language, sanitising)."""

import pytest

from newsletters.campaigns import audience, create_campaign, render_campaign
from newsletters.selectors import may_receive
from tests.newsletters.campaign_data import all_segments, build_world, subscribe

pytestmark = pytest.mark.django_db


def test_union_of_segments_each_address_once_with_exact_counts():
    world = build_world()

    result = audience(all_segments(world))

    # Candidates: a1, a2, b1 (members); a1, a2, c1 (project); A1, g1, g2, g4
    # (event); g2, s1 (subscribers): 8 distinct addresses.
    assert result.total == 8
    assert sorted(result.recipients) == [
        ("a1@firma-a.pl", "pl"),
        ("a2@firma-a.pl", "en"),
        ("g2@example.org", "en"),  # the first segment naming it gives the language
        ("s1@example.org", "en"),
    ]
    assert result.recipient_count == 4
    # b1 opted out (although a member contact).
    assert result.opted_out == 1
    # c1 (a former member's contact), g1 and g4 (guests without consent).
    assert result.no_consent == 3
    assert result.total == result.recipient_count + result.opted_out + result.no_consent


def test_the_audience_follows_may_receive_for_every_candidate():
    world = build_world()
    members = {"a1@firma-a.pl", "a2@firma-a.pl", "b1@firma-b.pl"}
    candidates = members | {"c1@firma-c.pl", "g1@example.org", "g2@example.org"}
    candidates |= {"g4@example.org", "s1@example.org"}

    recipients = {email for email, _language in audience(all_segments(world)).recipients}

    for email in candidates:
        allowed = may_receive(email=email, category="campaign", is_member_contact=email in members)
        assert (email in recipients) == allowed, email


def test_a_guest_registrant_without_consent_counts_as_no_consent_until_subscribed():
    world = build_world()
    registrants = [{"code": "events.registrants", "params": {"event": str(world["event"].pk)}}]

    before = audience(registrants)
    subscribe("g1@example.org")
    after = audience(registrants)

    assert (before.recipient_count, before.no_consent) == (2, 2)
    assert (after.recipient_count, after.no_consent) == (3, 1)
    assert ("g1@example.org", "en") in after.recipients


def test_an_unsubscribed_member_contact_is_left_out_and_counted():
    build_world()

    result = audience([{"code": "members.active", "params": {}}])

    assert [email for email, _language in result.recipients] == ["a1@firma-a.pl", "a2@firma-a.pl"]
    assert (result.total, result.opted_out, result.no_consent) == (3, 1, 0)


def test_no_segments_no_audience():
    result = audience([])

    assert (result.total, result.recipient_count, result.no_consent, result.opted_out) == (
        0,
        0,
        0,
        0,
    )


def test_english_recipients_get_polish_without_an_english_text(coordinator):
    polish_only = create_campaign(
        actor=coordinator, subject_pl="Wiadomości klastra", body_pl="Dzień **dobry**."
    )
    both = create_campaign(
        actor=coordinator,
        subject_pl="Wiadomości klastra",
        body_pl="Dzień dobry.",
        subject_en="Cluster news",
        body_en="Good *morning*.",
    )

    subject, text, html = render_campaign(polish_only, "en")
    assert subject == "Wiadomości klastra"
    assert "Dzień dobry." in text
    assert "<strong>dobry</strong>" in html
    assert 'lang="pl"' in html

    subject, text, html = render_campaign(both, "en")
    assert subject == "Cluster news"
    assert "Good morning." in text
    assert "<em>morning</em>" in html
    assert 'lang="en"' in html
    assert render_campaign(both, "pl")[0] == "Wiadomości klastra"


def test_an_english_body_without_an_english_subject_takes_the_polish_subject(coordinator):
    campaign = create_campaign(
        actor=coordinator, subject_pl="Wiadomości", body_pl="Tekst.", body_en="Text."
    )

    subject, text, _html = render_campaign(campaign, "en")

    assert (subject, "Text." in text) == ("Wiadomości", True)


def test_markdown_is_sanitised_in_the_mail(coordinator):
    body = (
        "Hello <script>alert('x')</script>\n\n"
        '<img src="x.png" onerror="alert(1)">\n\n'
        '<a href="https://chemster.pl" onclick="steal()">portal</a>\n\n'
        "[click](javascript:alert(document.cookie)) and [site](https://chemster.pl/news)\n"
    )
    campaign = create_campaign(actor=coordinator, subject_pl="Test", body_pl=body)

    subject, text, html = render_campaign(campaign, "pl")

    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert "javascript:" not in lowered
    assert "<img" not in lowered
    assert 'href="https://chemster.pl/news"' in html
    # The text part is made from the sanitised HTML: no script or
    # javascript: link there either; links keep their address.
    assert "<script" not in text.lower()
    assert "javascript:" not in text.lower()
    assert "site (https://chemster.pl/news)" in text


def test_the_mail_carries_the_unsubscribe_link_given(coordinator):
    campaign = create_campaign(actor=coordinator, subject_pl="Test", body_pl="Treść.")

    _subject, text, html = render_campaign(
        campaign, "pl", unsubscribe_url="https://chemster.pl/unsubscribe/abc"
    )
    _subject, preview_text, _html = render_campaign(campaign, "pl")

    assert "https://chemster.pl/unsubscribe/abc" in text
    assert 'href="https://chemster.pl/unsubscribe/abc"' in html
    assert "/unsubscribe/preview" in preview_text
