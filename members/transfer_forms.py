import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from chemster.lib import uploads
from members.models import Competence, Firm

# Bytes that never occur in CSV text (control characters other than tab,
# line feed and carriage return): a binary file renamed .csv has them.
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _not_a_workbook():
    return forms.ValidationError(_("The file is not a readable XLSX workbook."), code="file_type")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file made from the template"),
        help_text=_("Columns separated by ; or , in UTF-8 or Windows-1250, or an XLSX workbook."),
    )

    def clean_file(self):
        """The name says CSV or XLSX and the content agrees: an XLSX is a
        safe zip with a workbook inside, a CSV is text without binary bytes
        (read by ``members.transfer.read_table`` after this)."""
        upload = self.cleaned_data["file"]
        uploads.check_size(upload, settings.UPLOAD_MAX_IMPORT_BYTES)
        extension = uploads.extension(upload.name)
        if extension not in (".csv", ".txt", ".xlsx"):
            raise forms.ValidationError(
                _("Upload a CSV or XLSX file made from the template."), code="file_type"
            )
        if extension == ".xlsx":
            if not uploads.read_head(upload).startswith(uploads.ZIP_SIGNATURE):
                raise _not_a_workbook()
            with uploads.open_zip(upload, refused=_not_a_workbook()) as archive:
                if "xl/workbook.xml" not in archive.namelist():
                    raise _not_a_workbook()
        else:
            upload.seek(0)
            content = upload.read()
            if _BINARY_BYTE.search(content):
                raise forms.ValidationError(
                    _("The file is not CSV text: it holds binary data."), code="file_type"
                )
        upload.seek(0)
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
