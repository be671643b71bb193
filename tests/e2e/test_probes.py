"""The stored-XSS probes (tests/e2e/probes.py) catch a payload that is not
escaped, and pass one that is: test_every_page relies on both."""

import html

import pytest

from tests.e2e.probes import (
    LONG,
    PROBE_LISTENER,
    PROBE_REPORT,
    WINDOW,
    Probe,
    escaping_failures,
    fields_shown,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PROBES = {
    1: Probe("Firm.name", 7, LONG),
    2: Probe("Project.description", 8, LONG),
}


def _report(browser, body):
    context = browser.new_context()
    context.add_init_script(PROBE_LISTENER)
    page = context.new_page()
    page.goto("about:blank")
    page.set_content(f"<!DOCTYPE html><title>t</title><body>{body}</body>")
    report = page.evaluate(PROBE_REPORT, WINDOW)
    context.close()
    return report


def test_probes_catch_a_payload_rendered_as_markup(browser):
    report = _report(browser, f"<p>[x1]{LONG}</p><p><a href='javascript:xss(5)'>w</a></p>")

    assert sorted(report["ran"]) == [1, 2, 3]
    assert report["live"] == [
        "inline <script>",
        '<img onerror="xss(2)">',
        '<svg onload="xss(3)">',
        '<a href="javascript:xss(5)">',
    ]
    assert escaping_failures(report["shown"], PROBES) == [
        "Firm.name #7: '\">xss(1){{7|add:1}} [m](javascript:xss(4))w'"
    ]


def test_probes_pass_escaped_text_and_sanitised_markdown(browser):
    sanitised = '<div class="prose"><p>[x2]"&gt;<b><i>{{7|add:1}} <a>m</a></i></b></p></div>'

    report = _report(browser, f"<p>[x1]{html.escape(LONG)}</p>{sanitised}")

    assert (report["ran"], report["live"]) == ([], [])
    assert escaping_failures(report["shown"], PROBES) == []
    assert fields_shown(report["shown"], PROBES) == {"Firm.name", "Project.description"}
