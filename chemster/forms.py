from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from chemster.models import AuditEntry


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254)
    kind = forms.ModelChoiceField(
        label=_("Object kind"),
        queryset=ContentType.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    code = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = AuditEntry.objects.order_by()
        self.fields["kind"].queryset = ContentType.objects.filter(
            pk__in=used.values("content_type")
        ).order_by("app_label", "model")
        self.fields["code"].choices = [("", _("All"))] + [
            (code, code) for code in used.values_list("code", flat=True).distinct().order_by("code")
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned
