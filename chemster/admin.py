from django.contrib import admin

from chemster.models import SiteText
from chemster.services import SITE_TEXT_FIELDS, update_site_text


@admin.register(SiteText)
class SiteTextAdmin(admin.ModelAdmin):
    list_display = ["key", "title_pl", "title_en", "updated_at"]
    fields = ["key", *SITE_TEXT_FIELDS]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        # The pages are fixed; their texts are edited, never added or removed.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        update_site_text(
            text=obj, fields={name: form.cleaned_data[name] for name in form.changed_data}
        )
