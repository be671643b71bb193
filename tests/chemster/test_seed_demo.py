import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from members.models import User

PLACEHOLDERS = re.compile(r"lorem|ipsum|dolor sit|placeholder|todo|fixme|foo|asdf|example\.com|test123", re.I)


@pytest.mark.django_db
def test_seed_demo_prints_the_logins_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out

    assert "koordynator@chemster.pl  (created; TOTP secret CHEMSTERDEMOKEDZIERZYNKOZLE23456)" in first
    assert "koordynator@chemster.pl  (already present; TOTP secret" in second
    assert "chemster-demo-2026" in first
    assert User.objects.filter(email="koordynator@chemster.pl").count() == 1
    coordinator = User.objects.get(email="koordynator@chemster.pl")
    assert coordinator.check_password("chemster-demo-2026")
    assert coordinator.authenticator_set.filter(type="totp").count() == 1
    assert coordinator.authenticator_set.filter(type="recovery_codes").count() == 1


@pytest.mark.django_db
def test_demo_data_has_no_placeholder_text():
    call_command("seed_demo")
    found = []

    for model in apps.get_models():
        text_fields = [
            f.name for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and f.name not in {"password", "session_data", "session_key", "cache_key", "value"}
        ]
        if not text_fields:
            continue
        for row in model.objects.values_list(*text_fields):
            found += [value for value in row if value and PLACEHOLDERS.search(value)]

    assert found == []
