from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The Django admin, open only to coordinators with two-factor login."""

    default_site = "members.admin_site.PortalAdminSite"
