from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Joint projects")

    def ready(self):
        from projects import segments  # noqa: F401 - registers the campaign segments
