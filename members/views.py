from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from members.forms import AcceptInvitationForm, ApiTokenForm, InviteForm, ProfileForm
from members.models import Invitation
from members.permissions import coordinator_required
from members.services import (
    accept_invitation,
    create_api_token,
    get_open_invitation,
    invite_user,
    revoke_api_token,
    revoke_invitation,
    update_profile,
)


@login_not_required
def invitation_accept(request, token):
    invitation = get_open_invitation(token)
    if invitation is None:
        return render(request, "members/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"name": invitation.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                token=token,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("account_overview")
    return render(
        request,
        "members/invitation_accept.html",
        {
            "form": form,
            "invitation": invitation,
        },
    )


def account_overview(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"name": user.name, "preferred_language": user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your details are saved."))
        return redirect("account_overview")
    return render(
        request,
        "members/account_overview.html",
        {
            "form": form,
        },
    )


@coordinator_required
def invitation_list(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_user(invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("The invitation to %(email)s is on its way.") % {"email": invitation.email},
            )
            return redirect("members:invitations")
    return render(
        request,
        "members/invitation_list.html",
        {
            "form": form,
            "invitations": Invitation.objects.open().select_related("invited_by")[:200],
        },
    )


@coordinator_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation.objects.open(), pk=pk)
    revoke_invitation(invitation=invitation, actor=request.user)
    messages.success(
        request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
    )
    return redirect("members:invitations")


@never_cache
def api_token_list(request):
    # A created token's secret is shown on the response to the POST itself
    # (no redirect), so that it is never stored in the session or a cache.
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = create_api_token(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _('The token "%(name)s" is created.') % {"name": token.name})
            form = ApiTokenForm()
    return render(
        request,
        "members/apitoken_list.html",
        {
            "form": form,
            "secret": secret,
            "tokens": request.user.api_tokens.live(),
        },
    )


@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens.live(), pk=pk)
    revoke_api_token(token=token, actor=request.user)
    messages.success(
        request,
        _('The token "%(name)s" is revoked; requests that use it are refused from now on.')
        % {"name": token.name},
    )
    return redirect("account_tokens")
