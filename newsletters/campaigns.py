"""Campaigns: writing, audiences, scheduling, sending and their progress.

The coordinator's views and the API call these; permissions are checked
there (``newsletters`` imports no domain app, so not here). Sending never
makes a request wait for the outbox rows: ``send_campaign_now`` only marks
the campaign ``sending``; the task ``newsletters.send_campaign`` (nudged
after commit) or the beat task ``newsletters.send_scheduled_campaigns``
(every minute) writes one outbox row per recipient with
``write_campaign_messages``, and the mail path sends them
(docs/architecture.md, Mail).
"""

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chemster.lib.markup import render_markdown
from chemster.services import log_action
from newsletters import segments as segment_registry
from newsletters import tokens
from newsletters.models import Campaign, Consent, Language, OptOut, OutboundMessage, address_digest
from newsletters.services import _nudge_worker_after_commit, queue_mail, render_mail

logger = logging.getLogger("newsletters")

CONTENT_FIELDS = ("subject_pl", "subject_en", "body_pl", "body_en", "segments")
# Fields update_campaign accepts: the content while a draft, the archive flag always.
EDITABLE_FIELDS = (*CONTENT_FIELDS, "is_public")
# Key of the session advisory lock that lets one process at a time write a
# campaign's outbox rows (the task and the beat task may both try).
_WRITE_LOCK = 7_401_002
# Addresses per query when looking up opt-outs and consents.
_LOOKUP_CHUNK = 5000
# Stands for each recipient's own unsubscribe link in the rendered mail;
# letters and digits only, so HTML escaping leaves it intact.
_UNSUBSCRIBE_MARKER = "CHEMSTERUNSUBSCRIBEMARKER7F3A"
# Stands for the signed token when the unsubscribe URL is reversed once.
_TOKEN_MARKER = "CHEMSTERTOKENMARKER5D1C"  # noqa: S105 - not a secret
# The outbox columns the campaign writer fills with COPY (id is generated;
# claimed_at and sent_at stay NULL).
_COPY_FIELDS = (
    "recipient",
    "language",
    "category",
    "subject",
    "body_text",
    "body_html",
    "attachments",
    "headers",
    "dedupe_key",
    "state",
    "attempts",
    "created_at",
    "next_attempt_at",
    "last_error",
    "campaign",
)
# The preview and the test mail link here: an unsubscribe page with an
# invalid token, which unsubscribes nobody.
_PREVIEW_TOKEN = "preview"  # noqa: S105 - not a secret


# --- Audiences ----------------------------------------------------------------


@dataclass
class Audience:
    """Who gets a campaign: each address once, and who is left out and why.

    ``total`` counts the distinct candidate addresses of the segments;
    ``recipients`` are those the consent rule lets through (``may_receive``);
    ``no_consent`` are neither member contacts nor confirmed subscribers;
    ``opted_out`` opted out of campaigns (whatever else holds).
    """

    recipients: list[tuple[str, str]] = field(default_factory=list)
    total: int = 0
    no_consent: int = 0
    opted_out: int = 0

    @property
    def recipient_count(self) -> int:
        return len(self.recipients)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def audience(segments) -> Audience:
    """The union of ``segments`` (a campaign's list), filtered by consent.

    The same rule as ``newsletters.selectors.may_receive``, in bulk: an
    address that opted out never; a member contact (for any of the
    segments) without more; anyone else with a confirmed newsletter consent.
    Addresses are lower-cased and appear once, in the language the first
    segment naming them gives. Unknown segment codes are skipped (a segment
    of an app no longer installed). A few queries per segment plus one per
    5,000 addresses, whatever the audience's size.
    """
    candidates: dict[str, list] = {}
    for item in segments or ():
        try:
            segment = segment_registry.get(item.get("code"))
        except KeyError:
            logger.warning("Skipping unknown campaign segment %r", item.get("code"))
            continue
        for email, language, is_member_contact in segment.addresses(item.get("params") or {}):
            address = (email or "").strip().lower()
            if not address:
                continue
            known = candidates.get(address)
            if known is None:
                language = language if language in Language.values else Language.POLISH
                candidates[address] = [language, bool(is_member_contact)]
            elif is_member_contact:
                known[1] = True

    addresses = list(candidates)
    digests = {address: address_digest(address) for address in addresses}
    opted_out_digests: set[str] = set()
    for chunk in _chunks(list(digests.values()), _LOOKUP_CHUNK):
        opted_out_digests.update(
            OptOut.objects.filter(email_sha256__in=chunk).values_list("email_sha256", flat=True)
        )
    needing_consent = [
        address
        for address in addresses
        if not candidates[address][1] and digests[address] not in opted_out_digests
    ]
    consented: set[str] = set()
    for chunk in _chunks(needing_consent, _LOOKUP_CHUNK):
        consented.update(
            Consent.objects.active()
            .filter(purpose=Consent.Purpose.NEWSLETTER, email__in=chunk)
            .values_list("email", flat=True)
        )

    result = Audience(total=len(addresses))
    for address in addresses:
        language, is_member_contact = candidates[address]
        if digests[address] in opted_out_digests:
            result.opted_out += 1
        elif is_member_contact or address in consented:
            result.recipients.append((address, language))
        else:
            result.no_consent += 1
    return result


