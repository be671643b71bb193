"""The registry of models that hold personal data.

Every model with personal fields (e-mail, name, phone, IP address) is
registered here from its app's ``AppConfig.ready()``, saying how a person's
data in it is exported and how it is erased or anonymised. A test fails for
any model with such fields that is not registered; the export and erasure
screens use the registry.

A model may also say which consents and information clauses its rows
record (``records``), for the coordinator's consent records page.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import models


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    # The fields that hold personal data.
    fields: tuple[str, ...]
    # rows_for(email) -> queryset of this model's rows about that person.
    rows_for: Callable[[str], models.QuerySet]
    # What erasure does: "delete" the rows or "anonymise" the fields.
    erasure: str
    # anonymise(queryset, email) overwrites the personal fields (for
    # "anonymise").
    anonymise: Callable[[models.QuerySet, str], None] | None = None
    # records(email) -> [ConsentRecord, ...]: the consents given and the
    # information clauses shown that this model's rows record.
    records: Callable[[str], list["ConsentRecord"]] | None = None

    def export(self, email: str) -> list[dict]:
        return list(self.rows_for(email).values("pk", *self.fields))

    def erase(self, email: str) -> int:
        rows = self.rows_for(email)
        if self.erasure == "delete":
            return rows.delete()[0]
        count = rows.count()
        self.anonymise(rows, email)
        return count


@dataclass(frozen=True)
class ConsentRecord:
    """One consent given or one information clause shown to a person."""

    # "consent", "opt-out" or "clause".
    kind: str
    # What it was about, in the active language ("Newsletter", "Membership
    # application", "Registration: <event>").
    subject: str
    version: str
    sha256: str
    # When it was given or shown.
    at: datetime
    language: str = ""
    # How it was given (web form, import, unsubscribe link, ...).
    method: str = ""
    confirmed_at: datetime | None = None
    withdrawn_at: datetime | None = None
    # The wording, when the portal keeps it.
    text: str = ""


_registry: dict[type[models.Model], PersonalData] = {}


def register(
    model: type[models.Model],
    *,
    fields: Iterable[str],
    rows_for: Callable[[str], models.QuerySet],
    erasure: str,
    anonymise: Callable[[models.QuerySet, str], None] | None = None,
    records: Callable[[str], list[ConsentRecord]] | None = None,
) -> None:
    if erasure not in ("delete", "anonymise"):
        raise ValueError("erasure is 'delete' or 'anonymise'")
    if erasure == "anonymise" and anonymise is None:
        raise ValueError("an 'anonymise' erasure needs an anonymise function")
    _registry[model] = PersonalData(model, tuple(fields), rows_for, erasure, anonymise, records)


def registered() -> dict[type[models.Model], PersonalData]:
    return dict(_registry)


def _in_label_order(rules):
    return sorted(rules, key=lambda rule: rule.model._meta.label_lower)


def export_all(email: str) -> dict[str, list[dict]]:
    """Every registered model's rows about ``email``, keyed by
    ``app_label.model``: one query per model, whatever the number of rows."""
    return {
        rule.model._meta.label_lower: rule.export(email)
        for rule in _in_label_order(_registry.values())
    }


def erase_all(email: str) -> dict[str, int]:
    """Erase or anonymise every registered model's rows about ``email``.

    Deletions run before anonymisations: some rules find their rows through
    the account (``user__email``), which anonymising the account changes.
    Returns the number of rows touched per ``app_label.model``. Run it in the
    caller's transaction.
    """
    rules = sorted(_in_label_order(_registry.values()), key=lambda r: r.erasure != "delete")
    return {rule.model._meta.label_lower: rule.erase(email) for rule in rules}


def consent_records(email: str) -> list[ConsentRecord]:
    """The consents and information clauses recorded about ``email``, oldest
    first."""
    found = []
    for rule in _in_label_order(_registry.values()):
        if rule.records is not None:
            found.extend(rule.records(email))
    return sorted(found, key=lambda record: record.at)
