"""A stored web address becomes a link only when it is http(s)."""

import pytest
from django.template.loader import render_to_string

from chemster.templatetags.chemster import web_link


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://meet.example.com/a", "https://meet.example.com/a"),
        ("http://example.com", "http://example.com"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html,x", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_web_link_keeps_only_http_addresses(url, link):
    assert web_link(url) == link


def test_event_mail_shows_a_javascript_address_as_text_only():
    html = render_to_string(
        "emails/events/_details.html",
        {"with_access": True, "online_url": "javascript:xss(5)", "event_link": "https://x.pl/"},
    )

    assert "javascript:xss(5)" in html
    assert 'href="javascript' not in html
