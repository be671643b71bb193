from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from members.models import Firm
from projects.models import Participation

TEXT_LIMIT = 2000

JOINING_ROLE_CHOICES = [
    (value, label)
    for value, label in Participation.Role.choices
    if value in Participation.JOINING_ROLES
]


def _text(label, *, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class JoinForm(forms.Form):
    """A request to join; ``firms`` are the user's admin firms that may ask."""

    firm = forms.ChoiceField(label=_("Firm"))
    role = forms.ChoiceField(label=_("Role in the project"), choices=JOINING_ROLE_CHOICES)
    message = _text(_("Message to the project's leader"))
    contribution_pl = _text(
        _("What your firm brings (Polish)"),
        help_text=_("Shown to the project's participants; on a combined offer, publicly."),
    )
    contribution_en = _text(_("What your firm brings (English)"))

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        self._firms = {firm.slug: firm for firm in firms}
        self.fields["firm"].choices = [(firm.slug, firm.name) for firm in firms]

    def clean_firm(self):
        return self._firms[self.cleaned_data["firm"]]


class InviteForm(forms.Form):
    """An invitation; the matching page posts the same fields (firm as slug)."""

    firm = forms.ModelChoiceField(
        label=_("Firm"),
        queryset=Firm.objects.active().order_by("name", "pk"),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Choose an active member firm.")},
    )
    role = forms.ChoiceField(label=_("Role in the project"), choices=JOINING_ROLE_CHOICES)
    message = _text(_("Message to the firm"), rows=3)
    # Where to go back to (the matching page); only a path on this site.
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def __init__(self, *args, exclude_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        if exclude_ids:
            # Offer only firms that may be invited; a bound form still takes
            # any active firm so the service explains a refusal.
            self.fields["firm"].queryset = self.fields["firm"].queryset.exclude(pk__in=exclude_ids)

    def clean_next(self):
        target = self.cleaned_data["next"]
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return target if target.startswith("/") else ""
        return ""


class DeclineForm(forms.Form):
    reason = _text(
        _("Reason"),
        rows=3,
        help_text=_("The firm reads it. Required when you decline a request to join."),
    )
