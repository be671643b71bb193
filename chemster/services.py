"""Writes of the base: the site's texts and the audit log."""

import json
import re

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from chemster.lib.cache import invalidate
from chemster.models import AuditEntry, SiteText
from chemster.selectors import FOOTER_CACHE_KEY

SITE_TEXT_FIELDS = (
    "title_pl",
    "title_en",
    "summary_pl",
    "summary_en",
    "body_pl",
    "body_en",
)


def update_site_text(*, text: SiteText, fields: dict) -> SiteText:
    """Save new values of a site text and drop the cached footer.

    ``fields`` maps names of ``SITE_TEXT_FIELDS`` to their new values; other
    keys are refused.
    """
    unknown = set(fields) - set(SITE_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a site text: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(text, name, value)
    with transaction.atomic():
        text.save(update_fields=[*fields, "updated_at"])
        transaction.on_commit(lambda: invalidate(FOOTER_CACHE_KEY), robust=True)
    return text


def log_action(actor, obj, code: str, changes: dict | None = None) -> AuditEntry:
    """Record that ``actor`` did ``code`` to ``obj``, in the caller's transaction.

    ``actor`` is a user or ``None`` (the system, a task, an anonymous
    visitor). ``changes`` maps field names to ``[old, new]`` pairs (or any
    JSON-serialisable detail); values that are not JSON types are stored as
    their ``str()``.
    """
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_email=actor.email if authenticated else "",
        # get_for_models (a filter, cached per process) rather than
        # get_for_model: services log several kinds of object in a row.
        content_type=ContentType.objects.get_for_models(obj._meta.model, for_concrete_models=False)[
            obj._meta.model
        ],
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        code=code,
        changes=json.loads(json.dumps(changes or {}, default=str)),
    )


REDACTED = "[redacted]"


def audit_entries_about(email: str):
    """Entries by that person or naming their address in the stored values."""
    return AuditEntry.objects.filter(
        Q(actor_email__iexact=email) | Q(object_repr__icontains=email) | Q(changes__icontains=email)
    )


def redact_audit_entries(entries, email: str) -> None:
    """Replace the address (any case) wherever an entry stores it."""
    pattern = re.compile(re.escape(email), re.IGNORECASE)
    for entry in entries:
        entry.actor_email = "" if entry.actor_email.lower() == email.lower() else entry.actor_email
        entry.object_repr = pattern.sub(REDACTED, entry.object_repr)
        entry.changes = json.loads(pattern.sub(REDACTED, json.dumps(entry.changes)))
        entry.save(update_fields=["actor_email", "object_repr", "changes"])


def redact_audit_entries_of(model, addresses: dict) -> None:
    """Redact, in the entries about each object of ``model``, that object's
    address: ``addresses`` maps primary keys to the address to remove (the
    retention purges, which erase rows one by one, not people)."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id__in=[str(pk) for pk in addresses],
    )
    by_object: dict[str, list[AuditEntry]] = {}
    for entry in entries:
        by_object.setdefault(entry.object_id, []).append(entry)
    for pk, email in addresses.items():
        if email:
            redact_audit_entries(by_object.get(str(pk), []), email)
