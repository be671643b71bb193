from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsletters import segments as segment_registry
from newsletters.models import Language

# The wording a visitor agrees to on the sign-up page, kept with its version
# (DOMAIN.md: keep the text of every consent). ConsentText holds one text per
# (purpose, version), so each language has a version of its own.
NEWSLETTER_CONSENT_VERSION = "2026-11"
NEWSLETTER_CONSENT = {
    "pl": (
        "Zgadzam się na otrzymywanie newslettera klastra CHEM-STER na podany "
        "adres e-mail. Zgodę mogę wycofać w każdej chwili."
    ),
    "en": (
        "I agree to receive the CHEM-STER cluster newsletter at the address "
        "given. I can withdraw this consent at any time."
    ),
}


def newsletter_consent(language: str) -> tuple[str, str]:
    """``(text, version)`` of the sign-up consent in ``language``."""
    language = "en" if language == "en" else "pl"
    return NEWSLETTER_CONSENT[language], f"{NEWSLETTER_CONSENT_VERSION}-signup-{language}"


class ConsentConfirmForm(forms.Form):
    """The confirmation page's button: confirming takes a POST, never a GET,
    because mail scanners open links."""


class UnsubscribeForm(forms.Form):
    """The unsubscribe page's button, its undo button, or a one-click POST
    (RFC 8058)."""

    undo = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # RFC 8058: the mail client posts "List-Unsubscribe=One-Click".
        self.fields["List-Unsubscribe"] = forms.CharField(required=False, max_length=20)

    def is_one_click(self) -> bool:
        return self.cleaned_data.get("List-Unsubscribe") == "One-Click"

    def is_undo(self) -> bool:
        return bool(self.cleaned_data.get("undo")) and not self.is_one_click()


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    consent = forms.BooleanField(
        label=_("I agree (the text above)."),
        widget=forms.CheckboxInput(attrs={"aria-describedby": "consent-text"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class PreferencesForm(forms.Form):
    """A button on the account's newsletter page."""

    class Action:
        OPT_OUT = "opt-out"
        OPT_IN = "opt-in"
        SUBSCRIBE = "subscribe"

    action = forms.ChoiceField(
        choices=[
            (Action.OPT_OUT, _("Stop all campaign mail")),
            (Action.OPT_IN, _("Receive campaign mail again")),
            (Action.SUBSCRIBE, _("Subscribe to the newsletter")),
        ],
        widget=forms.HiddenInput,
    )


def _segment_field_name(code: str) -> str:
    return "segment__" + code.replace(".", "__")


class SegmentsForm(forms.Form):
    """The audience: a checkbox per registered segment and its parameters.

    Built from ``newsletters.segments.available()``, so a segment that an app
    registers appears here without changing this form. ``cleaned_data``
    gets ``segments``, the campaign's list checked by ``clean_segments``.
    """

    def __init__(self, *args, segments=None, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = {item["code"]: item.get("params") or {} for item in segments or ()}
        self.segment_groups = []
        for segment in segment_registry.available():
            name = _segment_field_name(segment.code)
            self.fields[name] = forms.BooleanField(
                label=segment.label, required=False, initial=segment.code in chosen
            )
            param_names = []
            for param in segment.params:
                param_name = f"{name}__{param.name}"
                initial = chosen.get(segment.code, {}).get(param.name)
                if param.kind == "multiple":
                    self.fields[param_name] = forms.MultipleChoiceField(
                        label=param.label,
                        choices=param.choice_list(),
                        required=False,
                        widget=forms.CheckboxSelectMultiple,
                        initial=initial or [],
                    )
                else:
                    self.fields[param_name] = forms.ChoiceField(
                        label=param.label,
                        choices=[("", "---------"), *param.choice_list()],
                        required=False,
                        initial=initial or "",
                    )
                param_names.append(param_name)
            self.segment_groups.append((segment, name, param_names))

    def segment_fields(self):
        """``(checkbox, [parameter fields])`` per segment, for the template."""
        return [
            (self[name], [self[param_name] for param_name in param_names])
            for _segment, name, param_names in self.segment_groups
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = []
        for segment, name, _param_names in self.segment_groups:
            if not cleaned.get(name):
                continue
            params = {}
            for param in segment.params:
                value = cleaned.get(f"{name}__{param.name}")
                if not value and f"{name}__{param.name}" not in self.errors:
                    self.add_error(
                        f"{name}__{param.name}",
                        _("Choose at least one value for this segment.")
                        if param.kind == "multiple"
                        else _("Choose a value for this segment."),
                    )
                params[param.name] = value
            chosen.append({"code": segment.code, "params": params})
        if not self.errors:
            try:
                cleaned["segments"] = segment_registry.clean_segments(chosen)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class CampaignForm(SegmentsForm):
    """The composer: texts in both languages, the audience, the archive flag.

    A campaign past the draft stage keeps its content; its form offers only
    the place in the public archive (``content=False``).
    """

    subject_pl = forms.CharField(label=_("Subject (Polish)"), max_length=200)
    body_pl = forms.CharField(
        label=_("Text (Polish, Markdown)"), widget=forms.Textarea(attrs={"rows": 14})
    )
    subject_en = forms.CharField(
        label=_("Subject (English, optional)"), max_length=200, required=False
    )
    body_en = forms.CharField(
        label=_("Text (English, Markdown, optional)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
    )
    is_public = forms.BooleanField(
        label=_("Show it in the public archive once it is sent"), required=False
    )

    field_order = ["subject_pl", "body_pl", "subject_en", "body_en", "is_public"]

    def __init__(self, *args, content=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_content = content
        if not content:
            for name in list(self.fields):
                if name != "is_public":
                    del self.fields[name]
            self.segment_groups = []

    def clean(self):
        cleaned = super().clean()
        if (
            self.has_content
            and (cleaned.get("subject_en") or "").strip()
            and not (cleaned.get("body_en") or "").strip()
        ):
            self.add_error(
                "body_en", _("Write the English text too, or leave the English subject empty.")
            )
        return cleaned

    def service_fields(self) -> dict:
        """The cleaned values as ``create_campaign``/``update_campaign`` take them."""
        names = (
            ("subject_pl", "body_pl", "subject_en", "body_en", "segments", "is_public")
            if self.has_content
            else ("is_public",)
        )
        return {name: self.cleaned_data[name] for name in names}


class PreviewForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the recipient"), choices=Language.choices, required=False
    )


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Send at (Polish time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_scheduled_at(self):
        # The field reads the time in the current time zone; pin it to the
        # cluster's, whatever the browser's is.
        value = self.cleaned_data["scheduled_at"]
        naive = timezone.make_naive(value, timezone.get_current_timezone())
        return timezone.make_aware(naive, ZoneInfo("Europe/Warsaw"))


class SendForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, send it to all its recipients now"))
