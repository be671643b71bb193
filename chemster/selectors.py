"""Reads of the base: the site's texts and the audit log."""

from datetime import datetime, time

from django.shortcuts import get_object_or_404
from django.utils import timezone

from chemster.lib.cache import cached
from chemster.lib.i18n import localized
from chemster.models import AuditEntry, SiteText

FOOTER_CACHE_KEY = "site:footer"


def site_text(key: str) -> SiteText:
    return get_object_or_404(SiteText, key=key)


def footer() -> dict:
    """The footer's contact summary and the titles of the statement pages.

    Cached per language; ``update_site_text`` invalidates it.
    """

    def build():
        texts = {text.key: text for text in SiteText.objects.all()}
        contact = texts.get(SiteText.Key.CONTACT)
        return {
            "contact": localized(contact, "summary") if contact else None,
            "links": [(text.key, localized(text, "title")) for text in texts.values()],
        }

    return cached(FOOTER_CACHE_KEY, build)


def audit_entries(*, who="", kind=None, code="", since=None, until=None):
    """Audit entries, newest first, filtered as the coordinator's page asks.

    Dates are whole days in the portal's time zone, both ends included.
    """
    entries = AuditEntry.objects.select_related("content_type", "actor")
    if who:
        entries = entries.filter(actor_email__icontains=who)
    if kind is not None:
        entries = entries.filter(content_type=kind)
    if code:
        entries = entries.filter(code=code)
    zone = timezone.get_current_timezone()
    if since:
        entries = entries.filter(created_at__gte=datetime.combine(since, time.min, zone))
    if until:
        entries = entries.filter(created_at__lte=datetime.combine(until, time.max, zone))
    return entries
