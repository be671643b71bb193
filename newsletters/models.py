import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    POLISH = "pl", _("Polish")
    ENGLISH = "en", _("English")


def address_digest(email: str) -> str:
    """The SHA-256 hex digest of an address, lower-cased and stripped.

    Opt-outs are found by this digest, so that an erased opt-out still
    suppresses mail to its address without keeping the address.
    """
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class OutboundMessage(models.Model):
    """One mail in the outbox; every mail the portal sends is a row here."""

    class Category(models.TextChoices):
        SERVICE = "service", _("service")
        NOTIFICATION = "notification", _("notification")
        CAMPAIGN = "campaign", _("campaign")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.EmailField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # [{"filename": ..., "content_type": ..., "content": <base64>}, ...]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Extra headers such as List-Unsubscribe: {"Name": "value"}.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=255)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Set on campaign mail only: progress and failed deliveries of a campaign
    # are read by this key (a LIKE on dedupe_key could not use its index).
    campaign = models.ForeignKey(
        "newsletters.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        db_index=False,
    )

    class Meta:
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # queue_mail inserts with ON CONFLICT DO NOTHING on this key.
            models.UniqueConstraint(
                fields=["dedupe_key"], name="newsletters_outboundmessage_dedupe_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sending", "sent", "failed"]),
                name="newsletters_outboundmessage_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(category__in=["service", "notification", "campaign"]),
                name="newsletters_outboundmessage_category_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="sending") | Q(claimed_at__isnull=False),
                name="newsletters_outboundmessage_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="newsletters_outboundmessage_sent_has_sent_at",
            ),
        ]
        indexes = [
            # claim_pending_mail: WHERE state = 'pending' AND next_attempt_at
            # <= now ORDER BY next_attempt_at, id ... FOR UPDATE SKIP LOCKED.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(state="pending"),
                name="newsletters_outbox_due_idx",
            ),
            # sweep_outbox (stale claims) and the rate limit (rows in flight):
            # WHERE state = 'sending' [AND claimed_at < ...].
            models.Index(
                fields=["claimed_at"],
                condition=Q(state="sending"),
                name="newsletters_outbox_claimed_idx",
            ),
            # The rate limit: WHERE state = 'sent' AND sent_at >= now - 1 min.
            models.Index(
                fields=["sent_at"],
                condition=Q(state="sent"),
                name="newsletters_outbox_sent_idx",
            ),
            # The personal-data registry: rows_for(email), case-insensitive.
            models.Index(Lower("recipient"), name="newsletters_outbox_recip_idx"),
            # campaign_progress: WHERE campaign_id = ... GROUP BY state.
            models.Index(
                fields=["campaign", "state"],
                condition=Q(campaign__isnull=False),
                name="newsletters_outbox_camp_idx",
            ),
        ]

    def __str__(self):
        # No address here: the audit log copies this text.
        return f"mail #{self.pk} ({self.category})"

    @property
    def message_id(self) -> str:
        """The Message-ID header, the same on every attempt to send this row."""
        digest = hashlib.sha256(self.dedupe_key.encode()).hexdigest()[:16]
        return f"<outbox.{self.pk}.{digest}@{settings.MAIL_MESSAGE_ID_DOMAIN}>"


class ConsentText(models.Model):
    """A version of a consent's wording, kept as the person saw it."""

    purpose = models.CharField(_("purpose"), max_length=20)
    version = models.CharField(_("version"), max_length=40)
    text = models.TextField(_("text"))
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version"], name="newsletters_consenttext_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.purpose} {self.version}"


class ConsentQuerySet(models.QuerySet):
    def live(self):
        """Consents not withdrawn (confirmed or still awaiting confirmation)."""
        return self.filter(withdrawn_at__isnull=True)

    def active(self):
        """Confirmed consents that were not withdrawn."""
        return self.live().filter(confirmed_at__isnull=False)


