from datetime import timedelta

from csp.decorators import csp
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chemster.lib.i18n import localized
from chemster.lib.permissions import coordinator_required
from chemster.lib.ratelimit import allow
from newsletters import campaigns as campaign_service
from newsletters import segments as segment_registry
from newsletters import tokens
from newsletters.forms import (
    CampaignForm,
    ConsentConfirmForm,
    PreferencesForm,
    PreviewForm,
    ScheduleForm,
    SegmentsForm,
    SendForm,
    SignupForm,
    UnsubscribeForm,
    newsletter_consent,
)
from newsletters.models import Campaign, Consent, Language, OptOut, OutboundMessage
from newsletters.selectors import ConsentLinkError, consent_for_token, is_opted_out
from newsletters.services import (
    confirm_consent,
    opt_out,
    request_consent,
    undo_opt_out,
)

# The public sign-up form takes this many sign-ups an hour from one address.
SIGNUPS_PER_HOUR = 10
# The campaign page asks for fresh progress this often while sending.
PROGRESS_POLL_SECONDS = 3
# A scheduled campaign's page starts polling this long before its time.
_POLL_BEFORE_SCHEDULED = timedelta(minutes=10)
# The mail's own inline styles are all the preview may use: no scripts, no
# requests, no forms; only the coordinator's page may frame it.
_PREVIEW_POLICY = {
    "default-src": "'none'",
    "style-src": "'unsafe-inline'",
    "img-src": ["'self'", "data:", "https:"],
    "base-uri": "'none'",
    "form-action": "'none'",
    "frame-ancestors": "'self'",
    "sandbox": "",
}


def _client_ip(request):
    return request.META.get("REMOTE_ADDR")


def _with_progress(campaigns: list[Campaign]) -> list[Campaign]:
    """Give each campaign ``.progress`` from one grouped query of its outbox rows."""
    counts: dict[int, dict[str, int]] = {}
    started = [campaign.pk for campaign in campaigns if campaign.started_at]
    if started:
        rows = (
            OutboundMessage.objects.filter(campaign_id__in=started)
            .order_by()
            .values_list("campaign_id", "state")
            .annotate(count=Count("pk"))
        )
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


def _progress_context(campaign: Campaign) -> dict:
    started = campaign.started_at is not None
    return {
        "campaign": campaign,
        "progress": campaign_service.campaign_progress(campaign) if started else None,
        "failed": list(campaign_service.failed_deliveries(campaign))
        if campaign.state == Campaign.State.SENT
        else [],
        "polling": campaign.state == Campaign.State.SENDING
        or (
            campaign.state == Campaign.State.SCHEDULED
            and campaign.scheduled_at - timezone.now() < _POLL_BEFORE_SCHEDULED
        ),
        "poll_seconds": PROGRESS_POLL_SECONDS,
    }


def _error_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Links in mail: confirming and unsubscribing --------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def consent_confirm(request, token):
    try:
        consent = consent_for_token(token=token)
    except ConsentLinkError as error:
        return render(
            request,
            "newsletters/link_invalid.html",
            {"error": error.message},
            status=404,
        )
    form = ConsentConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        confirm_consent(token=token)
        messages.success(request, _("Thank you: your newsletter subscription is confirmed."))
        return redirect(request.path)
    return render(
        request,
        "newsletters/consent_confirm.html",
        {
            "consent": consent,
            "form": form,
        },
    )


# Mail clients post RFC 8058 one-click unsubscribes without a CSRF token or
# cookies; the signed token in the URL is what authorises the request (also
# for undoing, which only the link's holder can do).
@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        email, language = tokens.unsubscribe_target(token)
    except tokens.LinkInvalid:
        return render(
            request,
            "newsletters/link_invalid.html",
            {"error": _("This unsubscribe link is not valid.")},
            status=404,
        )
    with translation.override(language):
        form = UnsubscribeForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            if form.is_undo():
                undo_opt_out(email=email)
                return redirect(f"{request.path}?undone=1")
            one_click = form.is_one_click()
            opt_out(
                email=email,
                source=OptOut.Source.ONE_CLICK if one_click else OptOut.Source.LINK,
            )
            if not one_click:
                return redirect(request.path)
        opted_out = is_opted_out(email=email)
        return render(
            request,
            "newsletters/unsubscribe.html",
            {
                "email": email,
                "form": form,
                "opted_out": opted_out,
                "undone": not opted_out and request.GET.get("undone") == "1",
            },
        )


