"""Forms of the events app: the calendar's filter, registering, managing
events and checking people in."""

from datetime import timedelta

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.models import Event
from members.models import User

# <input type="datetime-local"> sends and shows this; the value is read in
# the current time zone (Europe/Warsaw).
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class CalendarFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Event.Kind.choices],
        required=False,
    )


class ConfirmForm(forms.Form):
    """A button's POST: nothing to fill in, but CSRF-checked."""


class GuestRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("The firm or institution you work for, if any."),
    )
    language = forms.ChoiceField(label=_("Language of our e-mails"), choices=User.Language.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (translation.get_language() or "pl")[:2]
        self.fields["language"].initial = current if current in ("pl", "en") else "pl"

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class ColleaguesForm(forms.Form):
    """A firm admin picks colleagues (users of their firms) to register."""

    users = forms.ModelMultipleChoiceField(
        label=_("Colleagues"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = colleagues
        self.fields["users"].label_from_instance = lambda user: f"{user.name} ({user.email})"


class _DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


def _datetime_field(label, *, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=_DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class EventForm(forms.Form):
    """The coordinator's form for a new or changed event (times in
    Europe/Warsaw)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Event.Audience.choices)
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_pl = forms.CharField(
        label=_("Description (Polish)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Markdown: **bold**, *italics*, lists and links."),
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    starts_at = _datetime_field(_("Start"))
    ends_at = _datetime_field(_("End"))
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(
        label=_("Venue address"),
        max_length=300,
        required=False,
        help_text=_("Shown to registered people only."),
    )
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to registered people only."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Leave empty for unlimited seats."),
    )
    registration_opens_at = _datetime_field(
        _("Registration opens"),
        required=False,
        help_text=_("Leave empty to open registration on publishing."),
    )
    registration_closes_at = _datetime_field(
        _("Registration closes"),
        required=False,
        help_text=_("Leave empty to close registration at the start."),
    )
    reminder_hours = forms.IntegerField(
        label=_("Reminder (hours before the start)"),
        min_value=1,
        max_value=24 * 14,
        initial=24,
    )

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        initial = {name: getattr(event, name) for name in cls.base_fields if hasattr(event, name)}
        initial["reminder_hours"] = int(event.reminder_lead.total_seconds() // 3600)
        return initial

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if starts and closes and closes > starts:
            self.add_error(
                "registration_closes_at", _("Registration must close by the start at the latest.")
            )
        return cleaned

    def event_fields(self) -> dict:
        """The cleaned values as ``create_event``/``update_event`` take them."""
        fields = {
            name: value for name, value in self.cleaned_data.items() if name != "reminder_hours"
        }
        fields["reminder_lead"] = timedelta(hours=self.cleaned_data["reminder_hours"])
        return fields


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("A note for the people registered (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), max_length=100, required=False)


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", _("Attended")), ("0", _("Not attended"))],
        coerce=lambda value: value == "1",
    )
