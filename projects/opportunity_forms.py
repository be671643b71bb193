"""Forms of the cooperation offers and requests (``Opportunity``) pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Competence
from projects.models import Opportunity


def _text(name: str, **kwargs):
    """A form field with the model field's label, length and requiredness."""
    return Opportunity._meta.get_field(name).formfield(**kwargs)


class OpportunityForm(forms.Form):
    """The text of a posting: ``cleaned_data`` goes to ``create_opportunity``
    or ``update_opportunity`` as it is."""

    kind = forms.ChoiceField(label=_("Type"), choices=Opportunity.Kind.choices)
    title_pl = _text("title_pl")
    title_en = _text("title_en")
    summary_pl = _text(
        "summary_pl",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone sees the summary, visitors included (at most 300 characters)."),
    )
    summary_en = _text("summary_en", widget=forms.Textarea(attrs={"rows": 3}))
    description_pl = _text(
        "description_pl",
        help_text=_("Only members of the cluster read the full text. Markdown is allowed."),
    )
    description_en = _text("description_en")
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences"), queryset=Competence.objects.all(), required=False
    )

    @classmethod
    def initial_for(cls, opportunity: Opportunity) -> dict:
        initial = {name: getattr(opportunity, name) for name in cls.base_fields}
        initial["competences"] = [c.pk for c in opportunity.competences.all()]
        return initial


class BoardFilterForm(forms.Form):
    """The board's filters: type, competences and words. An invalid field
    is left out of the filtering (``cleaned_data`` holds the valid ones)."""

    kind = forms.ChoiceField(label=_("Type"), required=False)
    competence = forms.TypedMultipleChoiceField(label=_("Competences"), coerce=int, required=False)
    q = forms.CharField(
        label=_("Words"),
        max_length=100,
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, competence_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any type")), *Opportunity.Kind.choices]
        self.fields["competence"].choices = [(pk, str(pk)) for pk in competence_ids]


class DecisionForm(forms.Form):
    """The coordinator's decision on a submitted posting."""

    APPROVE, RETURN = "approve", "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Publish")), (RETURN, _("Return to the firm"))],
    )
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("The firm reads this; say what to change."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason the firm will read."))
        return cleaned


class InterestForm(forms.Form):
    """An expression of interest: for which of the user's firms, and a message."""

    firm = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=_(
            "The firm receives your message with your name, e-mail address and firm; "
            "you receive its contact details."
        ),
    )

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = firms
