"""Reads of the base: the site's texts."""

from django.shortcuts import get_object_or_404

from chemster.lib.cache import cached
from chemster.lib.i18n import localized
from chemster.models import SiteText

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
            "links": [
                (text.key, localized(text, "title"))
                for text in texts.values()
            ],
        }

    return cached(FOOTER_CACHE_KEY, build)
