"""Writes of the events app: events, registrations, the waitlist, check-in.

Seats and waitlist positions are decided under a row lock on the event
(``_locked``): every service that adds, cancels or promotes a registration
locks the event first, so concurrent requests queue up and counts stay
exact. The partial unique constraint on (event, lower(email)) backs up the
duplicate check.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chemster.lib.i18n import localized
from chemster.services import log_action
from events.content import GUEST_CLAUSE_VERSION, clause_sha256, guest_clause
from events.models import Event, Registration
from members.models import Firm, FirmRole, User
from members.permissions import is_coordinator, sees_members_content
from newsletters.models import OutboundMessage
from newsletters.services import queue_mail

# Signed guest links: confirming expires, cancelling works until the event.
GUEST_SALT = "events.guest"
GUEST_CONFIRM_MAX_AGE = timedelta(hours=48)

# What create_event and update_event accept.
EVENT_FIELDS = (
    "kind",
    "audience",
    "title_pl",
    "title_en",
    "description_pl",
    "description_en",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "reminder_lead",
)

SEATED_STATES = (Registration.State.CONFIRMED, Registration.State.ATTENDED)
# Live states a person can still cancel (attending is history).
CANCELLABLE_STATES = (
    Registration.State.PENDING,
    Registration.State.CONFIRMED,
    Registration.State.WAITLISTED,
)


# --- Helpers ---------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return _absolute(reverse(name, kwargs=kwargs))


def _locked(event: Event) -> Event:
    """The event's row, locked until the transaction ends."""
    return Event.objects.select_for_update().get(pk=event.pk)


def guest_token(*, registration: Registration, action: str) -> str:
    """A signed token for a guest's ``confirm`` or ``cancel`` link."""
    return signing.dumps(
        {"r": registration.pk, "a": action, "e": registration.email.lower()}, salt=GUEST_SALT
    )


def guest_link(*, registration: Registration, action: str) -> str:
    name = "events:guest-confirm" if action == "confirm" else "events:guest-cancel"
    token = guest_token(registration=registration, action=action)
    return _url(name, registration.language, token=token)


def registration_for_token(*, token: str, action: str) -> Registration:
    """The registration a guest link names; ``ValidationError`` when the
    link is not valid, has expired, or its registration is gone."""
    max_age = GUEST_CONFIRM_MAX_AGE if action == "confirm" else None
    try:
        payload = signing.loads(token, salt=GUEST_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This confirmation link has expired. Register again to get a new one."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid."), code="invalid") from None
    invalid = ValidationError(_("This link is not valid."), code="invalid")
    if not isinstance(payload, dict) or payload.get("a") != action:
        raise invalid
    registration = (
        Registration.objects.select_related("event")
        .filter(pk=payload.get("r"), user__isnull=True)
        .first()
    )
    if registration is None or registration.email.lower() != payload.get("e"):
        raise invalid
    return registration


def _mail(registration: Registration, template: str, key: str, **context) -> None:
    """Mail the registered person in their language (inside the caller's
    transaction); guests' mails carry their cancel link."""
    event = registration.event
    language = registration.language
    cancel_link = ""
    if registration.user_id is None and template != "events/cancelled":
        cancel_link = guest_link(registration=registration, action="cancel")
    queue_mail(
        to=registration.email,
        language=language,
        template=template,
        context={
            "name": registration.name,
            "event_title": localized(event, "title", language).text,
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "venue_name": event.venue_name,
            "venue_address": event.venue_address,
            "online_url": event.online_url,
            "event_link": _url("events:detail", language, slug=event.slug),
            "cancel_link": cancel_link,
            "position": registration.waitlist_position,
            **context,
        },
        category=OutboundMessage.Category.SERVICE,
        dedupe_key=f"{key}:{event.pk}:{registration.pk}",
    )


