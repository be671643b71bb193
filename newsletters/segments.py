"""Campaign audiences: segments that the apps register with ``newsletters``.

``newsletters`` imports no domain app (DESIGN.md); each app registers its
segments in its ``AppConfig.ready()`` (``members/segments.py``,
``projects/segments.py``, ``events/segments.py``). A segment yields
``(email, language, is_member_contact)`` for its parameters; the campaign's
audience is the union of its segments, filtered by the consent rule
(``newsletters.campaigns.audience``).

A campaign stores its segments as ``[{"code": ..., "params": {...}}]``;
``clean_segments`` checks such a list against the registry, and each
``Param`` tells the composer form which field to build.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsletters.models import Consent

Address = tuple[str, str, bool]  # (email, language, is_member_contact)


@dataclass(frozen=True)
class Param:
    """One choice a segment takes: a field of the composer form.

    ``kind`` is ``"choice"`` (one value) or ``"multiple"`` (a non-empty list
    of values). ``choices`` is called when the form is built, so that new
    projects or events show up; values are strings (the segment converts).
    """

    name: str
    label: str
    kind: str
    choices: Callable[[], Iterable[tuple[str, str]]]

    def __post_init__(self):
        if self.kind not in ("choice", "multiple"):
            raise ValueError(f"Unknown segment parameter kind: {self.kind!r}")

    def choice_list(self) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in self.choices()]


@dataclass(frozen=True)
class Segment:
    code: str
    label: str
    addresses: Callable[[dict], Iterable[Address]]
    params: tuple[Param, ...] = field(default_factory=tuple)

    def describe(self, params: Mapping) -> str:
        """The segment with its chosen values, for the composer and the campaign page."""
        if not self.params:
            return str(self.label)
        parts = []
        for param in self.params:
            labels = dict(param.choice_list())
            value = params.get(param.name)
            values = value if isinstance(value, list) else [value]
            parts.append(", ".join(labels.get(str(item), str(item)) for item in values))
        return f"{self.label}: {'; '.join(parts)}"


_REGISTRY: dict[str, Segment] = {}


def register(
    code: str,
    *,
    label: str,
    addresses: Callable[[dict], Iterable[Address]],
    params: Iterable[Param] | None = None,
) -> Segment:
    """Register a segment; registering a code again replaces it (reloads in tests)."""
    segment = Segment(code=code, label=label, addresses=addresses, params=tuple(params or ()))
    _REGISTRY[code] = segment
    return segment


# Whether an address is a contact of an active member firm: members answers
# (``register_member_contacts``), since newsletters imports no domain app.
_member_contact_check: Callable[[str], bool] | None = None


def register_member_contacts(check: Callable[[str], bool]) -> None:
    """Register the function that says whether an address is a member contact."""
    global _member_contact_check
    _member_contact_check = check


def is_member_contact(email: str) -> bool:
    """Whether ``email`` is a contact of an active member firm (one query)."""
    return bool(_member_contact_check and _member_contact_check(email.strip()))


def available() -> list[Segment]:
    """Every registered segment, in registration order."""
    return list(_REGISTRY.values())


def get(code: str) -> Segment:
    """The segment registered as ``code``; raises ``KeyError`` for an unknown one."""
    return _REGISTRY[code]


def clean_segments(segments) -> list[dict]:
    """Check a campaign's segment list and return it normalised.

    Each item needs a registered ``code`` and a value for each of its
    parameters among the offered choices; duplicates are dropped. Raises
    ``ValidationError`` with a translatable message.
    """
    if not isinstance(segments, list | tuple):
        raise ValidationError(_("Choose the audience segments."), code="invalid")
    cleaned: list[dict] = []
    for item in segments:
        if not isinstance(item, Mapping) or item.get("code") not in _REGISTRY:
            raise ValidationError(_("Unknown audience segment."), code="invalid")
        segment = _REGISTRY[item["code"]]
        given = item.get("params") or {}
        if not isinstance(given, Mapping):
            raise ValidationError(_("Unknown audience segment."), code="invalid")
        params = {}
        for param in segment.params:
            allowed = {value for value, _label in param.choice_list()}
            value = given.get(param.name)
            if param.kind == "multiple":
                values = value if isinstance(value, list | tuple) else [value]
                values = sorted({str(v) for v in values if v not in (None, "")})
                if not values or not set(values) <= allowed:
                    raise ValidationError(
                        _("Choose valid values for “%(segment)s”.") % {"segment": segment.label},
                        code="invalid",
                    )
                params[param.name] = values
            else:
                if value in (None, "") or str(value) not in allowed:
                    raise ValidationError(
                        _("Choose a valid value for “%(segment)s”.") % {"segment": segment.label},
                        code="invalid",
                    )
                params[param.name] = str(value)
        entry = {"code": segment.code, "params": params}
        if entry not in cleaned:
            cleaned.append(entry)
    return cleaned


def describe_segments(segments) -> list[str]:
    """Human-readable labels of a campaign's segments (unknown codes shown as such)."""
    labels = []
    for item in segments or ():
        segment = _REGISTRY.get(item.get("code"))
        if segment is None:
            labels.append(str(item.get("code")))
        else:
            labels.append(segment.describe(item.get("params") or {}))
    return labels


# --- The segment of newsletters itself ---------------------------------------


def _subscribers(params: dict) -> Iterable[Address]:
    # Public subscribers: confirmed, live newsletter consents. Whether each
    # may receive (e.g. an opt-out since) is decided by the audience.
    return (
        (email, language, False)
        for email, language in Consent.objects.active()
        .filter(purpose=Consent.Purpose.NEWSLETTER)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", "language")
    )


register(
    "newsletters.subscribers",
    label=_("Newsletter subscribers"),
    addresses=_subscribers,
)
