"""Writes of the newsletters app: the outbox, its sending, consent, opt-out.

Every mail is an ``OutboundMessage`` row written by ``queue_mail`` in the
caller's transaction; workers claim due rows, send them and mark them
(docs/architecture.md, Mail).
"""

import base64
import hashlib
import logging
import smtplib
import time
from collections.abc import Iterable
from contextlib import contextmanager, suppress
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from chemster.services import log_action
from newsletters import tokens
from newsletters.models import (
    Consent,
    ConsentText,
    Language,
    OptOut,
    OutboundMessage,
    address_digest,
)
from newsletters.selectors import ConsentLinkError, consent_for_token

logger = logging.getLogger("newsletters")

# Key of the advisory lock that serialises claimers while a rate limit is
# set, so that counting recent mail and claiming cannot overshoot it.
_RATE_LIMIT_LOCK = 7_401_001
# A send_pending run stops claiming new batches after this many seconds (or
# half the task's time limit, if shorter) and leaves the rest to the next
# nudge or sweep.
_SEND_LOOP_SECONDS = 60
# An unconfirmed request younger than this is the same form sent twice (a
# double click, a reload): it is returned as it is, and no second mail goes.
_RESEND_AFTER = timedelta(minutes=1)


# --- Queueing -------------------------------------------------------------


def _render_plain(name: str, context: dict) -> str:
    # Text parts and subjects are not HTML: render without autoescaping, so
    # that "R&D" stays "R&D".
    return get_template(name).template.render(Context(context, autoescape=False))


def render_mail(*, template: str, language: str, context: dict) -> tuple[str, str, str]:
    """Render ``emails/<template>.subject.txt``, ``.txt`` and ``.html``.

    Returns ``(subject, text, html)`` rendered in ``language``; the subject
    is folded onto one line.
    """
    with translation.override(language):
        full_context = {"site_url": settings.SITE_URL, **context}
        subject = _render_plain(f"emails/{template}.subject.txt", full_context)
        text = _render_plain(f"emails/{template}.txt", full_context)
        html = render_to_string(f"emails/{template}.html", full_context)
    return " ".join(subject.split()), text.strip() + "\n", html


def _nudge_worker() -> None:
    from newsletters.tasks import task_send_pending

    task_send_pending.delay()


def _nudge_worker_after_commit() -> None:
    """Nudge the worker once per transaction, however many mails it queued."""
    db = transaction.get_connection()
    if db.in_atomic_block and any(
        callback is _nudge_worker for _savepoints, callback, _robust in db.run_on_commit
    ):
        return
    # robust: a Redis outage is logged, never a failed request; the sweep
    # sends the mail later.
    transaction.on_commit(_nudge_worker, robust=True)


def _clean_attachments(attachments: Iterable[dict]) -> list[dict]:
    cleaned = []
    for attachment in attachments:
        content = attachment["content"]
        if isinstance(content, bytes):
            content = base64.b64encode(content).decode("ascii")
        else:
            base64.b64decode(content, validate=True)  # raises on bad base64
        cleaned.append(
            {
                "filename": str(attachment["filename"]),
                "content_type": str(attachment["content_type"]),
                "content": content,
            }
        )
    return cleaned