def _check_event_fields(fields: dict) -> None:
    """What the database constraints require, as clear messages."""
    errors = {}
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The event must end after it starts.")
    capacity = fields.get("capacity")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("Give at least one seat, or leave it empty for unlimited seats.")
    opens, closes = fields.get("registration_opens_at"), fields.get("registration_closes_at")
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    if errors:
        raise ValidationError(errors)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "wydarzenie"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _seats_taken(event: Event) -> int:
    return event.registrations.filter(state__in=SEATED_STATES).count()


def _has_free_seat(event: Event) -> bool:
    return event.capacity is None or _seats_taken(event) < event.capacity


def _renumber_waitlist(event: Event) -> None:
    """Close gaps: positions become 1..n in their current order.

    The unique (event, position) constraint is deferred, so rows may pass
    through each other's numbers inside the transaction.
    """
    waiting = event.registrations.filter(state=Registration.State.WAITLISTED).order_by(
        "waitlist_position", "id"
    )
    for number, registration in enumerate(waiting, start=1):
        if registration.waitlist_position != number:
            registration.waitlist_position = number
            registration.save(update_fields=["waitlist_position"])


def _promote_from_waitlist(*, actor, event: Event) -> list[Registration]:
    """Give free seats to the first on the waitlist, mail them, renumber.

    The caller holds the event's lock.
    """
    promoted = []
    while _has_free_seat(event):
        first = (
            event.registrations.filter(state=Registration.State.WAITLISTED)
            .order_by("waitlist_position", "id")
            .first()
        )
        if first is None:
            break
        first.state = Registration.State.CONFIRMED
        first.waitlist_position = None
        first.confirmed_at = timezone.now()
        first.save(update_fields=["state", "waitlist_position", "confirmed_at"])
        first.event = event
        log_action(actor, first, "events.registration.promoted", {"email": first.email})
        _mail(first, "events/promoted", "registration-promoted")
        promoted.append(first)
    if promoted:
        _renumber_waitlist(event)
    return promoted


def _seat_or_waitlist(*, actor, event: Event, registration: Registration) -> Registration:
    """Confirm ``registration`` if a seat is free, else put it at the end of
    the waitlist; audit and mail either way. The caller holds the lock."""
    if _has_free_seat(event):
        registration.state = Registration.State.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = timezone.now()
        code, template = "events.registration.confirmed", "events/confirmed"
    else:
        last = event.registrations.filter(state=Registration.State.WAITLISTED).aggregate(
            last=Max("waitlist_position")
        )["last"]
        registration.state = Registration.State.WAITLISTED
        registration.waitlist_position = (last or 0) + 1
        code, template = "events.registration.waitlisted", "events/waitlisted"
    registration.save(update_fields=["state", "waitlist_position", "confirmed_at"])
    registration.event = event
    changes = {"email": registration.email, "state": registration.state}
    if registration.waitlist_position:
        changes["waitlist_position"] = registration.waitlist_position
    log_action(actor, registration, code, changes)
    _mail(registration, template, f"registration-{registration.state}")
    return registration


def registration_closes_at(event: Event):
    """When registration closes: the set time, or the start."""
    return event.registration_closes_at or event.starts_at


def registration_refusal(event: Event) -> str | None:
    """Why nobody can register for ``event`` now, or ``None`` when they can."""
    now = timezone.now()
    if event.state == Event.State.CANCELLED:
        return _("The event is cancelled.")
    if event.state != Event.State.PUBLISHED:
        return _("The event is not published.")
    if event.starts_at <= now:
        return _("The event has already taken place.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration has not opened yet.")
    if now >= registration_closes_at(event):
        return _("Registration is closed.")
    return None


def _refuse_unless_open(event: Event) -> None:
    reason = registration_refusal(event)
    if reason:
        raise ValidationError(reason, code="closed")


def _already_registered(email: str) -> ValidationError:
    return ValidationError(
        _("%(email)s is already registered for this event.") % {"email": email},
        code="duplicate",
    )