# --- Rendering ----------------------------------------------------------------


class _TextFromHTML(HTMLParser):
    """Plain text of the sanitised campaign HTML: links as "text (URL)"."""

    _BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "pre", "table", "tr", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: list[str | None] = []
        self._link_start: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._BLOCKS:
            self.parts.append("\n\n")
        if tag in ("h2", "h3", "h4"):
            self.parts.append("## " if tag == "h2" else "### ")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "hr":
            self.parts.append("----")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))
            self._link_start.append(len(self.parts))

    def handle_endtag(self, tag):
        if tag == "a" and self._href:
            href = self._href.pop()
            start = self._link_start.pop()
            label = "".join(self.parts[start:]).strip()
            if href and href != label and f"mailto:{label}" != href:
                self.parts.append(f" ({href})")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)

    def text(self) -> str:
        text = "".join(self.parts)
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return unescape(text).strip()


def markdown_to_text(html: str) -> str:
    """The plain-text part for sanitised HTML (what ``render_markdown`` gives)."""
    parser = _TextFromHTML()
    parser.feed(str(html))
    parser.close()
    return parser.text()


def content_language(campaign: Campaign, language: str) -> str:
    """The language a recipient of ``language`` reads: Polish without English."""
    return language if language in campaign.languages else Language.POLISH


def archive_url(campaign: Campaign, language: str) -> str:
    """The campaign's page in the public archive, or "" if it has none (yet)."""
    if not campaign.is_public or not campaign.slug:
        return ""
    try:
        with translation.override(language):
            path = reverse("newsletters:archive-detail", kwargs={"slug": campaign.slug})
    except NoReverseMatch:
        return ""
    return tokens.absolute(path)


def preview_unsubscribe_url() -> str:
    return tokens.absolute(reverse("unsubscribe", kwargs={"token": _PREVIEW_TOKEN}))


def render_campaign(
    campaign: Campaign,
    language: str,
    *,
    unsubscribe_url: str | None = None,
    is_test: bool = False,
) -> tuple[str, str, str]:
    """The mail a recipient of ``language`` gets: ``(subject, text, html)``.

    English recipients get Polish when the campaign has no English body
    (a blank English subject falls back to the Polish one). The Markdown is
    sanitised (``chemster.lib.markup.render_markdown``: no scripts, event
    handlers or ``javascript:`` links); the text part is derived from the
    sanitised HTML. Without ``unsubscribe_url`` (the preview) the link
    points to an unsubscribe page that unsubscribes nobody.
    """
    language = content_language(campaign, language)
    return render_mail(
        template="newsletters/campaign",
        language=language,
        context=_campaign_context(
            campaign, language, unsubscribe_url=unsubscribe_url, is_test=is_test
        ),
    )


def _campaign_context(
    campaign: Campaign, language: str, *, unsubscribe_url: str | None = None, is_test: bool = False
) -> dict:
    if language == Language.ENGLISH:
        subject = campaign.subject_en.strip() or campaign.subject_pl
        body = campaign.body_en
    else:
        subject, body = campaign.subject_pl, campaign.body_pl
    body_html = render_markdown(body)
    return {
        "subject": subject,
        "body_html": body_html,
        "body_text": markdown_to_text(body_html),
        "unsubscribe_url": unsubscribe_url or preview_unsubscribe_url(),
        "archive_url": archive_url(campaign, language),
        "is_test": is_test,
    }


