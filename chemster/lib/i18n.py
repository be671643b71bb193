"""Bilingual fields: ``<name>_pl`` and ``<name>_en`` on one model.

English falls back to Polish; the result says which language it is in, so a
template can mark a Polish fallback on an English page with ``lang="pl"``.
"""

from typing import NamedTuple

from django.utils import translation


class Localized(NamedTuple):
    text: str
    lang: str

    def __str__(self):
        return self.text


def localized(obj, name: str, language: str | None = None) -> Localized:
    language = language or translation.get_language() or "pl"
    if language.startswith("en"):
        english = getattr(obj, f"{name}_en", "")
        if english:
            return Localized(english, "en")
    return Localized(getattr(obj, f"{name}_pl", ""), "pl")