def _insert_registration(*, event: Event, **fields) -> Registration:
    """Create a live registration; a duplicate address is a clear error.

    The lock makes the check exact; the constraint catches what slips past
    (a savepoint keeps the outer transaction usable).
    """
    email = fields["email"]
    if event.registrations.filter(email__iexact=email, state__in=Registration.LIVE_STATES).exists():
        raise _already_registered(email)
    try:
        with transaction.atomic():
            return Registration.objects.create(event=event, **fields)
    except IntegrityError:
        raise _already_registered(email) from None


# --- Events ----------------------------------------------------------------


def create_event(*, actor: User | None, **fields) -> Event:
    """Create a draft event from ``EVENT_FIELDS``; the slug comes from the
    Polish title and is unique. Audited as ``events.event.created``."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of an event: {sorted(unknown)}")
    _check_event_fields(fields)
    with transaction.atomic():
        event = Event.objects.create(
            slug=_unique_slug(fields.get("title_pl", "")),
            state=Event.State.DRAFT,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            **fields,
        )
        log_action(actor, event, "events.event.created", {"title_pl": event.title_pl})
    return event


def update_event(*, actor: User | None, event: Event, **fields) -> Event:
    """Change an event's fields; raise its calendar ``sequence``.

    When the capacity grows (or becomes unlimited) the first on the
    waitlist get the new seats, under the event's lock, and are mailed.
    A capacity below the seats already taken is refused. Audited as
    ``events.event.updated`` with old and new values.
    """
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of an event: {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(event)
        merged = {name: getattr(locked, name) for name in EVENT_FIELDS}
        merged.update(fields)
        _check_event_fields(merged)
        capacity = merged["capacity"]
        if capacity is not None and capacity < _seats_taken(locked):
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people have a seat already; give at least that many seats."
                    )
                    % {"count": _seats_taken(locked)}
                }
            )
        changes = {
            name: [getattr(locked, name), value]
            for name, value in fields.items()
            if getattr(locked, name) != value
        }
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.sequence += 1
        locked.save(update_fields=[*fields, "sequence", "updated_at"])
        log_action(actor, locked, "events.event.updated", changes)
        if locked.state == Event.State.PUBLISHED:
            _promote_from_waitlist(actor=actor, event=locked)
    return locked


def publish_event(*, actor: User | None, event: Event) -> Event:
    """Publish a draft: it appears in the calendar. Raises the sequence.
    Audited as ``events.event.published``."""
    with transaction.atomic():
        locked = _locked(event)
        if locked.state != Event.State.DRAFT:
            raise ValidationError(_("Only a draft can be published."), code="state")
        locked.state = Event.State.PUBLISHED
        locked.published_at = timezone.now()
        locked.sequence += 1
        locked.save(update_fields=["state", "published_at", "sequence", "updated_at"])
        log_action(actor, locked, "events.event.published", {})
    return locked


def cancel_event(*, actor: User | None, event: Event, reason: str = "") -> Event:
    """Cancel a published event and mail everyone with a live claim to it.

    Registrations keep their state (the record of who was coming); the
    event's state says it will not happen. Mails go to the confirmed,
    pending and waitlisted, each in their language, deduplicated per
    registration. Raises the sequence. Audited as ``events.event.cancelled``.
    """
    with transaction.atomic():
        locked = _locked(event)
        if locked.state != Event.State.PUBLISHED:
            raise ValidationError(_("Only a published event can be cancelled."), code="state")
        locked.state = Event.State.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.sequence += 1
        locked.save(update_fields=["state", "cancelled_at", "sequence", "updated_at"])
        log_action(actor, locked, "events.event.cancelled", {"reason": reason})
        for registration in locked.registrations.filter(state__in=CANCELLABLE_STATES):
            registration.event = locked
            _mail(registration, "events/cancelled", "event-cancelled", reason=reason)
    return locked


# --- Registration ----------------------------------------------------------


def _colleague_firm(*, actor: User, user: User, firm: Firm | None) -> Firm:
    """The active firm where ``actor`` is an admin and ``user`` has a role."""
    admin_firms = FirmRole.objects.filter(
        user=actor, role=FirmRole.Role.ADMIN, firm__status=Firm.Status.ACTIVE
    ).values("firm_id")
    shared = FirmRole.objects.filter(user=user, firm_id__in=admin_firms).select_related("firm")
    if firm is not None:
        shared = shared.filter(firm=firm)
    role = shared.order_by("firm__name").first()
    if role is None:
        raise ValidationError(
            _("You can register only colleagues of a firm where you are an administrator."),
            code="forbidden",
        )
    return role.firm


def register_member(
    *, actor: User, event: Event, user: User, firm: Firm | None = None
) -> Registration:
    """Register ``user``: themself, or a colleague by their firm's admin.

    Under the event's lock: confirmed while seats are free, else waitlisted
    at the end of the line. Refused (``ValidationError``) outside the
    registration window, for unpublished, cancelled or past events, for
    members-only events when ``user`` is not a member, and for a second live
    registration of the same address. Mails the person; audited as
    ``events.registration.created`` and ``confirmed``/``waitlisted``.
    """
    if actor.pk != user.pk:
        firm = _colleague_firm(actor=actor, user=user, firm=firm)
    elif (
        firm is not None
        and not FirmRole.objects.filter(
            user=user, firm=firm, firm__status=Firm.Status.ACTIVE
        ).exists()
    ):
        raise ValidationError(_("You have no role in that firm."), code="forbidden")
    elif firm is None:
        role = (
            FirmRole.objects.filter(user=user, firm__status=Firm.Status.ACTIVE)
            .select_related("firm")
            .order_by("firm__name")
            .first()
        )
        firm = role.firm if role else None
    if not user.is_active:
        raise ValidationError(_("This account is not active."), code="forbidden")
    with transaction.atomic():
        locked = _locked(event)
        _refuse_unless_open(locked)
        if locked.audience == Event.Audience.MEMBERS and not sees_members_content(user):
            raise ValidationError(
                _("This event is for members of the cluster only."), code="members_only"
            )
        registration = _insert_registration(
            event=locked,
            user=user,
            firm=firm,
            name=user.name or user.email,
            email=user.email,
            organisation=firm.name if firm else "",
            language=user.preferred_language,
            state=Registration.State.PENDING,
            registered_by=actor,
        )
        log_action(
            actor,
            registration,
            "events.registration.created",
            {"email": registration.email, "registered_by": actor.email},
        )
        _seat_or_waitlist(actor=actor, event=locked, registration=registration)
    return registration


def register_guest(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str,
    language: str,
    clause_language: str | None = None,
) -> Registration:
    """Register a guest for a public event: pending until they confirm.

    Mails a signed confirmation link (valid ``GUEST_CONFIRM_MAX_AGE``) and a
    cancel link. The same refusals as ``register_member``, and guests are
    refused on members-only events. Records the version and hash of the
    information clause shown, in ``clause_language`` (the page's language;
    by default the mail language). Audited as
    ``events.registration.created``.
    """
    email = User.objects.normalize_email(email).strip()
    with transaction.atomic():
        locked = _locked(event)
        _refuse_unless_open(locked)
        if locked.audience != Event.Audience.PUBLIC:
            raise ValidationError(
                _("This event is for members of the cluster only."), code="members_only"
            )
        registration = _insert_registration(
            event=locked,
            name=name.strip(),
            email=email,
            organisation=organisation.strip(),
            language=language,
            state=Registration.State.PENDING,
            clause_version=GUEST_CLAUSE_VERSION,
            clause_sha256=clause_sha256(guest_clause(clause_language or language)),
        )
        log_action(
            None, registration, "events.registration.created", {"email": email, "guest": True}
        )
        _mail(
            registration,
            "events/guest_confirm",
            "registration-guest-confirm",
            confirm_link=guest_link(registration=registration, action="confirm"),
            expires_at=timezone.now() + GUEST_CONFIRM_MAX_AGE,
        )
    return registration


def confirm_guest(*, token: str) -> Registration:
    """Confirm a guest's registration from their link.

    Pending becomes confirmed, or waitlisted when the event is full.
    Confirming twice returns the registration unchanged. An expired or bad
    link, a cancelled registration, or an event that is cancelled or past
    raise ``ValidationError``.
    """
    registration = registration_for_token(token=token, action="confirm")
    with transaction.atomic():
        locked = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = locked
        if registration.state == Registration.State.CANCELLED:
            raise ValidationError(_("This registration was cancelled."), code="cancelled")
        if registration.state != Registration.State.PENDING:
            return registration
        if locked.state == Event.State.CANCELLED:
            raise ValidationError(_("The event is cancelled."), code="closed")
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("The event has already taken place."), code="closed")
        _seat_or_waitlist(actor=None, event=locked, registration=registration)
    return registration


def can_cancel_registration(user, registration: Registration) -> bool:
    """The person themself, an admin of the firm they were registered for,
    or the coordinator."""
    if not user.is_authenticated:
        return False
    if registration.user_id == user.pk or is_coordinator(user):
        return True
    return (
        registration.firm_id is not None
        and FirmRole.objects.filter(
            user=user,
            firm_id=registration.firm_id,
            role=FirmRole.Role.ADMIN,
            firm__status=Firm.Status.ACTIVE,
        ).exists()
    )


def _cancel(*, actor, registration: Registration) -> Registration:
    with transaction.atomic():
        locked = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = locked
        if registration.state not in CANCELLABLE_STATES:
            raise ValidationError(
                _("This registration cannot be cancelled any more."), code="state"
            )
        if locked.state == Event.State.CANCELLED:
            raise ValidationError(_("The event is cancelled."), code="closed")
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("The event has already taken place."), code="closed")
        was = registration.state
        registration.state = Registration.State.CANCELLED
        registration.waitlist_position = None
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["state", "waitlist_position", "cancelled_at"])
        log_action(
            actor, registration, "events.registration.cancelled", {"email": registration.email}
        )
        if was == Registration.State.WAITLISTED:
            _renumber_waitlist(locked)
        elif was == Registration.State.CONFIRMED:
            _promote_from_waitlist(actor=None, event=locked)
    return registration


def cancel_registration(*, actor: User, registration: Registration) -> Registration:
    """Cancel a registration: by the person, their firm's admin or the
    coordinator (``can_cancel_registration``).

    A freed seat goes to waitlist position 1 (confirmed and mailed); the
    rest move up. Refused for a cancelled registration, an attended one,
    and a cancelled or past event. Audited as
    ``events.registration.cancelled`` (and ``promoted``).
    """
    if not can_cancel_registration(actor, registration):
        raise ValidationError(_("You cannot cancel this registration."), code="forbidden")
    return _cancel(actor=actor, registration=registration)


def cancel_registration_of_erased(*, registration: Registration) -> Registration:
    """Cancel the registration of a person whose data is being erased (the
    personal-data registry's rule), with the same effects as
    ``cancel_registration``; the same refusals, as ``ValidationError``."""
    return _cancel(actor=None, registration=registration)


def cancel_guest_registration(*, token: str) -> Registration:
    """Cancel a guest's registration from the signed link in their mails;
    the same effects as ``cancel_registration``."""
    registration = registration_for_token(token=token, action="cancel")
    return _cancel(actor=None, registration=registration)


def mark_attended(
    *, actor: User, registration: Registration, attended: bool = True
) -> Registration:
    """Check a confirmed person in (or undo it). Audited as
    ``events.registration.attended`` with the new value."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        wanted = Registration.State.ATTENDED if attended else Registration.State.CONFIRMED
        if registration.state == wanted:
            return registration
        if registration.state not in SEATED_STATES:
            raise ValidationError(
                _("Only people with a confirmed seat can be checked in."), code="state"
            )
        registration.state = wanted
        registration.attended_at = timezone.now() if attended else None
        registration.save(update_fields=["state", "attended_at"])
        log_action(
            actor,
            registration,
            "events.registration.attended",
            {"email": registration.email, "attended": attended},
        )
    return registration
