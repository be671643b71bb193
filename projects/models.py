from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Competence, Firm, User


class Project(models.Model):
    """A joint project of member firms (DESIGN.md, projects)."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("Pre-competitive research")
        SOLUTION = "solution", _("Joint technical solution")
        COMBINED_OFFER = "offer", _("Combined offer")
        MARKET_ENTRY = "market", _("Market entry")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IDEA = "idea", _("Idea")
        RECRUITING = "recruiting", _("Recruiting partners")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    # The only moves between states; services refuse every other one.
    TRANSITIONS = {
        State.DRAFT: (State.IDEA, State.RECRUITING),
        State.IDEA: (State.RECRUITING, State.CANCELLED),
        State.RECRUITING: (State.ACTIVE, State.CANCELLED),
        State.ACTIVE: (State.COMPLETED, State.CANCELLED),
        State.COMPLETED: (),
        State.CANCELLED: (),
    }
    # Firms may ask to join or be invited only while the project is open.
    OPEN_STATES = (State.IDEA, State.RECRUITING, State.ACTIVE)

    slug = models.SlugField(_("address on the portal"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    visibility = models.CharField(
        _("visibility"), max_length=7, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    # The firm that drafted the project; after submission it is the leader.
    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.PROTECT, related_name="drafted_projects"
    )
    title_pl = models.CharField(_("title (Polish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_pl = models.CharField(_("summary (Polish)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description_pl = models.TextField(_("description (Polish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # A combined offer's joint product or service, shown on its offer page.
    offer_pl = models.TextField(_("joint offer (Polish)"), blank=True)
    offer_en = models.TextField(_("joint offer (English)"), blank=True)
    needed_competences = models.ManyToManyField(
        Competence, verbose_name=_("needed competences"), related_name="projects", blank=True
    )
    funding_call = models.CharField(_("funding call"), max_length=200, blank=True)
    funding_deadline = models.DateField(_("funding deadline"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (PLN)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The public and members' lists filter by state and visibility.
            models.Index(fields=["state", "visibility"], name="projects_project_listing"),
            # The coordinator's dashboard: funding deadlines in the next 30 days.
            models.Index(fields=["funding_deadline"], name="projects_project_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="draft", submitted_at__isnull=True)
                | (~models.Q(state="draft") & models.Q(submitted_at__isnull=False)),
                name="projects_project_submitted_once",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="projects_project_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="projects_project_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title_pl

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def can_move_to(self, state) -> bool:
        return state in self.TRANSITIONS[self.state]

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class Participation(models.Model):
    """A member firm in a project: asked, invited, in, or out."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        PARTNER = "partner", _("Partner")
        SUBCONTRACTOR = "subcontr", _("Subcontractor")
        OBSERVER = "observer", _("Observer")

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        REQUESTED = "requested", _("Asked to join")
        ACCEPTED = "accepted", _("Participant")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Roles a firm may ask for or be invited to (the leader is set on submission).
    JOINING_ROLES = (Role.PARTNER, Role.SUBCONTRACTOR, Role.OBSERVER)

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="participations"
    )
    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=9, choices=Role.choices)
    state = models.CharField(_("state"), max_length=9, choices=State.choices)
    message = models.TextField(_("message"), blank=True)
    # What the firm brings; a combined offer shows it as the firm's part.
    contribution_pl = models.TextField(_("contribution (Polish)"), blank=True)
    contribution_en = models.TextField(_("contribution (English)"), blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["created_at", "id"]
        indexes = [
            # Join requests awaiting a decision (coordinator's dashboard).
            models.Index(fields=["state", "created_at"], name="projects_participation_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "firm"], name="projects_participation_one_per_pair"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(role="leader", state="accepted"),
                name="projects_participation_one_leader",
            ),
        ]

    def __str__(self):
        return f"{self.firm} – {self.project} ({self.get_state_display()})"


class ExternalPartner(models.Model):
    """An organisation outside the cluster taking part in a project."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        RESEARCH = "research", _("Research institute")
        UNIVERSITY = "university", _("University")
        PUBLIC = "public", _("Public body")
        OTHER = "other", _("Other organisation")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="external_partners",
    )
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("external partner")
        verbose_name_plural = _("external partners")
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name} ({self.country})"


def _private_storage():
    # Project documents never live under MEDIA_ROOT: only a view that checks
    # the reader's permission serves them.
    return storages["private"]


class ProjectDocument(models.Model):
    """A file the project's participants share."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=_private_storage, upload_to="projects/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title


class ProjectUpdate(models.Model):
    """A short news item for the project's participants."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        User,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.body[:60]


class Opportunity(models.Model):
    """A cooperation offer or request, typed as Enterprise Europe Network does."""

    class Kind(models.TextChoices):
        BUSINESS_OFFER = "business_offer", _("Business offer")
        BUSINESS_REQUEST = "business_request", _("Business request")
        TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
        TECHNOLOGY_REQUEST = "technology_request", _("Technology request")
        RD_REQUEST = "rd_request", _("R&D request")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        RETURNED = "returned", _("Returned for changes")
        PUBLISHED = "published", _("Published")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The only moves between states; services refuse every other one.
    TRANSITIONS = {
        State.DRAFT: (State.SUBMITTED, State.WITHDRAWN),
        State.SUBMITTED: (State.PUBLISHED, State.RETURNED, State.WITHDRAWN),
        State.RETURNED: (State.SUBMITTED, State.WITHDRAWN),
        State.PUBLISHED: (State.PUBLISHED, State.EXPIRED, State.WITHDRAWN),  # renewal
        State.EXPIRED: (State.PUBLISHED, State.WITHDRAWN),  # renewal
        State.WITHDRAWN: (),
    }

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.PROTECT, related_name="opportunities"
    )
    kind = models.CharField(_("type"), max_length=18, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=9, choices=State.choices, default=State.DRAFT)
    title_pl = models.CharField(_("title (Polish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    # The public summary; the full text is for members.
    summary_pl = models.CharField(_("summary (Polish)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description_pl = models.TextField(_("full text (Polish)"), blank=True)
    description_en = models.TextField(_("full text (English)"), blank=True)
    competences = models.ManyToManyField(
        Competence, verbose_name=_("competences"), related_name="opportunities", blank=True
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Who sent it to review last: the contact interested firms are given.
    submitted_by = models.ForeignKey(
        User,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    review_note = models.TextField(_("reason for returning"), blank=True)
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("cooperation offer or request")
        verbose_name_plural = _("cooperation offers and requests")
        ordering = ["-published_at", "-id"]
        indexes = [
            # The public board (published, by expiry) and the expiry task.
            models.Index(fields=["state", "expires_on"], name="projects_opportunity_board"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state__in=["published", "expired"])
                | models.Q(published_at__isnull=False, expires_on__isnull=False),
                name="projects_opportunity_published_expires",
            ),
        ]

    def __str__(self):
        return self.title_pl

    def get_absolute_url(self):
        return reverse("projects:opportunity-detail", kwargs={"pk": self.pk})

    def can_move_to(self, state) -> bool:
        return state in self.TRANSITIONS[self.state]


class Interest(models.Model):
    """A member firm's expression of interest in an offer or request."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("cooperation offer or request"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.PROTECT, related_name="interests"
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "firm"], name="projects_interest_one_per_firm"
            ),
        ]

    def __str__(self):
        return f"{self.firm} → {self.opportunity}"
