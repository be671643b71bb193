from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChemsterConfig(AppConfig):
    name = "chemster"
    verbose_name = _("Site")
