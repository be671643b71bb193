"""Forms of the coordinator's strategy pages (strategy/manage_views.py).

Model forms work on a copy of the row, so the view hands ``fields()`` to
the service with the untouched row and the audit sees old and new values.
Rules the services also keep (a goal code unique in its strategy, a known
live source) are checked here first, so they show beside their field.
"""

import copy
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from members.validators import validate_in_poland
from projects.models import Project
from strategy import sources
from strategy.models import (
    Action,
    BudgetLine,
    ClusterFacts,
    Goal,
    Indicator,
    Measurement,
    Objective,
    Strategy,
)

# Years a strategy's period, a budget line or a founding date may name.
FIRST_YEAR = 1990
LAST_YEAR = 2100

COORDINATE_PRECISION = Decimal("0.00001")


def _textareas(*names, rows=4):
    return {name: forms.Textarea(attrs={"rows": rows}) for name in names}


class _CopyModelForm(forms.ModelForm):
    """A model form that never changes the row it was given."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=copy.copy(instance) if instance else None, **kwargs)

    def fields_for_service(self) -> dict:
        """The cleaned model fields, for the service's ``**fields``."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class StrategyForm(_CopyModelForm):
    period_start = forms.IntegerField(
        label=_("First year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    period_end = forms.IntegerField(label=_("Last year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    class Meta:
        model = Strategy
        fields = [
            "title_pl",
            "title_en",
            "period_start",
            "period_end",
            "vision_pl",
            "vision_en",
            "regional_documents_pl",
            "regional_documents_en",
        ]
        widgets = _textareas(
            "vision_pl", "vision_en", "regional_documents_pl", "regional_documents_en"
        )
        help_texts = {
            "regional_documents_pl": _("One document a line; a line may be a Markdown link."),
            "regional_documents_en": _("One document a line; a line may be a Markdown link."),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start is not None and end is not None and end < start:
            self.add_error("period_end", _("The last year cannot come before the first year."))
        return cleaned


class CarryOverForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Carry the goals over from"),
        queryset=Strategy.objects.none(),
        help_text=_(
            "Copies the goals with their objectives and indicators; goals whose code "
            "this strategy has already are skipped. Actions and measurements stay."
        ),
    )

    def __init__(self, *args, target: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Strategy.objects.exclude(pk=target.pk).order_by(
            "-period_start", "-id"
        )


class _ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title_pl} ({obj.get_state_display()})"


class _EventChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        starts = formats.date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{obj.title_pl} ({starts})"


class GoalForm(_CopyModelForm):
    # Drafts are their firm's alone (projects) or not announced yet (events).
    projects = _ProjectChoiceField(
        label=_("Projects that serve the goal"),
        queryset=Project.objects.exclude(state=Project.State.DRAFT).order_by("title_pl", "id"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    events = _EventChoiceField(
        label=_("Events that serve the goal"),
        queryset=Event.objects.exclude(state=Event.State.DRAFT).order_by("-starts_at", "id"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )

    class Meta:
        model = Goal
        fields = [
            "code",
            "title_pl",
            "title_en",
            "description_pl",
            "description_en",
            "position",
            "projects",
            "events",
        ]
        widgets = _textareas("description_pl", "description_en")

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = self.strategy.goals.filter(code=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("This strategy already has a goal with this code."), code="code_taken"
            )
        return code

    def fields_for_service(self) -> dict:
        fields = super().fields_for_service()
        del fields["projects"], fields["events"]
        return fields


class ObjectiveForm(_CopyModelForm):
    class Meta:
        model = Objective
        fields = ["title_pl", "title_en", "position"]


class ActionForm(_CopyModelForm):
    class Meta:
        model = Action
        fields = ["title_pl", "title_en", "phase", "owner", "starts_on", "due_on", "status"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", _("The due date cannot come before the start."))
        return cleaned


class IndicatorForm(_CopyModelForm):
    source = forms.ChoiceField(
        label=_("Where the values come from"),
        required=False,
        help_text=_(
            "A live source computes the value from the portal's data and a monthly "
            "snapshot records it; otherwise enter the values by hand."
        ),
    )

    class Meta:
        model = Indicator
        fields = [
            "name_pl",
            "name_en",
            "unit",
            "baseline",
            "baseline_date",
            "target",
            "target_date",
            "direction",
            "source",
            "position",
        ]
        widgets = {
            "baseline_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read at each form, so a source added to the registry shows at once.
        self.fields["source"].choices = [("", _("Entered by hand")), *sources.source_choices()]

    def clean(self):
        cleaned = super().clean()
        baseline, baseline_date = cleaned.get("baseline"), cleaned.get("baseline_date")
        target_date = cleaned.get("target_date")
        if baseline_date and target_date and target_date <= baseline_date:
            self.add_error("target_date", _("The target date must come after the baseline date."))
        if baseline_date and baseline is None and "baseline" not in self.errors:
            self.add_error("baseline", _("Give the baseline value for the baseline date."))
        return cleaned


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["value", "measured_on", "source", "note"]
        widgets = {
            "measured_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"source": _("Where the value comes from")}

    def clean_measured_on(self):
        measured_on = self.cleaned_data["measured_on"]
        if measured_on > timezone.localdate():
            raise ValidationError(_("A value cannot be measured in the future."), code="future")
        return measured_on


class ClusterFactsForm(_CopyModelForm):
    founding_members = forms.IntegerField(
        label=_("Founding members"), min_value=1, max_value=10_000, required=False
    )
    seat_latitude = forms.DecimalField(
        label=_("Seat latitude"), max_digits=8, decimal_places=5, required=False
    )
    seat_longitude = forms.DecimalField(
        label=_("Seat longitude"), max_digits=8, decimal_places=5, required=False
    )
    management_fte = forms.DecimalField(
        label=_("Cluster management staff (FTE)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Full-time equivalents, e.g. 1.5."),
    )

    class Meta:
        model = ClusterFacts
        fields = [
            "founded_on",
            "founding_members",
            "seat_name",
            "seat_latitude",
            "seat_longitude",
            "management_fte",
        ]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat_latitude"].help_text = _(
            "Both coordinates or neither, inside Poland, for example 50.34921 and 18.22380."
        )

    def clean_founded_on(self):
        founded_on = self.cleaned_data["founded_on"]
        if founded_on and founded_on > timezone.localdate():
            raise ValidationError(_("The founding date cannot be in the future."), code="future")
        return founded_on

    def clean_seat_latitude(self):
        value = self.cleaned_data["seat_latitude"]
        return None if value is None else value.quantize(COORDINATE_PRECISION)

    def clean_seat_longitude(self):
        value = self.cleaned_data["seat_longitude"]
        return None if value is None else value.quantize(COORDINATE_PRECISION)

    def clean(self):
        cleaned = super().clean()
        if "seat_latitude" in cleaned and "seat_longitude" in cleaned:
            try:
                validate_in_poland(cleaned["seat_latitude"], cleaned["seat_longitude"])
            except ValidationError as error:
                self.add_error("seat_latitude", error)
        return cleaned

    def _post_clean(self):
        # The row's constraints are the form's own rules above; checking them
        # again on the copy would report a bad seat twice.
        pass


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    # An empty first choice, so the form's empty rows stay unchanged.
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *BudgetLine.Source.choices])
    amount = forms.DecimalField(
        label=_("Amount (PLN)"), max_digits=14, decimal_places=2, min_value=0
    )


class _BaseBudgetLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            key = (form.cleaned_data["year"], form.cleaned_data["source"])
            if key in seen:
                form.add_error("source", _("Give each source at most once per year."))
            seen.add(key)

    def lines(self) -> list[tuple]:
        """(year, source, amount) of every row kept, for the service."""
        return [
            (form.cleaned_data["year"], form.cleaned_data["source"], form.cleaned_data["amount"])
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm,
    formset=_BaseBudgetLineFormSet,
    extra=3,
    can_delete=True,
    max_num=100,
    validate_max=True,
)