def queue_mail(
    *,
    to: str,
    language: str,
    template: str,
    context: dict,
    category: str,
    dedupe_key: str,
    attachments: Iterable[dict] = (),
    headers: dict | None = None,
) -> OutboundMessage:
    """Queue one mail in the caller's transaction and return its outbox row.

    Renders ``templates/emails/<template>.subject.txt``, ``.txt`` and
    ``.html`` in ``language``. Side effects and edge cases:

    - The row commits or rolls back with the caller's transaction; a rollback
      sends nothing.
    - A second call with the same ``dedupe_key`` queues nothing and returns
      the existing row (INSERT ... ON CONFLICT DO NOTHING).
    - Campaign mail gets ``List-Unsubscribe`` and ``List-Unsubscribe-Post``
      headers and an ``unsubscribe_url`` in the context (RFC 8058).
    - ``attachments``: dicts with ``filename``, ``content_type`` and
      ``content`` (bytes, or base64 text).
    - After commit the worker is nudged once per transaction; with Redis
      down the nudge is only logged and the sweep sends the mail later.
    - An audit entry ``newsletters.mail.queued`` for a new row.
    """
    if language not in Language.values:
        raise ValueError(f"Unknown mail language: {language!r}")
    if category not in OutboundMessage.Category.values:
        raise ValueError(f"Unknown mail category: {category!r}")
    existing = OutboundMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing

    # Already queued under this key: nothing to render or insert.
    existing = OutboundMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    address = to.strip()
    headers = {str(name): str(value) for name, value in (headers or {}).items()}
    if any("\n" in item or "\r" in item for pair in headers.items() for item in pair):
        raise ValueError("Mail headers cannot contain line breaks.")
    context = dict(context)
    if category == OutboundMessage.Category.CAMPAIGN:
        link = tokens.unsubscribe_url(email=address, language=language)
        headers.setdefault("List-Unsubscribe", f"<{link}>")
        headers.setdefault("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
        context.setdefault("unsubscribe_url", link)
    subject, text, html = render_mail(template=template, language=language, context=context)

    row = OutboundMessage(
        recipient=address,
        language=language,
        category=category,
        subject=subject,
        body_text=text,
        body_html=html,
        attachments=_clean_attachments(attachments),
        headers=headers,
        dedupe_key=dedupe_key,
    )
    with transaction.atomic():
        inserted = OutboundMessage.objects.bulk_create([row], ignore_conflicts=True)
        if inserted and inserted[0].pk is None:
            # PostgreSQL returns no id when the conflict clause is present;
            # a concurrent call may have inserted the key meanwhile.
            message = OutboundMessage.objects.filter(dedupe_key=dedupe_key).first()
        else:
            message = inserted[0]
        # The outbox row is the record of the mail (the calling service
        # audits what it did); nudge only when this call inserted it.
        if message.created_at == row.created_at:
            _nudge_worker_after_commit()
    return message


# --- Sending ----------------------------------------------------------------


def claim_pending_mail(*, limit: int) -> list[int]:
    """Claim up to ``limit`` due pending rows for this worker; return their ids.

    The rows are marked ``sending`` with ``claimed_at`` in one short
    transaction; ``FOR UPDATE SKIP LOCKED`` lets concurrent claimers take
    disjoint rows. With ``MAIL_RATE_PER_MINUTE`` set, mail sent in the last
    minute and mail in flight count against it.
    """
    now = timezone.now()
    with transaction.atomic():
        if settings.MAIL_RATE_PER_MINUTE:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_RATE_LIMIT_LOCK])
            used = OutboundMessage.objects.filter(
                Q(state=OutboundMessage.State.SENDING)
                | Q(state=OutboundMessage.State.SENT, sent_at__gte=now - timedelta(minutes=1))
            ).count()
            limit = min(limit, settings.MAIL_RATE_PER_MINUTE - used)
            if limit <= 0:
                return []
        ids = list(
            OutboundMessage.objects.filter(
                state=OutboundMessage.State.PENDING, next_attempt_at__lte=now
            )
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        OutboundMessage.objects.filter(pk__in=ids).update(
            state=OutboundMessage.State.SENDING, claimed_at=now
        )
    return ids


def build_email(message: OutboundMessage, smtp) -> EmailMultiAlternatives:
    """The mail of an outbox row, to send through ``smtp`` (a mail backend)."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message.message_id, **message.headers},
        connection=smtp,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["content_type"],
        )
    return email


# Runs once per mail, so it is plain SQL: building the same UPDATE with the
# ORM took four times the CPU of sending it this way. The row is found
# by its key and the claim it still carries. A condition on the state instead
# would let PostgreSQL pick the small index of claimed rows and scan every
# claim in flight for each mail. A row the sweep re-queued but nobody claimed
# again is marked too: it did go out.
_MARK_SENT_SQL = """
    UPDATE newsletters_outboundmessage
    SET state = 'sent', sent_at = %s, attempts = attempts + 1, last_error = ''
    WHERE id = %s AND claimed_at = %s
"""


def _mark_sent(message: OutboundMessage) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SENT_SQL, [timezone.now(), message.pk, message.claimed_at])


def _mark_failed(message: OutboundMessage, error: str, *, attempts: int) -> None:
    updated = OutboundMessage.objects.filter(
        pk=message.pk, state=OutboundMessage.State.SENDING
    ).update(state=OutboundMessage.State.FAILED, attempts=attempts, last_error=error)
    if updated:
        log_action(None, message, "newsletters.mail.failed", {"error": error})


def _retry_later(message: OutboundMessage, error: str, *, now=None) -> None:
    """Put a claimed row back to pending with backoff, or fail it for good."""
    attempts = message.attempts + 1
    if attempts >= settings.MAIL_MAX_ATTEMPTS:
        _mark_failed(message, error, attempts=attempts)
        return
    delay = min(
        settings.MAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1), settings.MAIL_RETRY_MAX_SECONDS
    )
    OutboundMessage.objects.filter(pk=message.pk, state=OutboundMessage.State.SENDING).update(
        state=OutboundMessage.State.PENDING,
        attempts=attempts,
        next_attempt_at=(now or timezone.now()) + timedelta(seconds=delay),
        last_error=error,
    )


def _smtp_reply(code: int, reply) -> str:
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return f"{code} {reply}"


class MailServerUnreachable(Exception):
    """The mail server refused the connection: stop claiming for now."""


@contextmanager
def _marks_without_waiting_for_disk():
    """Commit this connection's outbox marks without waiting for the WAL flush.

    Each mail is marked right after the server took it, so that a killed
    worker repeats only the mail in flight; waiting for the disk at each of
    those commits would cost more than sending. With ``synchronous_commit``
    off a commit is still atomic and ordered, and only a crash of PostgreSQL
    itself can lose the marks of its last fraction of a second: those rows
    stay claimed and go out again after the sweep, never lost.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        # A broken connection is closed by Django anyway; keep its error.
        with suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def send_claimed_mail(*, message_ids: list[int], smtp=None) -> int:
    """Send claimed rows over one connection; mark each; return how many went.

    - Sent: ``sent`` with ``sent_at``.
    - Temporary failure (SMTP 4xx): back to ``pending`` with ``attempts`` + 1
      and exponential backoff, ``failed`` after ``MAIL_MAX_ATTEMPTS``.
    - Connection lost or refused, timeouts: the row and the rest of the
      batch are retried the same way.
    - Permanent failure (SMTP 5xx, a message that cannot be built):
      ``failed`` with the server's reply in ``last_error``.
    - Campaign mail to an address that opted out since it was queued is
      ``failed`` without being sent.

    ``smtp``: a mail backend to send through and leave open (``send_pending``
    reuses one for its batches); by default one opened and closed here. After
    a connection error it is closed, and opened again by the next call; if it
    cannot be opened, the batch is put back and ``MailServerUnreachable``
    raised.
    """
    if smtp is None:
        smtp = get_connection()
        try:
            return send_claimed_mail(message_ids=message_ids, smtp=smtp)
        except MailServerUnreachable:
            return 0
        finally:
            _close(smtp)
    messages = list(
        OutboundMessage.objects.filter(
            pk__in=message_ids, state=OutboundMessage.State.SENDING
        ).order_by("pk")
    )
    if not messages:
        return 0
    campaign_digests = {
        address_digest(message.recipient)
        for message in messages
        if message.category == OutboundMessage.Category.CAMPAIGN
    }
    opted_out = set(
        OptOut.objects.filter(email_sha256__in=campaign_digests).values_list(
            "email_sha256", flat=True
        )
    )
    try:
        smtp.open()
    except OSError as error:
        for message in messages:
            _retry_later(message, f"Cannot connect: {error}")
        raise MailServerUnreachable from error

    sent = 0
    with _marks_without_waiting_for_disk():
        for index, message in enumerate(messages):
            if (
                message.category == OutboundMessage.Category.CAMPAIGN
                and address_digest(message.recipient) in opted_out
            ):
                _mark_failed(
                    message, "The recipient opted out before sending.", attempts=message.attempts
                )
                continue
            try:
                email = build_email(message, smtp)
            except (ValueError, KeyError, TypeError) as error:
                _mark_failed(
                    message, f"Cannot build the message: {error}", attempts=message.attempts + 1
                )
                continue
            try:
                smtp.send_messages([email])
            except smtplib.SMTPRecipientsRefused as error:
                code, reply = next(iter(error.recipients.values()))
                if code >= 500:
                    _mark_failed(message, _smtp_reply(code, reply), attempts=message.attempts + 1)
                else:
                    _retry_later(message, _smtp_reply(code, reply))
            except smtplib.SMTPResponseException as error:
                reply = _smtp_reply(error.smtp_code, error.smtp_error)
                if error.smtp_code >= 500:
                    _mark_failed(message, reply, attempts=message.attempts + 1)
                else:
                    _retry_later(message, reply)
            except OSError as error:
                # The connection is gone (smtplib errors, refused, timeout):
                # this row and the rest of the batch wait for a retry.
                for rest in messages[index:]:
                    _retry_later(rest, f"Connection failed: {error!r}")
                _close(smtp)
                break
            else:
                _mark_sent(message)
                sent += 1
    return sent


def _close(smtp) -> None:
    try:
        smtp.close()
    except OSError:
        logger.warning("Closing the mail connection failed", exc_info=True)


def send_pending(*, max_seconds: float | None = None) -> int:
    """Claim and send due mail batch by batch; return how many mails went.

    The batches share one connection to the mail server. Stops when nothing
    is due, the rate limit is reached, the server cannot be reached, or
    after ``max_seconds`` (the next nudge or sweep takes the rest); by
    default 60 seconds, or half the task's soft time limit if that is
    shorter.
    """
    if max_seconds is None:
        # A time limit that hits in the middle of a batch leaves its rows
        # claimed until the sweep, and the mail in flight may go twice: start
        # no batch late in the task.
        limit = min(settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT)
        max_seconds = min(_SEND_LOOP_SECONDS, limit / 2)
    started = time.monotonic()
    sent = 0
    smtp = get_connection()
    try:
        while time.monotonic() - started < max_seconds:
            ids = claim_pending_mail(limit=settings.MAIL_BATCH_SIZE)
            if not ids:
                break
            sent += send_claimed_mail(message_ids=ids, smtp=smtp)
    except MailServerUnreachable:
        # Its batch waits for a retry; the other due mail stays pending
        # instead of spending an attempt each on the same refusal.
        logger.warning("The mail server is unreachable; sending stopped", exc_info=True)
    finally:
        _close(smtp)
    return sent


def sweep_outbox() -> int:
    """Re-queue rows claimed longer than ``MAIL_CLAIM_TIMEOUT_SECONDS`` ago.

    Such a claim belongs to a worker that died. The row counts one attempt
    (it may have crashed the worker) and is due at once, or ``failed``
    after ``MAIL_MAX_ATTEMPTS``. Returns how many rows were re-queued or
    failed; each gets an audit entry.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.MAIL_CLAIM_TIMEOUT_SECONDS)
    with transaction.atomic():
        stale = list(
            OutboundMessage.objects.filter(
                state=OutboundMessage.State.SENDING, claimed_at__lt=cutoff
            ).select_for_update(skip_locked=True)
        )
        for message in stale:
            error = "The claim expired; the worker sending it stopped."
            attempts = message.attempts + 1
            if attempts >= settings.MAIL_MAX_ATTEMPTS:
                _mark_failed(message, error, attempts=attempts)
                continue
            OutboundMessage.objects.filter(pk=message.pk).update(
                state=OutboundMessage.State.PENDING,
                attempts=attempts,
                next_attempt_at=now,
                last_error=error,
            )
            log_action(
                None, message, "newsletters.mail.requeued", {"claimed_at": message.claimed_at}
            )
    return len(stale)


# --- Consent and opt-out ------------------------------------------------------


def _normalise(email: str) -> str:
    return email.strip().lower()


def request_consent(
    *,
    email: str,
    purpose: str,
    text: str,
    version: str,
    method: str,
    language: str,
    ip: str | None = None,
) -> Consent:
    """Record an unconfirmed consent and queue its confirmation mail.

    - ``text`` is the wording the person saw; it is kept once per
      ``(purpose, version)``. A known version with a different text raises
      ``ValueError``: a changed wording needs a new version.
    - An address with a confirmed, live consent keeps it; nothing is
      queued, so the sign-up form reveals nothing about who subscribed.
    - An earlier unconfirmed request of the address is replaced (its link
      stops working) and a new confirmation mail is queued (service mail,
      sent even to an address that opted out), unless it is less than a
      minute old: a double submit gets that request back and no second mail.
    - Audit entries: ``newsletters.consent.requested`` (and ``.superseded``).
    """
    if purpose not in Consent.Purpose.values:
        raise ValueError(f"Unknown consent purpose: {purpose!r}")
    if method not in Consent.Method.values:
        raise ValueError(f"Unknown consent method: {method!r}")
    address = _normalise(email)
    digest = hashlib.sha256(text.encode()).hexdigest()
    with transaction.atomic():
        wording, _created = ConsentText.objects.get_or_create(
            purpose=purpose, version=version, defaults={"text": text, "sha256": digest}
        )
        if wording.sha256 != digest:
            raise ValueError(
                f"Version {version!r} of the {purpose} consent has another text; "
                "give the changed text a new version."
            )
        live = (
            Consent.objects.live()
            .select_for_update()
            .filter(email=address, purpose=purpose)
            .first()
        )
        if live is not None and live.confirmed_at is not None:
            return live
        if live is not None and timezone.now() - live.given_at < _RESEND_AFTER:
            return live
        if live is not None:
            log_action(None, live, "newsletters.consent.superseded")
            live.delete()
        try:
            with transaction.atomic():
                consent = Consent.objects.create(
                    email=address,
                    purpose=purpose,
                    language=language,
                    text=wording,
                    method=method,
                    ip=ip,
                )
        except IntegrityError:
            # A concurrent request for the same address won the race.
            return Consent.objects.live().get(email=address, purpose=purpose)
        log_action(
            None,
            consent,
            "newsletters.consent.requested",
            {"purpose": purpose, "version": version, "method": method},
        )
        queue_mail(
            to=address,
            language=language,
            template="newsletter_confirm",
            context={
                "confirm_url": tokens.consent_confirm_url(consent_pk=consent.pk, language=language),
                "expires_at": consent.given_at + timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS),
            },
            category=OutboundMessage.Category.SERVICE,
            dedupe_key=f"consent:{consent.pk}:confirm",
        )
    return consent


def confirm_consent(*, token: str) -> Consent:
    """Confirm the consent a confirmation link names (the double opt-in).

    Raises ``ConsentLinkError`` for an expired, invalid or withdrawn link.
    Confirming twice changes nothing. Confirming lifts an earlier opt-out of
    the address: the person has just asked for the newsletter. Audit
    entries: ``newsletters.consent.confirmed``, ``newsletters.optout.lifted``.
    """
    consent = consent_for_token(token=token)
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_at is not None:
            raise ConsentLinkError(expired=False)
        if consent.confirmed_at is not None:
            return consent
        consent.confirmed_at = timezone.now()
        consent.save(update_fields=["confirmed_at"])
        log_action(None, consent, "newsletters.consent.confirmed")
        for opt_out_row in OptOut.objects.filter(email_sha256=address_digest(consent.email)):
            log_action(None, opt_out_row, "newsletters.optout.lifted", {"consent": consent.pk})
            opt_out_row.delete()
    return consent


def withdraw_consent(*, email: str, purpose: str, actor=None) -> Consent | None:
    """Withdraw the live consent of ``email`` for ``purpose``, if any.

    Returns the withdrawn consent or ``None``; audit entry
    ``newsletters.consent.withdrawn``.
    """
    with transaction.atomic():
        consent = (
            Consent.objects.live()
            .select_for_update()
            .filter(email=_normalise(email), purpose=purpose)
            .first()
        )
        if consent is None:
            return None
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        log_action(actor, consent, "newsletters.consent.withdrawn")
    return consent


def opt_out(*, email: str, source: str, actor=None) -> OptOut:
    """Stop every campaign mail to ``email``; return the opt-out.

    Idempotent (the first opt-out of an address is kept). Also withdraws
    the address's live consents. Audit entries: ``newsletters.optout.created``
    and ``newsletters.consent.withdrawn``.
    """
    if source not in OptOut.Source.values:
        raise ValueError(f"Unknown opt-out source: {source!r}")
    address = _normalise(email)
    row = OptOut(email=address, email_sha256=address_digest(address), source=source)
    with transaction.atomic():
        OptOut.objects.bulk_create([row], ignore_conflicts=True)
        result = OptOut.objects.get(email_sha256=row.email_sha256)
        if result.created_at == row.created_at:
            log_action(actor, result, "newsletters.optout.created", {"source": source})
        for purpose in Consent.Purpose.values:
            withdraw_consent(email=address, purpose=purpose, actor=actor)
    return result


def expire_unconfirmed_consents() -> int:
    """Delete consents left unconfirmed past ``NEWSLETTER_CONFIRM_DAYS``.

    Returns how many; each gets an audit entry ``newsletters.consent.expired``.
    """
    cutoff = timezone.now() - timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS)
    with transaction.atomic():
        expired = list(
            Consent.objects.live()
            .filter(confirmed_at__isnull=True, given_at__lt=cutoff)
            .select_for_update(skip_locked=True)
        )
        for consent in expired:
            log_action(None, consent, "newsletters.consent.expired")
        Consent.objects.filter(pk__in=[consent.pk for consent in expired]).delete()
    return len(expired)


def undo_opt_out(*, email: str, actor=None) -> Consent | None:
    """Lift the opt-out of ``email``: campaign mail may reach it again.

    The signed unsubscribe link (or the person's own account page) proves
    the address is theirs, as the confirmation link of a sign-up does. A
    newsletter consent that the opt-out withdrew is renewed as a new
    confirmed consent with the same wording, so that a public subscriber is
    back where they were; its withdrawn predecessor stays on record. Returns
    the renewed consent or ``None`` (a member contact needs none; no
    opt-out: nothing changes). Audit entries: ``newsletters.optout.lifted``
    and ``newsletters.consent.renewed``.
    """
    address = _normalise(email)
    with transaction.atomic():
        row = (
            OptOut.objects.select_for_update().filter(email_sha256=address_digest(address)).first()
        )
        if row is None:
            return None
        withdrawn = (
            Consent.objects.filter(
                email=address,
                purpose=Consent.Purpose.NEWSLETTER,
                confirmed_at__isnull=False,
                withdrawn_at__gte=row.created_at,
            )
            .order_by("-withdrawn_at")
            .first()
        )
        log_action(actor, row, "newsletters.optout.lifted", {"undo": True})
        row.delete()
        has_live = Consent.objects.live().filter(email=address, purpose=Consent.Purpose.NEWSLETTER)
        if withdrawn is None or has_live.exists():
            return None
        now = timezone.now()
        consent = Consent.objects.create(
            email=address,
            purpose=withdrawn.purpose,
            language=withdrawn.language,
            text=withdrawn.text,
            method=withdrawn.method,
            given_at=now,
            confirmed_at=now,
        )
        log_action(actor, consent, "newsletters.consent.renewed", {"previous": withdrawn.pk})
    return consent
