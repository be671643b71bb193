"""Who may do what: roles and the fetch helpers views use."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from chemster.lib.permissions import (  # noqa: F401 - the apps import them from here
    COORDINATORS_GROUP,
    coordinator_required,
    has_two_factor,
    is_coordinator,
)


def is_member(user) -> bool:
    """A user with a role in an active member firm (not an outsider)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_is_member"):
        from members.models import FirmRole

        user._is_member = FirmRole.objects.filter(user=user, firm__status="active").exists()
    return user._is_member


def sees_members_content(user) -> bool:
    """Members and the coordinator see members-only content."""
    return is_member(user) or is_coordinator(user)


def members_only(view):
    """A members-only page: visitors log in first, outsiders get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not sees_members_content(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _role_in(user, firm):
    if not (user.is_authenticated and user.is_active) or firm.status != "active":
        return None
    return next((r.role for r in firm.roles.all() if r.user_id == user.pk), None)


def can_edit_firm(user, firm) -> bool:
    return is_coordinator(user) or _role_in(user, firm) in ("admin", "editor")


def can_manage_firm_users(user, firm) -> bool:
    return is_coordinator(user) or _role_in(user, firm) == "admin"


def get_firm_for_user(request, slug):
    """The firm, if the user may see it: active firms for everyone, others
    for the coordinator only; 404 otherwise."""
    from members.models import Firm

    firms = Firm.objects.prefetch_related("roles")
    if not is_coordinator(request.user):
        firms = firms.active()
    return get_object_or_404(firms, slug=slug)


def get_firm_for_editor(request, slug):
    """The firm for its editors, admins and the coordinator (403 for others
    who may see it)."""
    firm = get_firm_for_user(request, slug)
    if not can_edit_firm(request.user, firm):
        raise PermissionDenied
    return firm


def get_firm_for_admin(request, slug):
    """The firm for its admins and the coordinator (403 for others who may see it)."""
    firm = get_firm_for_user(request, slug)
    if not can_manage_firm_users(request.user, firm):
        raise PermissionDenied
    return firm
