"""Forms of the projects' pages (joining, matching and offers have their own)."""

import copy

from django import forms
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from members.models import Competence
from projects.models import ExternalPartner, Project
from projects.services import PROJECT_FIELDS
from projects.validators import PARTNER_COUNTRIES, check_document, max_document_bytes

# Long texts have no limit in the database; the form sets one.
PROJECT_TEXT_MAX_LENGTH = 10_000
PROJECT_TEXT_FIELDS = (
    "description_pl",
    "description_en",
    "offer_pl",
    "offer_en",
)
UPDATE_MAX_LENGTH = 2000
_DATE_FIELDS = ("funding_deadline", "starts_on", "ends_on")
# Submitted projects only: the list never shows drafts.
LISTED_STATES = [choice for choice in Project.State.choices if choice[0] != Project.State.DRAFT]


class ProjectFilterForm(forms.Form):
    """The list's filters; an invalid value shows the unfiltered list."""

    q = forms.CharField(label=_("Words in the title"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Project.Kind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *LISTED_STATES], required=False
    )
    competence = forms.ModelChoiceField(
        label=_("Needed competence"),
        queryset=Competence.objects.order_by("group__position", "position", "id"),
        empty_label=_("Any competence"),
        required=False,
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "q": self.cleaned_data["q"],
            "kind": self.cleaned_data["kind"],
            "state": self.cleaned_data["state"],
            "competence": self.cleaned_data["competence"],
        }


class ProjectForm(forms.ModelForm):
    """A project's own fields; works on a copy, so the view hands
    ``project_fields()`` to the service with the untouched project and the
    audit sees old and new values. Cross-field rules (an end before the
    start, a negative budget) come from the model's constraints."""

    needed_competences = forms.ModelMultipleChoiceField(
        label=_("Needed competences"),
        queryset=Competence.objects.all(),
        required=False,
    )
    budget = forms.DecimalField(
        label=_("Budget (PLN)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
    )

    class Meta:
        model = Project
        fields = [*PROJECT_FIELDS, "needed_competences"]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 8}) for name in PROJECT_TEXT_FIELDS},
            **{name: forms.DateInput(attrs={"type": "date"}) for name in _DATE_FIELDS},
        }
        help_texts = {
            "title_en": _("Optional; English pages show the Polish title when it is missing."),
            "description_pl": _("Markdown: **bold**, *italics*, lists, links."),
            "offer_pl": _(
                "Combined offers only: the joint product or service, shown on the offer page."
            ),
            "funding_deadline": _(
                "The call's closing date; the coordinator sees deadlines 30 days ahead."
            ),
        }

    def __init__(self, *args, project: Project | None = None, **kwargs):
        super().__init__(*args, instance=copy.copy(project) if project else None, **kwargs)
        for name in PROJECT_TEXT_FIELDS:
            field = self.fields[name]
            field.max_length = PROJECT_TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(PROJECT_TEXT_MAX_LENGTH))
            field.widget.attrs["maxlength"] = str(PROJECT_TEXT_MAX_LENGTH)
        for name in _DATE_FIELDS:
            # The browser's date picker sends ISO dates whatever the language.
            self.fields[name].input_formats = ["%Y-%m-%d"]
            self.fields[name].widget.format = "%Y-%m-%d"

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The project cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        # The service validates the model (it knows the project's state); the
        # form's own checks are enough here and avoid queries per constraint.
        pass

    def project_fields(self) -> dict:
        """The cleaned fields for ``create_project`` or ``update_project``."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class SubmitForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Submit as"),
        choices=[
            (Project.State.IDEA, _("An idea (look for interest first)")),
            (Project.State.RECRUITING, _("Recruiting partners now")),
        ],
        initial=Project.State.IDEA,
    )


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=LISTED_STATES)


class ExternalPartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=PARTNER_COUNTRIES)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExternalPartner.Kind.choices)

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, PNG, JPEG, Word, Excel, OpenDocument, plain text or CSV; at most %(size)s. "
            "The file's content must match its name."
        ) % {"size": filesizeformat(max_document_bytes())}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked here too, so that the error shows beside the field.
        check_document(upload)
        return upload


class UpdateForm(forms.Form):
    body = forms.CharField(
        label=_("Update for the participants"),
        max_length=UPDATE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
