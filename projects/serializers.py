"""Serializers of the projects app's API (``projects.api``): what each
endpoint reads and shows. Who sees which field is decided here from the
permission helpers, with ``context["user"]`` the requester."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.models import Competence, Firm
from members.permissions import is_coordinator
from projects.forms import LISTED_STATES, PROJECT_TEXT_MAX_LENGTH
from projects.models import ExternalPartner, Opportunity, Participation, Project
from projects.opportunities import can_edit, can_read_full_text, is_firm_user
from projects.participation_forms import JOINING_ROLE_CHOICES
from projects.participation_forms import TEXT_LIMIT as PARTICIPATION_TEXT_LIMIT
from projects.participations import can_decide, can_withdraw
from projects.permissions import can_manage_project, is_participant, member_firm_ids
from projects.validators import PARTNER_COUNTRIES

OPPORTUNITY_TEXT_MAX_LENGTH = 10_000
INTEREST_MESSAGE_MAX_LENGTH = 4000


# --- Helpers ------------------------------------------------------------------


def _competence_id(value: int | None) -> int | None:
    if value is not None and not Competence.objects.filter(pk=value).exists():
        raise serializers.ValidationError(_("No competence has this id."))
    return value


def _existing_competences(ids: list[int]) -> list[int]:
    """The ids, checked in one query; unknown ids are a field error."""
    if not ids:
        return []
    known = set(Competence.objects.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = sorted(set(ids) - known)
    if unknown:
        raise serializers.ValidationError(
            _("No competence has the id %(ids)s.") % {"ids": ", ".join(map(str, unknown))}
        )
    return ids


def _active_firm(slug: str) -> Firm:
    firm = Firm.objects.active().filter(slug=slug).first()
    if firm is None:
        raise serializers.ValidationError(_("No active member firm has this address."))
    return firm


# --- Serializers: projects ------------------------------------------------------


class FirmRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class ProjectSerializer(serializers.Serializer):
    """A project in a list."""

    slug = serializers.SlugField(read_only=True)
    kind = serializers.ChoiceField(choices=Project.Kind.choices, read_only=True)
    state = serializers.ChoiceField(choices=Project.State.choices, read_only=True)
    visibility = serializers.ChoiceField(choices=Project.Visibility.choices, read_only=True)
    firm = FirmRefSerializer(
        read_only=True,
        help_text=_("The firm that drafted the project: its leader once submitted."),
    )
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    summary_pl = serializers.CharField(read_only=True)
    summary_en = serializers.CharField(read_only=True)
    needed_competences = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        pk_field=serializers.IntegerField(),
        help_text=_("Ids of the competences the project needs."),
    )
    funding_call = serializers.CharField(read_only=True)
    funding_deadline = serializers.DateField(read_only=True, allow_null=True)
    budget = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True, help_text=_("In PLN.")
    )
    starts_on = serializers.DateField(read_only=True, allow_null=True)
    ends_on = serializers.DateField(read_only=True, allow_null=True)
    submitted_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("Null for a draft.")
    )


class ParticipantSerializer(serializers.Serializer):
    """An accepted participant, as everyone who sees the project sees it."""

    firm = FirmRefSerializer(read_only=True)
    role = serializers.ChoiceField(choices=Participation.Role.choices, read_only=True)
    contribution_pl = serializers.CharField(read_only=True)
    contribution_en = serializers.CharField(read_only=True)


class ExternalPartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True, help_text=_("Two-letter code (ISO 3166-1)."))
    kind = serializers.ChoiceField(choices=ExternalPartner.Kind.choices, read_only=True)


class ProjectDetailSerializer(ProjectSerializer):
    """A project with its texts, participants and external partners;
    ``context["user"]`` is the requester."""

    description_pl = serializers.CharField(read_only=True, help_text=_("Markdown."))
    description_en = serializers.CharField(read_only=True, help_text=_("Markdown."))
    offer_pl = serializers.CharField(
        read_only=True, help_text=_("A combined offer's joint product or service (Markdown).")
    )
    offer_en = serializers.CharField(read_only=True)
    participants = serializers.SerializerMethodField(
        help_text=_("The accepted participants, the leader among them.")
    )
    external_partners = ExternalPartnerSerializer(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    can_manage = serializers.SerializerMethodField(
        help_text=_("Whether you may change the project (PATCH, state, partners, invitations).")
    )
    is_participant = serializers.SerializerMethodField(
        help_text=_("Whether you see the project's documents and updates (on its page).")
    )

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, project):
        accepted = [
            p for p in project.participations.all() if p.state == Participation.State.ACCEPTED
        ]
        accepted.sort(key=lambda p: p.role != Participation.Role.LEADER)
        return ParticipantSerializer(accepted, many=True).data

    def get_can_manage(self, project) -> bool:
        return can_manage_project(self.context["user"], project)

    def get_is_participant(self, project) -> bool:
        return is_participant(self.context["user"], project)


class ProjectFilterSerializer(serializers.Serializer):
    """The list's filters (query parameters), as on the list page."""

    kind = serializers.ChoiceField(choices=Project.Kind.choices, required=False, allow_blank=True)
    state = serializers.ChoiceField(choices=LISTED_STATES, required=False, allow_blank=True)
    competence = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text=_("A competence id: projects that need it."),
    )
    q = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text=_("Words in either title.")
    )

    def validate_competence(self, value):
        return _competence_id(value)


def _text(max_length, **kwargs):
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kwargs)


class ProjectWriteSerializer(serializers.Serializer):
    """A project's own fields (PATCH: the fields given change).

    ``context["project"]`` is the project a PATCH changes: the dates are
    checked against its stored ones."""

    kind = serializers.ChoiceField(choices=Project.Kind.choices)
    visibility = serializers.ChoiceField(
        choices=Project.Visibility.choices,
        default=Project.Visibility.MEMBERS,
        help_text=_("Members only unless given."),
    )
    title_pl = serializers.CharField(max_length=200)
    title_en = _text(200)
    summary_pl = _text(300)
    summary_en = _text(300)
    description_pl = _text(PROJECT_TEXT_MAX_LENGTH, help_text=_("Markdown."))
    description_en = _text(PROJECT_TEXT_MAX_LENGTH, help_text=_("Markdown."))
    offer_pl = _text(
        PROJECT_TEXT_MAX_LENGTH,
        help_text=_("Combined offers: the joint product or service (Markdown)."),
    )
    offer_en = _text(PROJECT_TEXT_MAX_LENGTH)
    needed_competences = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=200,
        help_text=_("Ids of the competences the project needs (replaces them)."),
    )
    funding_call = _text(200)
    funding_deadline = serializers.DateField(required=False, allow_null=True)
    budget = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_("In PLN."),
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)

    def validate_needed_competences(self, ids):
        return _existing_competences(list(dict.fromkeys(ids)))

    def validate(self, attrs):
        project = self.context.get("project")
        starts_on = attrs.get("starts_on", getattr(project, "starts_on", None))
        ends_on = attrs.get("ends_on", getattr(project, "ends_on", None))
        if starts_on and ends_on and ends_on < starts_on:
            raise serializers.ValidationError(
                {"ends_on": [_("The project cannot end before it starts.")]}
            )
        return attrs


class ProjectCreateSerializer(ProjectWriteSerializer):
    firm = serializers.SlugField(
        help_text=_("The firm that drafts the project (you are its editor or admin).")
    )

    def validate_firm(self, slug):
        return _active_firm(slug)


class ProjectSubmitSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[Project.State.IDEA, Project.State.RECRUITING],
        default=Project.State.IDEA,
        help_text=_("Submit as an idea (the default) or start recruiting partners at once."),
    )


class ProjectStateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=LISTED_STATES,
        help_text=_(
            "The new state: idea → recruiting → active → completed, or cancelled before completion."
        ),
    )


class ExternalPartnerCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    country = serializers.ChoiceField(
        choices=[code for code, _label in PARTNER_COUNTRIES],
        help_text=_("Two-letter code (ISO 3166-1)."),
    )
    kind = serializers.ChoiceField(choices=ExternalPartner.Kind.choices)

    def validate_name(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("Give the organisation's name."))
        return value


# --- Serializers: participations -----------------------------------------------


class ParticipationSerializer(serializers.Serializer):
    """A participation; ``context["user"]`` is the requester and
    ``context["manages"]`` whether they manage the project."""

    id = serializers.IntegerField(read_only=True)
    firm = FirmRefSerializer(read_only=True)
    role = serializers.ChoiceField(choices=Participation.Role.choices, read_only=True)
    state = serializers.ChoiceField(choices=Participation.State.choices, read_only=True)
    contribution_pl = serializers.CharField(read_only=True)
    contribution_en = serializers.CharField(read_only=True)
    message = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("Null unless you manage the project or act for the firm."),
    )
    decision_reason = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("Null unless you manage the project or act for the firm."),
    )
    created_at = serializers.DateTimeField(read_only=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    can_decide = serializers.SerializerMethodField(
        help_text=_("Whether you may accept or decline it now (POST .../decision/).")
    )
    can_withdraw = serializers.SerializerMethodField(
        help_text=_("Whether you may withdraw the request or leave (POST .../withdraw/).")
    )

    def get_can_decide(self, participation) -> bool:
        return can_decide(self.context["user"], participation)

    def get_can_withdraw(self, participation) -> bool:
        return can_withdraw(self.context["user"], participation)

    def to_representation(self, participation):
        data = super().to_representation(participation)
        user = self.context["user"]
        if not (self.context["manages"] or participation.firm_id in member_firm_ids(user)):
            data["message"] = data["decision_reason"] = None
        return data


class JoinRequestSerializer(serializers.Serializer):
    firm = serializers.SlugField(help_text=_("The firm that asks to join (you are its admin)."))
    role = serializers.ChoiceField(choices=JOINING_ROLE_CHOICES)
    message = _text(PARTICIPATION_TEXT_LIMIT, help_text=_("To the project's leader."))
    contribution_pl = _text(
        PARTICIPATION_TEXT_LIMIT,
        help_text=_("What the firm brings; on a combined offer shown publicly."),
    )
    contribution_en = _text(PARTICIPATION_TEXT_LIMIT)

    def validate_firm(self, slug):
        return _active_firm(slug)


class InvitationSerializer(serializers.Serializer):
    firm = serializers.SlugField(help_text=_("The active member firm invited."))
    role = serializers.ChoiceField(choices=JOINING_ROLE_CHOICES)
    message = _text(PARTICIPATION_TEXT_LIMIT, help_text=_("To the invited firm's admins."))

    def validate_firm(self, slug):
        return _active_firm(slug)


class ParticipationDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "decline"])
    reason = _text(
        PARTICIPATION_TEXT_LIMIT,
        help_text=_("The firm reads it; required to decline a request to join."),
    )


