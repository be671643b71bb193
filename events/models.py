from datetime import timedelta

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Firm, User


class Event(models.Model):
    """An event of the cluster: integration meeting, information session, …"""

    class Kind(models.TextChoices):
        INTEGRATION = "integration", _("Integration meeting")
        INFO_SESSION = "info", _("Information session for prospective members")
        WORKSHOP = "workshop", _("Workshop or training")
        CONFERENCE = "conference", _("Conference")
        TRADE_MISSION = "mission", _("Trade mission")
        WEBINAR = "webinar", _("Webinar")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("address on the portal"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=11, choices=Kind.choices)
    audience = models.CharField(
        _("audience"), max_length=7, choices=Audience.choices, default=Audience.PUBLIC
    )
    state = models.CharField(_("state"), max_length=9, choices=State.choices, default=State.DRAFT)
    title_pl = models.CharField(_("title (Polish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_pl = models.TextField(_("description (Polish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Stored in UTC; shown and entered in Europe/Warsaw (TIME_ZONE).
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    # Shown to registered people only.
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty for unlimited seats.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    reminder_lead = models.DurationField(
        _("reminder before the start"), default=timedelta(hours=24)
    )
    # Raised on every change, for the SEQUENCE of the event's .ics.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [
            # The calendar (upcoming, by start) and the archive (past, newest first).
            models.Index(fields=["state", "starts_at"], name="events_event_calendar"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="events_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="events_event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="events_event_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(state="cancelled", cancelled_at__isnull=False)
                | (~models.Q(state="cancelled") & models.Q(cancelled_at__isnull=True)),
                name="events_event_cancelled_at",
            ),
        ]

    def __str__(self):
        return self.title_pl

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})


class Registration(models.Model):
    """A person's place at an event: a member's, a colleague's or a guest's."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting e-mail confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    # States that hold a place or a claim to one: one per event and address.
    LIVE_STATES = (State.PENDING, State.CONFIRMED, State.WAITLISTED, State.ATTENDED)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    # A member (user set) or a guest (user empty).
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    firm = models.ForeignKey(
        Firm,
        verbose_name=_("firm"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=User.Language.choices, default=User.Language.POLISH
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    # 1 is next in line; renumbered under the event's lock when the line moves.
    waitlist_position = models.PositiveIntegerField(
        _("place on the waitlist"), null=True, blank=True
    )
    registered_by = models.ForeignKey(
        User,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    # The information clause shown to a guest (events.content); members'
    # registrations leave these empty.
    clause_version = models.CharField(_("information clause version"), max_length=20, blank=True)
    clause_sha256 = models.CharField(_("SHA-256 of the clause"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [
            # A user's own registrations (account page, API).
            models.Index(fields=["user", "state"], name="events_registration_user"),
        ]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=models.Q(state__in=["pending", "confirmed", "waitlisted", "attended"]),
                name="events_registration_one_live_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                name="events_registration_one_per_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=models.Q(state="waitlisted", waitlist_position__gte=1)
                | (~models.Q(state="waitlisted") & models.Q(waitlist_position__isnull=True)),
                name="events_registration_position_on_waitlist",
            ),
        ]

    def __str__(self):
        return f"{self.name} – {self.event} ({self.get_state_display()})"


class CalendarFeed(models.Model):
    """A member's private calendar feed: a secret, revocable URL."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # Looked up by the SHA-256 of the secret in the URL; the secret itself is
    # shown once when the feed is made.
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")

    def __str__(self):
        return str(self.user)
