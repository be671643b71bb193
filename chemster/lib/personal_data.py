"""The registry of models that hold personal data.

Every model with personal fields (e-mail, name, phone, IP address) is
registered here from its app's ``AppConfig.ready()``, saying how a person's
data in it is exported and how it is erased or anonymised. A test fails for
any model with such fields that is not registered; the export and erasure
screens use the registry.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

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

    def export(self, email: str) -> list[dict]:
        return list(self.rows_for(email).values("pk", *self.fields))

    def erase(self, email: str) -> int:
        rows = self.rows_for(email)
        if self.erasure == "delete":
            return rows.delete()[0]
        count = rows.count()
        self.anonymise(rows, email)
        return count


_registry: dict[type[models.Model], PersonalData] = {}


def register(
    model: type[models.Model],
    *,
    fields: Iterable[str],
    rows_for: Callable[[str], models.QuerySet],
    erasure: str,
    anonymise: Callable[[models.QuerySet, str], None] | None = None,
) -> None:
    if erasure not in ("delete", "anonymise"):
        raise ValueError("erasure is 'delete' or 'anonymise'")
    if erasure == "anonymise" and anonymise is None:
        raise ValueError("an 'anonymise' erasure needs an anonymise function")
    _registry[model] = PersonalData(model, tuple(fields), rows_for, erasure, anonymise)


def registered() -> dict[type[models.Model], PersonalData]:
    return dict(_registry)
