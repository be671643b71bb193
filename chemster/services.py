"""Writes of the base: the site's texts."""

from django.db import transaction

from chemster.lib.cache import invalidate
from chemster.models import SiteText
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
