"""Models of the base: the site's own texts, editable by the coordinator.

(The audit log joins them here with the next foundation issue.)
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SiteText(models.Model):
    """A page of the site's own text in Polish and English (Markdown)."""

    class Key(models.TextChoices):
        CONTACT = "contact", _("Contact")
        PRIVACY = "privacy", _("Privacy notice")
        COOKIES = "cookies", _("Cookie statement")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    key = models.CharField(_("page"), max_length=20, choices=Key.choices, unique=True)
    title_pl = models.CharField(_("title (Polish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_pl = models.TextField(
        _("summary (Polish)"),
        blank=True,
        help_text=_("A few lines; the contact summary is shown in every page's footer."),
    )
    summary_en = models.TextField(_("summary (English)"), blank=True)
    body_pl = models.TextField(_("text (Polish, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("site text")
        verbose_name_plural = _("site texts")
        ordering = ["key"]

    def __str__(self):
        return self.get_key_display()

    def get_absolute_url(self):
        return reverse(self.key)