class Consent(models.Model):
    """A person's consent to one purpose, confirmed by double opt-in."""

    class Purpose(models.TextChoices):
        NEWSLETTER = "newsletter", _("newsletter")

    class Method(models.TextChoices):
        FORM = "form", _("web form")
        IMPORT = "import", _("imported with its proof")

    # Lower-cased; empty once the person's data was erased.
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.ForeignKey(
        ConsentText,
        verbose_name=_("text consented to"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    method = models.CharField(_("how it was given"), max_length=10, choices=Method.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        constraints = [
            # One live consent per address and purpose; may_receive and
            # request_consent look it up by (email, purpose).
            models.UniqueConstraint(
                fields=["email", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="newsletters_consent_one_live",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="newsletters_consent_email_lower_case",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(confirmed_at__gte=models.F("given_at")),
                name="newsletters_consent_confirmed_after_given",
            ),
        ]

    def __str__(self):
        # No address here: the audit log copies this text.
        return f"{self.purpose} consent #{self.pk}"


class OptOut(models.Model):
    """An address that gets no campaign mail at all.

    Looked up by ``email_sha256``; erasure blanks ``email`` and keeps the
    digest, so the suppression outlives the person's data.
    """

    class Source(models.TextChoices):
        LINK = "link", _("unsubscribe page")
        ONE_CLICK = "one-click", _("one-click unsubscribe (RFC 8058)")
        COORDINATOR = "coordinator", _("recorded by the coordinator")
        ACCOUNT = "account", _("the person's account page")
        COMPLAINT = "complaint", _("complaint or bounce")

    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    email_sha256 = models.CharField(_("SHA-256 of the address"), max_length=64)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")
        ordering = ["-created_at"]
        constraints = [
            # may_receive and the sender look opt-outs up by this digest.
            models.UniqueConstraint(
                fields=["email_sha256"], name="newsletters_optout_address_unique"
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="newsletters_optout_email_lower_case",
            ),
        ]

    def __str__(self):
        return f"opt-out #{self.pk}"


class Campaign(models.Model):
    """A newsletter written by the coordinator and sent to an audience.

    ``segments`` is a list of ``{"code": ..., "params": {...}}`` naming
    segments registered in ``newsletters.segments``; the audience is their
    union, each address once, filtered by ``may_receive``.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    # The only moves between states; services refuse every other one.
    # A scheduled campaign may go back to draft to be edited.
    TRANSITIONS = {
        State.DRAFT: (State.SCHEDULED, State.SENDING),
        State.SCHEDULED: (State.DRAFT, State.SENDING, State.CANCELLED),
        State.SENDING: (State.SENT,),
        State.SENT: (),
        State.CANCELLED: (),
    }
    EDITABLE_STATES = (State.DRAFT,)

    slug = models.SlugField(_("address in the archive"), max_length=80, db_index=False)
    subject_pl = models.CharField(_("subject (Polish)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_pl = models.TextField(_("body (Polish, Markdown)"))
    body_en = models.TextField(_("body (English, Markdown)"), blank=True)
    # [{"code": "members.active", "params": {...}}, ...]
    segments = models.JSONField(_("audience segments"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    is_public = models.BooleanField(_("in the public archive"), default=False)
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    # When every outbox row of the campaign was written; until then the
    # scheduled task resumes writing them.
    written_at = models.DateTimeField(_("mail written"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)
    test_sent_at = models.DateTimeField(_("test sent"), null=True, blank=True)
    # Snapshot of the audience when the rows were written.
    recipient_count = models.PositiveIntegerField(_("recipients"), null=True, blank=True)
    no_consent_count = models.PositiveIntegerField(
        _("left out for lack of consent"), null=True, blank=True
    )
    opted_out_count = models.PositiveIntegerField(_("left out as opted out"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The beat task and the dashboard: scheduled and sending campaigns.
            models.Index(fields=["state", "scheduled_at"], name="newsletters_campaign_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="newsletters_campaign_slug_unique"),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "scheduled", "sending", "sent", "cancelled"]),
                name="newsletters_campaign_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="scheduled") | Q(scheduled_at__isnull=False),
                name="newsletters_campaign_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["sending", "sent"]) | Q(started_at__isnull=False),
                name="newsletters_campaign_started_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(finished_at__isnull=False),
                name="newsletters_campaign_sent_has_time",
            ),
        ]

    def __str__(self):
        return self.subject_pl

    def can_move_to(self, state) -> bool:
        return state in self.TRANSITIONS[self.state]

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def languages(self) -> list[str]:
        """The languages the campaign is written in, Polish first.

        English counts once it has a body; a blank English subject falls
        back to the Polish one.
        """
        if self.body_en.strip():
            return [Language.POLISH, Language.ENGLISH]
        return [Language.POLISH]