# --- Serializers: cooperation offers and requests -------------------------------


class OpportunitySerializer(serializers.Serializer):
    """A posting; ``context["user"]`` is the requester: the full text is
    null for those who may not read it."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=Opportunity.Kind.choices, read_only=True)
    state = serializers.ChoiceField(choices=Opportunity.State.choices, read_only=True)
    firm = FirmRefSerializer(read_only=True)
    title_pl = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    summary_pl = serializers.CharField(read_only=True)
    summary_en = serializers.CharField(read_only=True)
    description_pl = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("The full text (Markdown): null unless you are a member or the coordinator."),
    )
    description_en = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("The full text (Markdown): null unless you are a member or the coordinator."),
    )
    competences = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, pk_field=serializers.IntegerField()
    )
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    expires_on = serializers.DateField(read_only=True, allow_null=True)

    def to_representation(self, opportunity):
        data = super().to_representation(opportunity)
        if not self._reads_full_text(opportunity):
            data["description_pl"] = data["description_en"] = None
        return data

    def _reads_full_text(self, opportunity) -> bool:
        # The board shows published postings only: whoever sees members'
        # content reads them all (computed once per list).
        if "full_text" in self.context:
            return self.context["full_text"]
        return can_read_full_text(self.context["user"], opportunity)


class OpportunityDetailSerializer(OpportunitySerializer):
    created_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    review_note = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("Why the coordinator returned it: null unless you act for the firm."),
    )
    can_edit = serializers.SerializerMethodField(
        help_text=_("Whether you may change it now (PATCH: drafts and returned ones).")
    )

    def get_can_edit(self, opportunity) -> bool:
        return can_edit(self.context["user"], opportunity)

    def to_representation(self, opportunity):
        data = super().to_representation(opportunity)
        user = self.context["user"]
        if not (is_firm_user(user, opportunity) or is_coordinator(user)):
            data["review_note"] = None
        return data


class OpportunityFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Opportunity.Kind.choices, required=False, allow_blank=True
    )
    competence = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text=_("A competence id: postings that name it."),
    )
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text=_("Words in the title or summary (members: also in the full text)."),
    )

    def validate_competence(self, value):
        return _competence_id(value)


class OpportunityWriteSerializer(serializers.Serializer):
    """A posting's text (PATCH: the fields given change)."""

    kind = serializers.ChoiceField(choices=Opportunity.Kind.choices)
    title_pl = serializers.CharField(max_length=200)
    title_en = _text(200)
    summary_pl = serializers.CharField(
        max_length=300, help_text=_("Everyone sees the summary, visitors included.")
    )
    summary_en = _text(300)
    description_pl = _text(
        OPPORTUNITY_TEXT_MAX_LENGTH, help_text=_("The full text, for members (Markdown).")
    )
    description_en = _text(OPPORTUNITY_TEXT_MAX_LENGTH)
    competences = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=200,
        help_text=_("Ids of the competences it concerns (replaces them)."),
    )

    def validate_competences(self, ids):
        return _existing_competences(list(dict.fromkeys(ids)))


class OpportunityCreateSerializer(OpportunityWriteSerializer):
    firm = serializers.SlugField(
        help_text=_("The firm that drafts it (you are its editor or admin).")
    )

    def validate_firm(self, slug):
        return _active_firm(slug)


class OpportunityReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "return"])
    reason = _text(
        PARTICIPATION_TEXT_LIMIT, help_text=_("Required to return it: the firm reads it.")
    )


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)


class InterestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    firm = FirmRefSerializer(read_only=True)
    person = PersonSerializer(
        source="user",
        read_only=True,
        allow_null=True,
        help_text=_("Who expressed it (null if the account is gone)."),
    )
    message = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class InterestCreateSerializer(serializers.Serializer):
    firm = serializers.SlugField(
        help_text=_("The firm that is interested (you are its editor or admin).")
    )
    message = serializers.CharField(max_length=INTEREST_MESSAGE_MAX_LENGTH)

    def validate_firm(self, slug):
        return _active_firm(slug)
