from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        import members.segments  # noqa: F401 - registers the campaign segments
        from members import personal_data  # noqa: F401 - registers the models
