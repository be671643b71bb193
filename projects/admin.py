"""Projects in the Django admin: to look things up, not to change them.

Changes go through the portal's pages and the API, which call the services
(audit, mail, the leader's participation); the admin shows what is there.
"""

from django.contrib import admin

from projects.models import ExternalPartner, Participation, Project


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ParticipationInline(_ReadOnlyInline):
    model = Participation
    fields = ["firm", "role", "state", "created_at", "decided_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        # Each row's title names its firm and project.
        return super().get_queryset(request).select_related("firm", "project")


class ExternalPartnerInline(_ReadOnlyInline):
    model = ExternalPartner
    fields = ["name", "country", "kind"]
    readonly_fields = fields


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title_pl", "firm", "kind", "state", "visibility", "funding_deadline"]
    list_filter = ["state", "kind", "visibility"]
    search_fields = ["title_pl", "title_en", "slug", "firm__name"]
    list_select_related = ["firm"]
    inlines = [ParticipationInline, ExternalPartnerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
