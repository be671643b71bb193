from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Competence, MembershipApplication
from members.validators import applicant_firm_errors, clean_nip, clean_vat_number


class ApplicationForm(forms.ModelForm):
    # Longer than stored: people type "749-000-78-36"; cleaning compacts it.
    nip = forms.CharField(label=_("NIP"), max_length=20, required=False)
    vat_number = forms.CharField(label=_("EU VAT number"), max_length=20, required=False)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences"),
        queryset=Competence.objects.select_related("group"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    clause_read = forms.BooleanField(
        label=_("I have read the information on how my personal data are processed."),
    )
    newsletter = forms.BooleanField(
        label=_("I would also like to receive the cluster's newsletter (optional)."),
        required=False,
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "name",
            "kind",
            "size_class",
            "country",
            "nip",
            "vat_number",
            "street",
            "postcode",
            "city",
            "description",
            "competences",
            "motivation",
            "contact_name",
            "contact_function",
            "contact_email",
            "contact_phone",
            "language",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "contact_name": _("Your name"),
            "contact_function": _("Your function in the firm"),
            "contact_email": _("Your e-mail address"),
            "contact_phone": _("Your phone"),
            "language": _("Language of our messages"),
            "country": _("Country (two-letter code, e.g. PL, DE, CZ)"),
        }

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def clean_nip(self):
        value = self.cleaned_data["nip"].strip()
        return clean_nip(value) if value else ""

    def clean_vat_number(self):
        value = self.cleaned_data["vat_number"].strip()
        return clean_vat_number(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        errors = applicant_firm_errors(
            **{
                name: cleaned.get(name, "")
                for name in ("kind", "size_class", "country", "nip", "vat_number", "postcode")
            }
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        # Only the number that fits the country is kept.
        if cleaned.get("country") == "PL":
            cleaned["vat_number"] = ""
        else:
            cleaned["nip"] = ""
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the applicant reads it when you reject)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason the applicant will read."))
        return cleaned


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("All"))] + list(MembershipApplication.State.choices),
        required=False,
    )
    q = forms.CharField(label=_("Firm or e-mail"), required=False, max_length=100)


class StatusForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Change"),
        choices=[
            ("suspend", _("Suspend")),
            ("reinstate", _("Reinstate")),
            ("leave", _("Record leaving")),
        ],
    )
    left_on = forms.DateField(
        label=_("Date of leaving"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "leave" and not cleaned.get("left_on"):
            self.add_error("left_on", _("Give the date the member left."))
        return cleaned
