from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from members.permissions import has_two_factor, is_coordinator


class PortalAdminSite(admin.AdminSite):
    site_header = _("CHEM-STER portal administration")
    site_title = _("CHEM-STER administration")

    def has_permission(self, request):
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and (is_coordinator(user) or user.is_superuser)
            and has_two_factor(user)
        )

    def login(self, request, extra_context=None):
        """Log in through the portal's own login page, with two-factor."""
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.GET.get("next") or request.path)
        if (is_coordinator(user) or user.is_superuser) and not has_two_factor(user):
            return redirect("mfa_activate_totp")
        if self.has_permission(request):
            return redirect("admin:index")
        raise PermissionDenied