# --- Sign-up and a member's preferences -------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    language = get_language()
    text, version = newsletter_consent(language)
    form = SignupForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and not allow(
        f"newsletter-signup:{_client_ip(request)}", limit=SIGNUPS_PER_HOUR, window_seconds=3600
    ):
        form.add_error(
            None, _("Too many sign-ups from your network in the last hour; try again later.")
        )
        status = 429
    elif form.is_valid():
        # Known, confirmed or opted-out addresses get the same answer: the
        # page must not tell who subscribed.
        request_consent(
            email=form.cleaned_data["email"],
            purpose=Consent.Purpose.NEWSLETTER,
            text=text,
            version=version,
            method=Consent.Method.FORM,
            language=language,
            ip=_client_ip(request),
        )
        messages.success(
            request,
            _(
                "Thank you. If the address can be subscribed, a message with a confirmation "
                "link is on its way to it; the subscription starts once you use the link."
            ),
        )
        return redirect("newsletters:signup")
    return render(
        request,
        "newsletters/signup.html",
        {
            "form": form,
            "consent_text": text,
            "consent_language": "en" if language == "en" else "pl",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def preferences(request):
    email = request.user.email
    language = get_language()
    text, version = newsletter_consent(language)
    form = PreferencesForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        action = form.cleaned_data["action"]
        if action == PreferencesForm.Action.OPT_OUT:
            opt_out(email=email, source=OptOut.Source.ACCOUNT, actor=request.user)
            messages.success(request, _("No more campaign mail will be sent to your address."))
        elif action == PreferencesForm.Action.OPT_IN:
            undo_opt_out(email=email, actor=request.user)
            messages.success(request, _("Campaign mail may reach your address again."))
        else:
            request_consent(
                email=email,
                purpose=Consent.Purpose.NEWSLETTER,
                text=text,
                version=version,
                method=Consent.Method.FORM,
                language=language,
                ip=_client_ip(request),
            )
            messages.success(
                request,
                _("We sent you a confirmation link; the subscription starts once you use it."),
            )
        return redirect("newsletters:preferences")
    consent = (
        Consent.objects.live().filter(email=email.strip().lower(), purpose="newsletter").first()
    )
    opted_out = is_opted_out(email=email)
    member_contact = segment_registry.is_member_contact(email)
    confirmed = consent is not None and consent.confirmed_at is not None
    return render(
        request,
        "newsletters/preferences.html",
        {
            "email": email,
            "opted_out": opted_out,
            "is_member_contact": member_contact,
            "receives": not opted_out and (member_contact or confirmed),
            "pending": consent is not None and not confirmed,
            "consent_text": text,
            "consent_language": "en" if language == "en" else "pl",
        },
    )


# --- The public archive -----------------------------------------------------------


@login_not_required
@require_GET
def archive(request):
    campaigns = campaign_service.public_campaigns().defer("body_pl", "body_en", "segments")
    page = Paginator(campaigns, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "newsletters/archive.html",
        {
            "page": page,
        },
    )


@login_not_required
@require_GET
def archive_detail(request, slug):
    campaign = campaign_service.public_campaign(slug)
    if campaign is None:
        raise Http404
    language = campaign_service.content_language(campaign, get_language())
    return render(
        request,
        "newsletters/archive_detail.html",
        {
            "campaign": campaign,
            "subject": localized(campaign, "subject", language),
            "body": localized(campaign, "body", language),
        },
    )


# --- The coordinator's campaigns --------------------------------------------------


@coordinator_required
@require_GET
def campaign_list(request):
    campaigns = Campaign.objects.defer("body_pl", "body_en", "segments")
    page = Paginator(campaigns.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    page.object_list = _with_progress(list(page.object_list))
    return render(
        request,
        "newsletters/campaign_list.html",
        {
            "page": page,
        },
    )


def _composer(request, campaign: Campaign | None):
    content = campaign is None or campaign.is_editable
    form = CampaignForm(
        request.POST if request.method == "POST" else None,
        content=content,
        segments=campaign.segments if campaign else (),
        initial={
            name: getattr(campaign, name)
            for name in ("subject_pl", "body_pl", "subject_en", "body_en", "is_public")
        }
        if campaign
        else None,
    )
    if form.is_valid():
        try:
            if campaign is None:
                campaign = campaign_service.create_campaign(
                    actor=request.user, **form.service_fields()
                )
            else:
                campaign = campaign_service.update_campaign(
                    actor=request.user, campaign=campaign, **form.service_fields()
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The campaign is saved."))
            if "preview" in request.POST:
                return redirect("newsletters:campaign-preview", pk=campaign.pk)
            return redirect("newsletters:campaign", pk=campaign.pk)
    if content and form.is_bound and "segments" in form.cleaned_data:
        segments = form.cleaned_data["segments"]
    elif content and not form.is_bound and campaign is not None:
        segments = campaign.segments
    else:
        segments = None
    return render(
        request,
        "newsletters/campaign_form.html",
        {
            "form": form,
            "campaign": campaign,
            "audience": campaign_service.audience(segments) if segments is not None else None,
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    return _composer(request, None)


@coordinator_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    return _composer(request, get_object_or_404(Campaign, pk=pk))


@coordinator_required
@require_GET
def campaign_audience(request):
    """The recipients' count for the segments the composer shows (htmx)."""
    form = SegmentsForm(request.GET)
    valid = form.is_valid()
    return render(
        request,
        "newsletters/campaign_form.html#audience",
        {
            "audience": campaign_service.audience(form.cleaned_data["segments"]) if valid else None,
            "audience_errors": [message for errors in form.errors.values() for message in errors],
        },
    )


@coordinator_required
@require_GET
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    audience = (
        campaign_service.audience(campaign.segments)
        if campaign.state in (Campaign.State.DRAFT, Campaign.State.SCHEDULED)
        else None
    )
    return render(
        request,
        "newsletters/campaign_detail.html",
        {
            **_progress_context(campaign),
            "segments": segment_registry.describe_segments(campaign.segments),
            "audience": audience,
            "schedule_form": ScheduleForm(
                initial={"scheduled_at": campaign.scheduled_at} if campaign.scheduled_at else None
            ),
            "send_form": SendForm(),
            "can_edit": campaign.is_editable,
            "can_schedule": campaign.state in (Campaign.State.DRAFT, Campaign.State.SCHEDULED),
            "can_send": campaign.can_move_to(Campaign.State.SENDING),
            "can_cancel": campaign.can_move_to(Campaign.State.CANCELLED),
            "can_test": campaign.state in (Campaign.State.DRAFT, Campaign.State.SCHEDULED),
        },
    )


@coordinator_required
@require_GET
def campaign_progress(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    return render(request, "newsletters/campaign_detail.html#progress", _progress_context(campaign))


@coordinator_required
@require_GET
def campaign_preview(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = PreviewForm(request.GET)
    language = (form.is_valid() and form.cleaned_data["language"]) or Language.POLISH
    subject, text, _html = campaign_service.render_campaign(campaign, language)
    return render(
        request,
        "newsletters/campaign_preview.html",
        {
            "campaign": campaign,
            "language": language,
            "content_language": campaign_service.content_language(campaign, language),
            "languages": Language.choices,
            "subject": subject,
            "text": text,
        },
    )


@coordinator_required
@require_GET
@xframe_options_sameorigin
@csp(_PREVIEW_POLICY)
def campaign_preview_html(request, pk, language):
    campaign = get_object_or_404(Campaign, pk=pk)
    if language not in Language.values:
        raise Http404
    _subject, _text, html = campaign_service.render_campaign(campaign, language)
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@coordinator_required
@require_POST
def campaign_test(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        campaign_service.send_test(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("A test is on its way to %(email)s, in each language of the campaign.")
            % {"email": request.user.email},
        )
    return redirect("newsletters:campaign", pk=campaign.pk)


@coordinator_required
@require_POST
def campaign_schedule(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            campaign_service.schedule_campaign(
                actor=request.user, campaign=campaign, when=form.cleaned_data["scheduled_at"]
            )
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("The campaign is scheduled."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("newsletters:campaign", pk=campaign.pk)


@coordinator_required
@require_POST
def campaign_send(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the confirmation to send the campaign."))
        return redirect("newsletters:campaign", pk=campaign.pk)
    try:
        campaign_service.send_campaign_now(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The campaign is being sent."))
    return redirect("newsletters:campaign", pk=campaign.pk)


@coordinator_required
@require_POST
def campaign_cancel(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        campaign_service.cancel_campaign(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The campaign is cancelled; nothing was sent."))
    return redirect("newsletters:campaign", pk=campaign.pk)
