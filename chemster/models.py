"""Models of the base: the site's own texts and the audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
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


class AuditEntry(models.Model):
    """Who did what to which object, with the old and new values.

    Written only through ``chemster.services.log_action``. The actor's e-mail
    is copied so that the entry still says who acted after the account is
    gone; the stored values are personal data and are redacted on erasure.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_email = models.EmailField(_("who (e-mail)"), blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object kind"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("object"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    target = GenericForeignKey("content_type", "object_id")
    code = models.CharField(_("action"), max_length=100)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The history of one object (object pages, erasure).
            models.Index(fields=["content_type", "object_id"], name="chemster_audit_object"),
            # The audit page filtered by action code, newest first.
            models.Index(fields=["code", "-created_at"], name="chemster_audit_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.object_repr}"