# --- Writing campaigns ----------------------------------------------------------


def _unique_slug(subject: str) -> str:
    base = slugify(subject)[:70].strip("-") or "newsletter"
    slug, number = base, 1
    while Campaign.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_content(campaign: Campaign) -> None:
    errors = {}
    if not campaign.subject_pl.strip():
        errors["subject_pl"] = _("Write the subject in Polish.")
    if not campaign.body_pl.strip():
        errors["body_pl"] = _("Write the text in Polish.")
    if campaign.subject_en.strip() and not campaign.body_en.strip():
        errors["body_en"] = _("Write the English text too, or leave the English subject empty.")
    if errors:
        raise ValidationError(errors)


def create_campaign(
    *,
    actor,
    subject_pl: str,
    body_pl: str,
    subject_en: str = "",
    body_en: str = "",
    segments: Iterable[dict] = (),
    is_public: bool = False,
) -> Campaign:
    """Create a draft campaign with a unique archive slug from its Polish subject.

    ``segments`` are checked against the registry (``ValidationError``).
    Audit entry ``newsletters.campaign.created``.
    """
    campaign = Campaign(
        subject_pl=subject_pl.strip(),
        subject_en=subject_en.strip(),
        body_pl=body_pl,
        body_en=body_en,
        segments=segment_registry.clean_segments(list(segments)),
        is_public=is_public,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_content(campaign)
    with transaction.atomic():
        for attempt in range(5):
            campaign.slug = _unique_slug(campaign.subject_pl)
            if attempt:
                campaign.slug = f"{campaign.slug[:70]}-{timezone.now():%H%M%S%f}"
            try:
                with transaction.atomic():
                    campaign.save()
                break
            except IntegrityError:
                # A concurrent create took the slug; try another.
                campaign.pk = None
        else:
            raise ValidationError(_("The campaign could not be saved; please try again."))
        log_action(
            actor,
            campaign,
            "newsletters.campaign.created",
            {"segments": campaign.segments, "is_public": is_public},
        )
    return campaign


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def _refuse_move(campaign: Campaign, state: str) -> None:
    if not campaign.can_move_to(state):
        raise ValidationError(
            _("A campaign that is “%(state)s” cannot be moved to “%(new)s”.")
            % {
                "state": campaign.get_state_display(),
                "new": Campaign.State(state).label,
            },
            code="conflict",
        )


def update_campaign(*, actor, campaign: Campaign, **fields) -> Campaign:
    """Change a campaign's content (drafts only) or its place in the archive.

    Accepts ``EDITABLE_FIELDS``; content fields only while the campaign is
    a draft (a scheduled one goes back to draft first), ``is_public`` in any
    state. Audit entry ``newsletters.campaign.updated`` with the changes.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable fields of a campaign: {sorted(unknown)}")
    if "segments" in fields:
        fields["segments"] = segment_registry.clean_segments(list(fields["segments"]))
    for name in ("subject_pl", "subject_en"):
        if name in fields:
            fields[name] = fields[name].strip()
    with transaction.atomic():
        campaign = _locked(campaign)
        changes = {
            name: [getattr(campaign, name), value]
            for name, value in fields.items()
            if getattr(campaign, name) != value
        }
        if set(changes) & set(CONTENT_FIELDS) and not campaign.is_editable:
            raise ValidationError(
                _("Only a draft campaign can be changed; it is “%(state)s”.")
                % {"state": campaign.get_state_display()},
                code="conflict",
            )
        if not changes:
            return campaign
        for name, (_old, new) in changes.items():
            setattr(campaign, name, new)
        _check_content(campaign)
        campaign.save(update_fields=[*changes, "updated_at"])
        for name in ("body_pl", "body_en"):
            # The bodies can be long: record that they changed, not the texts.
            if name in changes:
                changes[name] = "changed"
        log_action(actor, campaign, "newsletters.campaign.updated", changes)
    return campaign


def send_test(*, actor, campaign: Campaign) -> Campaign:
    """Mail the campaign to ``actor``'s own address, once in each of its languages.

    Service mail (an opt-out does not stop it; the coordinator asked for
    it), marked as a test; may be repeated (the dedupe key has the time).
    Sets ``test_sent_at``; audit entry ``newsletters.campaign.test_sent``.
    """
    address = (getattr(actor, "email", "") or "").strip()
    if not address:
        raise ValidationError(_("Your account has no e-mail address to send the test to."))
    now = timezone.now()
    with transaction.atomic():
        campaign = _locked(campaign)
        for language in campaign.languages:
            queue_mail(
                to=address,
                language=language,
                template="newsletters/campaign",
                context=_campaign_context(campaign, language, is_test=True),
                category=OutboundMessage.Category.SERVICE,
                dedupe_key=f"campaign-test:{campaign.pk}:{language}:{now.timestamp():.6f}",
            )
        campaign.test_sent_at = now
        campaign.save(update_fields=["test_sent_at", "updated_at"])
        log_action(
            actor, campaign, "newsletters.campaign.test_sent", {"languages": campaign.languages}
        )
    return campaign


def _check_sendable(campaign: Campaign) -> None:
    _check_content(campaign)
    if not campaign.segments:
        raise ValidationError(_("Choose at least one audience segment."), code="invalid")


def schedule_campaign(*, actor, campaign: Campaign, when: datetime) -> Campaign:
    """Schedule a draft (or re-schedule a scheduled campaign) for ``when``.

    ``when`` must be an aware time in the future (forms read it in
    Europe/Warsaw). Audit entry ``newsletters.campaign.scheduled``.
    """
    if timezone.is_naive(when):
        raise ValueError("schedule_campaign needs an aware datetime")
    if when <= timezone.now():
        raise ValidationError({"scheduled_at": _("Choose a time in the future.")})
    with transaction.atomic():
        campaign = _locked(campaign)
        if campaign.state != Campaign.State.SCHEDULED:
            _refuse_move(campaign, Campaign.State.SCHEDULED)
        _check_sendable(campaign)
        old = campaign.scheduled_at
        campaign.state = Campaign.State.SCHEDULED
        campaign.scheduled_at = when
        campaign.save(update_fields=["state", "scheduled_at", "updated_at"])
        log_action(actor, campaign, "newsletters.campaign.scheduled", {"scheduled_at": [old, when]})
    return campaign


def unschedule_campaign(*, actor, campaign: Campaign) -> Campaign:
    """Take a scheduled campaign back to draft, to be edited.

    Audit entry ``newsletters.campaign.updated`` (state back to draft).
    """
    with transaction.atomic():
        campaign = _locked(campaign)
        _refuse_move(campaign, Campaign.State.DRAFT)
        old = campaign.scheduled_at
        campaign.state = Campaign.State.DRAFT
        campaign.scheduled_at = None
        campaign.save(update_fields=["state", "scheduled_at", "updated_at"])
        log_action(
            actor,
            campaign,
            "newsletters.campaign.updated",
            {"state": ["scheduled", "draft"], "scheduled_at": [old, None]},
        )
    return campaign


def cancel_campaign(*, actor, campaign: Campaign) -> Campaign:
    """Cancel a scheduled campaign (nothing was sent). Audit ``...campaign.cancelled``."""
    with transaction.atomic():
        campaign = _locked(campaign)
        _refuse_move(campaign, Campaign.State.CANCELLED)
        campaign.state = Campaign.State.CANCELLED
        campaign.save(update_fields=["state", "updated_at"])
        log_action(actor, campaign, "newsletters.campaign.cancelled")
    return campaign


def _nudge_campaign_task(campaign_id: int) -> None:
    from newsletters.tasks import task_send_campaign

    task_send_campaign.delay(campaign_id)


def _start(actor, campaign: Campaign) -> Campaign:
    """Move a locked draft or scheduled campaign to ``sending`` (caller's transaction)."""
    _refuse_move(campaign, Campaign.State.SENDING)
    _check_sendable(campaign)
    campaign.state = Campaign.State.SENDING
    campaign.started_at = timezone.now()
    campaign.save(update_fields=["state", "started_at", "updated_at"])
    log_action(actor, campaign, "newsletters.campaign.started", {"segments": campaign.segments})
    # robust: with Redis down the request still succeeds; the beat task
    # resumes campaigns whose rows are not written yet.
    campaign_id = campaign.pk
    transaction.on_commit(lambda: _nudge_campaign_task(campaign_id), robust=True)
    return campaign


def send_campaign_now(*, actor, campaign: Campaign) -> Campaign:
    """Start sending a draft or scheduled campaign at once.

    Only marks it ``sending`` (with ``started_at``); the outbox rows are
    written by a task, nudged after commit (a Redis outage is only logged:
    the beat task picks the campaign up). Audit ``newsletters.campaign.started``.
    """
    with transaction.atomic():
        return _start(actor, _locked(campaign))


# --- Sending (the tasks' work) ---------------------------------------------------


def _dedupe_key(campaign_id: int, address: str) -> str:
    key = f"campaign:{campaign_id}:{address}"
    if len(key) > 255:
        key = f"campaign:{campaign_id}:sha256:{hashlib.sha256(address.encode()).hexdigest()}"
    return key


def start_due_campaigns(*, now: datetime | None = None) -> list[int]:
    """Move scheduled campaigns whose time has come to ``sending``; their ids."""
    now = now or timezone.now()
    started = []
    with transaction.atomic():
        due = list(
            Campaign.objects.filter(state=Campaign.State.SCHEDULED, scheduled_at__lte=now)
            .order_by("scheduled_at", "pk")
            .select_for_update(skip_locked=True)
        )
        for campaign in due:
            try:
                with transaction.atomic():
                    _start(None, campaign)
            except ValidationError as error:
                # Its segments or texts became unusable; leave it for the
                # coordinator rather than block the others.
                logger.warning("Cannot start campaign #%s: %s", campaign.pk, error)
                continue
            started.append(campaign.pk)
    return started


def write_campaign_messages(*, campaign_id: int, chunk: int = 1000) -> int:
    """Write one outbox row per recipient of a sending campaign; return how many are new.

    Computes the audience, stores its counts on the campaign, renders the
    mail once per language and writes the rows in chunks of ``chunk`` (one
    transaction and one COPY each), each with its own unsubscribe link and
    the List-Unsubscribe headers and the dedupe key
    ``campaign:<id>:<address>``. A repeated or concurrent run adds nothing
    (one writer at a time, by an advisory lock; the others return 0; a run
    after one that died half-way writes only the missing rows). Sets
    ``written_at`` at the end; the worker is nudged after each chunk.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_WRITE_LOCK, campaign_id])
        (locked,) = cursor.fetchone()
    if not locked:
        return 0
    try:
        return _write_campaign_messages(campaign_id, chunk)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_WRITE_LOCK, campaign_id])


def rendered_for_recipients(campaign: Campaign) -> dict[str, tuple[str, str, str]]:
    """The campaign's mail per recipient language, with a marker for the unsubscribe link."""
    return {
        language: render_campaign(campaign, language, unsubscribe_url=_UNSUBSCRIBE_MARKER)
        for language in Language.values
    }


def _unsubscribe_links() -> Callable[[str, str], str]:
    """``tokens.unsubscribe_url`` with the URL reversed once, not per recipient."""
    template = tokens.absolute(reverse("unsubscribe", kwargs={"token": _TOKEN_MARKER}))

    def link(address: str, language: str) -> str:
        token = tokens.unsubscribe_token(email=address, language=language)
        return template.replace(_TOKEN_MARKER, token)

    return link


def _personalised(
    campaign: Campaign, address: str, language: str, *, rendered: dict, link: str
) -> dict:
    """The outbox fields of one recipient's mail: the rendered mail with their link."""
    subject, text, html = rendered[language]
    return {
        "recipient": address,
        "language": content_language(campaign, language),
        "category": OutboundMessage.Category.CAMPAIGN,
        "subject": subject,
        "body_text": text.replace(_UNSUBSCRIBE_MARKER, link),
        "body_html": html.replace(_UNSUBSCRIBE_MARKER, link),
        "headers": {
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        "dedupe_key": _dedupe_key(campaign.pk, address),
    }


def campaign_rows(
    campaign: Campaign, recipients: Iterable[tuple[str, str]], *, rendered: dict
) -> list[OutboundMessage]:
    """Unsaved outbox rows of ``campaign`` for ``(address, language)`` pairs.

    Each row has the recipient's own unsubscribe link in the text, the HTML
    and the List-Unsubscribe headers (what ``queue_mail`` does for campaign
    mail, without rendering the templates once per recipient).
    """
    now = timezone.now()
    link = _unsubscribe_links()
    return [
        OutboundMessage(
            **_personalised(
                campaign, address, language, rendered=rendered, link=link(address, language)
            ),
            campaign=campaign,
            created_at=now,
            next_attempt_at=now,
        )
        for address, language in recipients
    ]


def _copy_campaign_rows(
    campaign: Campaign, recipients: Iterable[tuple[str, str]], *, rendered: dict, link, now
) -> None:
    """Insert pending outbox rows with COPY, the fastest way into PostgreSQL.

    COPY has no ``ON CONFLICT``: the caller passes only addresses without a
    row (under the writer's lock, nobody else writes campaign keys).
    """
    fields = [OutboundMessage._meta.get_field(name) for name in _COPY_FIELDS]
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(OutboundMessage._meta.db_table), ", ".join(quote(field.column) for field in fields)
    )
    constant = {
        "attachments": "[]",
        "state": OutboundMessage.State.PENDING,
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
        "last_error": "",
        "campaign": campaign.pk,
    }
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for address, language in recipients:
            values = _personalised(
                campaign, address, language, rendered=rendered, link=link(address, language)
            )
            values["headers"] = json.dumps(values["headers"])
            values.update(constant)
            copy.write_row([values[name] for name in _COPY_FIELDS])


def _write_campaign_messages(campaign_id: int, chunk: int) -> int:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.state != Campaign.State.SENDING or campaign.written_at:
        return 0
    result = audience(campaign.segments)
    Campaign.objects.filter(pk=campaign.pk).update(
        recipient_count=result.recipient_count,
        no_consent_count=result.no_consent,
        opted_out_count=result.opted_out,
    )
    # Rows of an earlier run that died half-way stay as they are.
    written = set(
        OutboundMessage.objects.filter(campaign=campaign).values_list("dedupe_key", flat=True)
    )
    missing = [
        (address, language)
        for address, language in result.recipients
        if _dedupe_key(campaign.pk, address) not in written
    ]
    rendered = rendered_for_recipients(campaign)
    link = _unsubscribe_links()
    now = timezone.now()
    for part in _chunks(missing, chunk):
        with transaction.atomic():
            _copy_campaign_rows(campaign, part, rendered=rendered, link=link, now=now)
            # Each chunk's commit lets an idle worker process start sending.
            _nudge_worker_after_commit()
    Campaign.objects.filter(pk=campaign.pk, written_at__isnull=True).update(
        written_at=timezone.now()
    )
    return len(missing)


def finish_campaigns() -> list[int]:
    """Mark ``sent`` the sending campaigns with every row written and none left to send.

    A row counts as done when sent or failed for good. Sets
    ``finished_at``; audit entry ``newsletters.campaign.sent`` with the
    totals. Returns the finished campaigns' ids.
    """
    finished = []
    with transaction.atomic():
        campaigns = list(
            Campaign.objects.filter(state=Campaign.State.SENDING, written_at__isnull=False)
            .exclude(
                messages__state__in=(OutboundMessage.State.PENDING, OutboundMessage.State.SENDING)
            )
            .select_for_update(skip_locked=True)
        )
        for campaign in campaigns:
            progress = campaign_progress(campaign)
            campaign.state = Campaign.State.SENT
            campaign.finished_at = timezone.now()
            campaign.save(update_fields=["state", "finished_at", "updated_at"])
            log_action(None, campaign, "newsletters.campaign.sent", progress)
            finished.append(campaign.pk)
    return finished


def resume_unwritten_campaigns() -> list[int]:
    """Write the rows of sending campaigns whose rows are not all written yet.

    Covers a lost nudge (Redis down when sending started) and a worker
    that died while writing. Returns the ids of the campaigns worked on.
    """
    ids = list(
        Campaign.objects.filter(state=Campaign.State.SENDING, written_at__isnull=True)
        .order_by("started_at", "pk")
        .values_list("pk", flat=True)
    )
    for campaign_id in ids:
        write_campaign_messages(campaign_id=campaign_id)
    return ids


# --- Reads ------------------------------------------------------------------------


def campaign_progress(campaign: Campaign) -> dict[str, int]:
    """``{"total", "sent", "failed", "pending"}`` of a campaign's outbox rows (one query).

    ``pending`` includes rows being sent at this moment.
    """
    counts = {
        row["state"]: row["count"]
        for row in OutboundMessage.objects.filter(campaign=campaign)
        .order_by()
        .values("state")
        .annotate(count=Count("pk"))
    }
    sent = counts.get(OutboundMessage.State.SENT, 0)
    failed = counts.get(OutboundMessage.State.FAILED, 0)
    pending = counts.get(OutboundMessage.State.PENDING, 0) + counts.get(
        OutboundMessage.State.SENDING, 0
    )
    return {"total": sent + failed + pending, "sent": sent, "failed": failed, "pending": pending}


def failed_deliveries(campaign: Campaign):
    """The campaign's failed rows with the server's reply (``last_error``), by address."""
    return (
        OutboundMessage.objects.filter(campaign=campaign, state=OutboundMessage.State.FAILED)
        .only("pk", "recipient", "language", "attempts", "last_error", "created_at", "campaign_id")
        .order_by("recipient", "pk")
    )


def campaigns_in_progress() -> list[Campaign]:
    """Scheduled and sending campaigns, each with ``.progress`` (two queries).

    For the coordinator's dashboard: scheduled ones by time, then sending.
    """
    campaigns = list(
        Campaign.objects.filter(
            state__in=(Campaign.State.SCHEDULED, Campaign.State.SENDING)
        ).order_by("-state", "scheduled_at", "started_at", "pk")
    )
    sending = [c.pk for c in campaigns if c.state == Campaign.State.SENDING]
    rows = (
        OutboundMessage.objects.filter(campaign_id__in=sending)
        .order_by()
        .values_list("campaign_id", "state")
        .annotate(count=Count("pk"))
        if sending
        else []
    )
    counts: dict[int, dict[str, int]] = {}
    for campaign_id, state, count in rows:
        counts.setdefault(campaign_id, {})[state] = count
    for campaign in campaigns:
        by_state = counts.get(campaign.pk, {})
        sent = by_state.get(OutboundMessage.State.SENT, 0)
        failed = by_state.get(OutboundMessage.State.FAILED, 0)
        pending = by_state.get(OutboundMessage.State.PENDING, 0) + by_state.get(
            OutboundMessage.State.SENDING, 0
        )
        campaign.progress = {
            "total": sent + failed + pending,
            "sent": sent,
            "failed": failed,
            "pending": pending,
        }
    return campaigns


def recent_failed_deliveries(*, limit: int = 20):
    """The latest failed outbox rows of every category, for the dashboard (one query).

    Each with its campaign (``select_related``) when it was campaign mail.
    """
    return (
        OutboundMessage.objects.filter(state=OutboundMessage.State.FAILED)
        .select_related("campaign")
        .defer("body_text", "body_html", "attachments")
        .order_by("-created_at", "-pk")[:limit]
    )


def public_campaigns():
    """Sent campaigns in the public archive, newest first."""
    return Campaign.objects.filter(is_public=True, state=Campaign.State.SENT).order_by(
        "-finished_at", "-pk"
    )


def public_campaign(slug: str) -> Campaign | None:
    """The archived campaign with ``slug``, or ``None`` when it is not public (yet)."""
    return public_campaigns().filter(slug=slug).first()


def sent_campaign_count(*, since: datetime | None = None) -> int:
    """How many campaigns went out (since ``since``): an indicator for strategy."""
    campaigns = Campaign.objects.filter(state=Campaign.State.SENT)
    if since is not None:
        campaigns = campaigns.filter(Q(finished_at__gte=since))
    return campaigns.count()
