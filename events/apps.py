from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        import events.segments  # noqa: F401 - registers the campaign segments
        from events import personal_data  # noqa: F401 - registers the models
