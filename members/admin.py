from django.contrib import admin
from django.db import models

from members.models import Firm, Invitation
from members.services import create_firm, update_firm


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "size_class", "city", "status", "joined_on"]
    list_filter = ["status", "kind", "size_class"]
    search_fields = ["name", "nip", "vat_number", "city"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["competences"]
    # A logo is uploaded on the firm's page, where it is checked and
    # re-encoded (members.images); here it is only shown.
    readonly_fields = ["updated_at", "logo"]
    exclude = ["search_vector"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        # Changes go through the services, so that they are audited and the
        # search index follows; competences are saved in save_related.
        names = [n for n in form.changed_data if n not in ("competences", "logo")]
        if change:
            update_firm(
                firm=Firm.objects.get(pk=obj.pk),
                actor=request.user,
                fields={name: getattr(obj, name) for name in names},
            )
        else:
            fields = {
                f.name: getattr(obj, f.name)
                for f in Firm._meta.concrete_fields
                if f.name not in ("id", "search_vector", "logo", "updated_at")
            }
            obj.pk = create_firm(actor=request.user, **fields).pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        update_firm(
            firm=Firm.objects.get(pk=form.instance.pk),
            actor=request.user,
            fields={},
            competences=list(form.cleaned_data["competences"]),
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "firm",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name != "token_digest"]
    exclude = ["token_digest"]

    def has_add_permission(self, request):
        # Invitations are sent from the portal's pages, which mail the link.
        return False

    def has_change_permission(self, request, obj=None):
        return False
