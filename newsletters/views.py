from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsletters import tokens
from newsletters.forms import ConsentConfirmForm, UnsubscribeForm
from newsletters.models import OptOut
from newsletters.selectors import ConsentLinkError, consent_for_token, is_opted_out
from newsletters.services import confirm_consent, opt_out


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
# cookies; the signed token in the URL is what authorises the request.
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
            one_click = form.is_one_click()
            opt_out(
                email=email,
                source=OptOut.Source.ONE_CLICK if one_click else OptOut.Source.LINK,
            )
            if not one_click:
                return redirect(request.path)
        return render(
            request,
            "newsletters/unsubscribe.html",
            {
                "email": email,
                "form": form,
                "opted_out": is_opted_out(email=email),
            },
        )
