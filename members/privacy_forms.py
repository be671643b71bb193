"""Forms of the privacy pages: deleting one's account, looking up the
consent records of an address."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data are erased for good."),
        error_messages={"required": _("Tick the box to confirm that you want this.")},
    )


class ConsentLookupForm(forms.Form):
    FORMATS = (("", _("page")), ("csv", "CSV"), ("json", "JSON"))

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    format = forms.ChoiceField(
        label=_("Format"), choices=FORMATS, required=False, widget=forms.HiddenInput
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
