from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Competence, Firm

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file made from the template"),
        help_text=_("Columns separated by ; or , in UTF-8 or Windows-1250, or an XLSX workbook."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file made from the template."))
        return upload


class ImportConfirmForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What to import"),
        choices=[
            ("all", _("All rows, or nothing if any row has an error")),
            ("valid", _("Only the rows without errors")),
        ],
        widget=forms.RadioSelect,
        initial="all",
    )
    invite_contacts = forms.BooleanField(
        label=_("Invite the contacts of active firms as the firms' administrators"),
        required=False,
    )


class ExportForm(forms.Form):
    """The directory's filters plus the membership status."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Membership"), choices=[("", _("All"))] + list(Firm.Status.choices), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All"))] + list(Firm.Kind.choices), required=False
    )
    size_class = forms.ChoiceField(
        label=_("Size class"),
        choices=[("", _("All"))] + list(Firm.SizeClass.choices),
        required=False,
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    competence = forms.ModelMultipleChoiceField(
        label=_("Competences"), queryset=Competence.objects.all(), required=False
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="csv"
    )
