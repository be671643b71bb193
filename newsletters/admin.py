"""The outbox, consents and opt-outs in the Django admin: read-only.

Changes go through the services (and their audit entries), never the admin.
"""

from django.contrib import admin

from newsletters.models import Campaign, Consent, ConsentText, OptOut, OutboundMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "recipient",
        "category",
        "subject",
        "state",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["state", "category", "language"]
    search_fields = ["recipient", "dedupe_key", "subject"]
    date_hierarchy = "created_at"
    exclude = ["body_html"]
    readonly_fields = ["message_id"]


@admin.register(ConsentText)
class ConsentTextAdmin(ReadOnlyAdmin):
    list_display = ["purpose", "version", "sha256", "created_at"]
    list_filter = ["purpose"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = [
        "email",
        "purpose",
        "text",
        "method",
        "given_at",
        "confirmed_at",
        "withdrawn_at",
    ]
    list_filter = ["purpose", "method"]
    list_select_related = ["text"]
    search_fields = ["email"]


@admin.register(OptOut)
class OptOutAdmin(ReadOnlyAdmin):
    list_display = ["email", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["email"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    """Read-only: campaigns are written and sent on the coordinator's pages."""

    list_display = [
        "subject_pl",
        "state",
        "is_public",
        "scheduled_at",
        "started_at",
        "finished_at",
        "recipient_count",
    ]
    list_filter = ["state", "is_public"]
    search_fields = ["subject_pl", "subject_en", "slug"]
    date_hierarchy = "created_at"
    list_select_related = ["created_by"]
