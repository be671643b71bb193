"""Every model with personal fields is in the personal-data registry."""

import re

from django.apps import apps
from django.db import models

from chemster.lib.personal_data import registered

PERSONAL_NAME = re.compile(r"(^|_)(email|e_mail|name|phone|ip|ip_address)$")

# Fields whose names look personal but are not about a person.
NOT_PERSONAL = {
    ("auth", "group", "name"),
    ("auth", "permission", "name"),
    ("mfa", "authenticator", "type"),
    # An organisation outside the cluster, not a person.
    ("projects", "externalpartner", "name"),
    # An uploaded file's name, a place's name.
    ("projects", "projectdocument", "original_name"),
    ("events", "event", "venue_name"),
    ("strategy", "clusterfacts", "seat_name"),
}


def _personal_fields(model):
    for field in model._meta.concrete_fields:
        key = (model._meta.app_label, model._meta.model_name, field.name)
        if key in NOT_PERSONAL:
            continue
        if isinstance(
            field, (models.EmailField, models.GenericIPAddressField)
        ) or PERSONAL_NAME.search(field.name):
            yield field.name


def test_every_model_with_personal_fields_is_registered():
    unregistered = sorted(
        f"{model._meta.label} ({', '.join(fields)})"
        for model in apps.get_models()
        if (fields := list(_personal_fields(model))) and model not in registered()
    )

    assert unregistered == []


def test_registered_fields_exist_on_their_models():
    for model, rule in registered().items():
        names = {f.name for f in model._meta.get_fields()}
        assert set(rule.fields) <= names, model._meta.label
        assert rule.erasure in ("delete", "anonymise")
