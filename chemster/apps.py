from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChemsterConfig(AppConfig):
    name = "chemster"
    verbose_name = _("Site")

    def ready(self):
        from chemster.lib.personal_data import register
        from chemster.services import audit_entries_about, redact_audit_entries

        # The audit log's stored values are personal data too: erasure keeps
        # the entries (what happened) and removes who it was about.
        register(
            self.get_model("AuditEntry"),
            fields=("actor_email", "object_repr", "changes"),
            rows_for=audit_entries_about,
            erasure="anonymise",
            anonymise=redact_audit_entries,
        )
