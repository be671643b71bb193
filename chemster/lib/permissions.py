"""The coordinator's role, which every app's pages check (the base holds it
so that newsletters, below members in the layers, can use it too)."""

from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

COORDINATORS_GROUP = "coordinators"


def is_coordinator(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    # Cached on the user object for the request: templates and views ask often.
    if not hasattr(user, "_is_coordinator"):
        user._is_coordinator = user.groups.filter(name=COORDINATORS_GROUP).exists()
    return user._is_coordinator


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def coordinator_required(view):
    """Let only coordinators with two-factor login in (DESIGN.md statuses).

    A visitor is sent to the login page, any other user gets 403, and a
    coordinator who has not set up two-factor login yet is sent to set it up.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coordinator(request.user):
            raise PermissionDenied
        if not has_two_factor(request.user):
            messages.warning(
                request,
                _("Set up two-factor login before you use the coordinator's pages."),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper
