"""Serializers of the newsletters app's API (``newsletters.api``)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chemster.lib.markup import render_markdown
from newsletters import segments as segment_registry
from newsletters.campaigns import archive_url, content_language
from newsletters.models import Campaign, Language

BODY_MAX_LENGTH = 50_000
SUBJECT_MAX_LENGTH = Campaign._meta.get_field("subject_pl").max_length


# --- Campaigns (the coordinator) ----------------------------------------------------


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
        },
    }
)
class SegmentParamsField(serializers.DictField):
    """A segment's parameters: each a value or a list of values (strings)."""

    child = serializers.JSONField()


class SegmentSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=100,
        help_text=_(
            "A registered segment: members.active, members.kinds, members.competences, "
            "projects.participants, events.registrants, newsletters.subscribers, …"
        ),
    )
    params = SegmentParamsField(
        required=False,
        default=dict,
        help_text=_('The segment\'s choices, e.g. {"kinds": ["enterprise"]}.'),
    )


class CampaignSerializer(serializers.Serializer):
    """A campaign in the coordinator's list."""

    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True, help_text=_("Its address in the archive."))
    state = serializers.ChoiceField(choices=Campaign.State.choices, read_only=True)
    subject_pl = serializers.CharField(read_only=True)
    subject_en = serializers.CharField(read_only=True)
    is_public = serializers.BooleanField(read_only=True)
    scheduled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    test_sent_at = serializers.DateTimeField(read_only=True, allow_null=True)
    recipient_count = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Recipients when sending began (null before); see .../audience/ for now."),
    )
    no_consent_count = serializers.IntegerField(read_only=True, allow_null=True)
    opted_out_count = serializers.IntegerField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class CampaignDetailSerializer(CampaignSerializer):
    body_pl = serializers.CharField(read_only=True, help_text=_("Markdown."))
    body_en = serializers.CharField(read_only=True, help_text=_("Markdown."))
    segments = SegmentSerializer(many=True, read_only=True)
    segment_labels = serializers.SerializerMethodField(
        help_text=_("The segments as the campaign's page describes them.")
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices),
        read_only=True,
        help_text=_("The languages it is written in (Polish first)."),
    )

    def get_segment_labels(self, campaign) -> list[str]:
        return [str(label) for label in segment_registry.describe_segments(campaign.segments)]


class CampaignWriteSerializer(serializers.Serializer):
    """A campaign's content (PATCH: the fields given change; the content
    only while a draft, ``is_public`` always)."""

    subject_pl = serializers.CharField(max_length=SUBJECT_MAX_LENGTH)
    subject_en = serializers.CharField(
        max_length=SUBJECT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("Leave blank for a campaign in Polish only."),
    )
    body_pl = serializers.CharField(max_length=BODY_MAX_LENGTH, help_text=_("Markdown."))
    body_en = serializers.CharField(
        max_length=BODY_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("Markdown; English readers get Polish without it."),
    )
    segments = SegmentSerializer(
        many=True,
        required=False,
        help_text=_("The audience: the union of these segments, each address once."),
    )
    is_public = serializers.BooleanField(
        required=False, help_text=_("Show it in the public archive once sent.")
    )

    def validate_segments(self, value):
        try:
            return segment_registry.clean_segments([dict(item) for item in value])
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class CampaignFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=Campaign.State.choices, required=False, allow_blank=True
    )


class AudienceSerializer(serializers.Serializer):
    total = serializers.IntegerField(
        read_only=True, help_text=_("Distinct addresses in the segments.")
    )
    recipients = serializers.IntegerField(
        read_only=True, help_text=_("Those who would get it if it were sent now.")
    )
    no_consent = serializers.IntegerField(
        read_only=True,
        help_text=_("Left out: neither a member contact nor a confirmed subscriber."),
    )
    opted_out = serializers.IntegerField(
        read_only=True, help_text=_("Left out: the address opted out of campaigns.")
    )


class ScheduleSerializer(serializers.Serializer):
    scheduled_at = serializers.DateTimeField(
        help_text=_("When to send it: a time in the future (ISO 8601 with its offset).")
    )


class FailedDeliverySerializer(serializers.Serializer):
    recipient = serializers.EmailField(read_only=True)
    language = serializers.ChoiceField(choices=Language.choices, read_only=True)
    attempts = serializers.IntegerField(read_only=True)
    last_error = serializers.CharField(read_only=True, help_text=_("The mail server's reply."))


class CampaignProgressSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=Campaign.State.choices, read_only=True)
    total = serializers.IntegerField(read_only=True, help_text=_("Mails written so far."))
    sent = serializers.IntegerField(read_only=True)
    failed = serializers.IntegerField(read_only=True)
    pending = serializers.IntegerField(read_only=True, help_text=_("Including those in flight."))
    failed_deliveries = FailedDeliverySerializer(
        many=True,
        read_only=True,
        help_text=_("The failed addresses with the server's replies, by address (at most 1000)."),
    )


# --- The public archive ------------------------------------------------------------


class ArchiveFilterSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text=_(
            "The language to read; the request's language (Accept-Language) unless given. "
            "A campaign without English is shown in Polish."
        ),
    )


class ArchivedCampaignSerializer(serializers.Serializer):
    """A sent public campaign in ``context["language"]`` (Polish when it has
    no English)."""

    slug = serializers.SlugField(read_only=True)
    language = serializers.SerializerMethodField(
        help_text=_("The language of the subject and body shown.")
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices), read_only=True
    )
    subject = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField(
        help_text=_("The body rendered from Markdown and sanitised.")
    )
    sent_at = serializers.DateTimeField(source="finished_at", read_only=True)
    url = serializers.SerializerMethodField(help_text=_("Its page in the archive."))

    def _language(self, campaign) -> str:
        return content_language(campaign, self.context["language"])

    @extend_schema_field(serializers.ChoiceField(choices=Language.choices))
    def get_language(self, campaign) -> str:
        return self._language(campaign)

    def get_subject(self, campaign) -> str:
        if self._language(campaign) == Language.ENGLISH:
            return campaign.subject_en.strip() or campaign.subject_pl
        return campaign.subject_pl

    def get_body_html(self, campaign) -> str:
        body = (
            campaign.body_en if self._language(campaign) == Language.ENGLISH else campaign.body_pl
        )
        return str(render_markdown(body))

    def get_url(self, campaign) -> str:
        return archive_url(campaign, self._language(campaign))


# --- A person's own subscription -------------------------------------------------------

CONSENT_STATES = [
    ("none", _("No newsletter consent")),
    ("pending", _("Waiting for the confirmation link to be used")),
    ("confirmed", _("Confirmed")),
]


class SubscriptionSerializer(serializers.Serializer):
    email = serializers.EmailField(read_only=True, help_text=_("Your account's address."))
    is_member_contact = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "The address is a contact of an active member firm: it gets campaigns without "
            "a newsletter consent."
        ),
    )
    newsletter_consent = serializers.ChoiceField(choices=CONSENT_STATES, read_only=True)
    opted_out = serializers.BooleanField(
        read_only=True, help_text=_("The address gets no campaign mail at all.")
    )
    receive_campaigns = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "Whether campaigns reach the address now. Service mail (invitations, "
            "registrations, reminders) always does."
        ),
    )


class SubscriptionUpdateSerializer(serializers.Serializer):
    receive_campaigns = serializers.BooleanField(
        help_text=_(
            "false: stop all campaign mail (an opt-out). true: lift an opt-out; an address "
            "that is not a member contact and has no consent is sent a confirmation link."
        )
    )


class SignupSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text=_("The language of our mail: the request's language unless given."),
    )
    consent = serializers.BooleanField(
        help_text=_(
            "Must be true: the person agrees to receive the newsletter (the sign-up page's "
            "wording in their language is recorded with its version)."
        )
    )

    def validate_email(self, value):
        return value.strip().lower()

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(_("The person must agree to receive the newsletter."))
        return value


class AcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)
