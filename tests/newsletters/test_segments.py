"""The segment registry and each app's segments, on hand-built data."""

import pytest
from django.core.exceptions import ValidationError

from newsletters import segments
from tests.newsletters.campaign_data import build_world

pytestmark = pytest.mark.django_db


def _addresses(code, params=None):
    return sorted(
        (email.lower(), language, member)
        for email, language, member in segments.get(code).addresses(params or {})
    )


def test_every_app_registered_its_segments():
    codes = [segment.code for segment in segments.available()]

    assert set(codes) >= {
        "members.active",
        "members.kinds",
        "members.competences",
        "projects.participants",
        "events.registrants",
        "newsletters.subscribers",
    }
    assert {param.name for param in segments.get("members.kinds").params} == {"kinds"}
    assert segments.get("projects.participants").params[0].kind == "choice"


def test_contacts_of_active_member_firms():
    build_world()

    assert _addresses("members.active") == [
        ("a1@firma-a.pl", "pl", True),
        ("a2@firma-a.pl", "en", True),
        ("b1@firma-b.pl", "pl", True),
    ]


def test_firms_of_given_kinds_are_active_members_only():
    build_world()

    assert [a[0] for a in _addresses("members.kinds", {"kinds": ["enterprise"]})] == [
        "a1@firma-a.pl",
        "a2@firma-a.pl",
    ]
    assert [a[0] for a in _addresses("members.kinds", {"kinds": ["research", "school"]})] == [
        "b1@firma-b.pl"
    ]


def test_firms_with_given_competences():
    world = build_world()
    first, second = world["competences"]

    assert [a[0] for a in _addresses("members.competences", {"competences": [str(first.pk)]})] == [
        "a1@firma-a.pl",
        "a2@firma-a.pl",
    ]
    both = _addresses("members.competences", {"competences": [str(first.pk), str(second.pk)]})
    assert [a[0] for a in both] == ["a1@firma-a.pl", "a2@firma-a.pl", "b1@firma-b.pl"]


def test_project_participants_are_accepted_firms_contacts():
    world = build_world()

    # Firm B declined; firm C is a former member: its contact is no member contact.
    assert _addresses("projects.participants", {"project": str(world["project"].pk)}) == [
        ("a1@firma-a.pl", "pl", True),
        ("a2@firma-a.pl", "en", True),
        ("c1@firma-c.pl", "pl", False),
    ]


def test_event_registrants_confirmed_or_attended():
    world = build_world()

    assert _addresses("events.registrants", {"event": str(world["event"].pk)}) == [
        ("a1@firma-a.pl", "pl", True),
        ("g1@example.org", "en", False),
        ("g2@example.org", "en", False),
        ("g4@example.org", "pl", False),
    ]


def test_public_subscribers_are_confirmed_consents():
    build_world()

    assert _addresses("newsletters.subscribers") == [
        ("g2@example.org", "pl", False),
        ("s1@example.org", "en", False),
    ]


def test_clean_segments_checks_codes_and_choices():
    world = build_world()
    project = str(world["project"].pk)

    cleaned = segments.clean_segments(
        [
            {"code": "members.kinds", "params": {"kinds": ["research", "enterprise"]}},
            {"code": "projects.participants", "params": {"project": int(project)}},
            {"code": "projects.participants", "params": {"project": project}},
            {"code": "newsletters.subscribers"},
        ]
    )

    assert cleaned == [
        {"code": "members.kinds", "params": {"kinds": ["enterprise", "research"]}},
        {"code": "projects.participants", "params": {"project": project}},
        {"code": "newsletters.subscribers", "params": {}},
    ]
    for bad in (
        [{"code": "nobody"}],
        [{"code": "members.kinds", "params": {"kinds": ["pirates"]}}],
        [{"code": "members.kinds", "params": {"kinds": []}}],
        [{"code": "projects.participants", "params": {"project": "999999"}}],
        [{"code": "events.registrants", "params": {}}],
        ["members.active"],
        "members.active",
    ):
        with pytest.raises(ValidationError):
            segments.clean_segments(bad)


def test_describe_names_the_chosen_values():
    world = build_world()

    labels = segments.describe_segments(
        [
            {"code": "members.kinds", "params": {"kinds": ["research"]}},
            {"code": "events.registrants", "params": {"event": str(world["event"].pk)}},
            {"code": "gone.segment", "params": {}},
        ]
    )

    assert "Research institute" in labels[0] or "Instytut" in labels[0]
    assert world["event"].title_pl in labels[1]
    assert labels[2] == "gone.segment"
