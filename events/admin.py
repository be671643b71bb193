from django.contrib import admin

from events.models import Event, Registration


class _ReadOnly(admin.ModelAdmin):
    """Events change through the coordinator's pages, whose services audit,
    mail and keep the waitlist in order; the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(_ReadOnly):
    list_display = ["title_pl", "kind", "audience", "state", "starts_at", "capacity"]
    list_filter = ["state", "kind", "audience"]
    search_fields = ["title_pl", "title_en", "slug"]
    date_hierarchy = "starts_at"


@admin.register(Registration)
class RegistrationAdmin(_ReadOnly):
    list_display = ["name", "email", "event", "state", "waitlist_position", "created_at"]
    list_filter = ["state"]
    search_fields = ["name", "email", "organisation", "event__title_pl"]
    list_select_related = ["event"]
    raw_id_fields = ["event", "user", "firm", "registered_by"]
