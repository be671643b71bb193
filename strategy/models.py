from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from members.models import User
from projects.models import Project

# Wide enough for counts in the thousands and shares with two decimals.
_NUMBER = {"max_digits": 14, "decimal_places": 2}


class Strategy(models.Model):
    """A development strategy for a period; one is current (DESIGN.md, strategy)."""

    title_pl = models.CharField(_("title (Polish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    vision_pl = models.TextField(_("vision (Polish)"))
    vision_en = models.TextField(_("vision (English)"), blank=True)
    # One document per line; Markdown is allowed (a line may be a link).
    regional_documents_pl = models.TextField(
        _("regional documents it follows (Polish)"), blank=True
    )
    regional_documents_en = models.TextField(
        _("regional documents it follows (English)"), blank=True
    )
    is_current = models.BooleanField(_("current"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-period_start", "-id"]
        constraints = [
            # "Exactly one" is the service's job (mark_current swaps under a
            # lock); the database guarantees "at most one".
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="strategy_strategy_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="strategy_strategy_period_order",
            ),
        ]

    def __str__(self):
        return f"{self.title_pl} ({self.period_start}–{self.period_end})"

    def get_absolute_url(self):
        if self.is_current:
            return reverse("strategy:current")
        return reverse("strategy:detail", kwargs={"pk": self.pk})

    @property
    def period(self) -> str:
        return f"{self.period_start}–{self.period_end}"


class Goal(models.Model):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("For example G1."))
    title_pl = models.CharField(_("title (Polish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_pl = models.TextField(_("description (Polish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Declared here, not in projects/events, so those apps never import
    # strategy (DESIGN.md); their pages read project.goals / event.goals.
    projects = models.ManyToManyField(
        Project, related_name="goals", blank=True, verbose_name=_("projects")
    )
    events = models.ManyToManyField(
        Event, related_name="goals", blank=True, verbose_name=_("events")
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="strategy_goal_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.title_pl}"


class Objective(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("goal")
    )
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title_pl


class Action(models.Model):
    class Phase(models.TextChoices):
        INTEGRATION = "integration", _("Integration")
        INFORMATION = "information", _("Information")
        PROMOTION = "promotion", _("Promotion")
        STRATEGIC_PROJECTS = "projects", _("Strategic projects")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    # Actions that still count as work to do (the coordinator's "due" list).
    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="actions", verbose_name=_("objective")
    )
    title_pl = models.CharField(_("title (Polish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        indexes = [
            # The coordinator view: open actions due by a date.
            models.Index(fields=["status", "due_on"], name="strategy_action_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(due_on__isnull=True)
                | models.Q(due_on__gte=models.F("starts_on")),
                name="strategy_action_due_after_start",
            ),
        ]

    def __str__(self):
        return self.title_pl


class Indicator(models.Model):
    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )
    name_pl = models.CharField(_("name (Polish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. firms, %"))
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **_NUMBER)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(_("target"), **_NUMBER)
    target_date = models.DateField(_("target date"))
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    # Blank: the coordinator enters the values. Otherwise a code of the
    # live-source registry (strategy/sources.py), checked by forms and
    # services rather than as DB choices, so adding a source needs no
    # migration.
    source = models.CharField(_("live source"), max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name_pl


class Measurement(models.Model):
    class Origin(models.TextChoices):
        ENTERED = "entered", _("Entered by the coordinator")
        SNAPSHOT = "snapshot", _("Snapshot of a live source")

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    value = models.DecimalField(_("value"), **_NUMBER)
    measured_on = models.DateField(_("measured on"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.ENTERED
    )
    entered_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "id"]
        constraints = [
            # One value per day and origin: a monthly snapshot run twice
            # writes nothing new, and the coordinator corrects a day's value
            # instead of adding a second one.
            models.UniqueConstraint(
                fields=["indicator", "measured_on", "origin"],
                name="strategy_measurement_one_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.measured_on}: {self.value}"


class ClusterFacts(models.Model):
    """What only the coordinator knows; reports mark these figures as entered."""

    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    founding_members = models.PositiveSmallIntegerField(
        _("founding members"), null=True, blank=True
    )
    seat_name = models.CharField(_("coordinator's seat"), max_length=200, blank=True)
    seat_latitude = models.DecimalField(
        _("seat latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    seat_longitude = models.DecimalField(
        _("seat longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    management_fte = models.DecimalField(
        _("cluster management staff (FTE)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("cluster facts")
        verbose_name_plural = _("cluster facts")
        constraints = [
            # A single row (pk 1): selectors.cluster_facts() reads or creates it.
            models.CheckConstraint(condition=models.Q(id=1), name="strategy_clusterfacts_one_row"),
            models.CheckConstraint(
                condition=models.Q(seat_latitude__isnull=True, seat_longitude__isnull=True)
                | models.Q(
                    seat_latitude__gte=49.0,
                    seat_latitude__lte=54.9,
                    seat_longitude__gte=14.1,
                    seat_longitude__lte=24.2,
                ),
                name="strategy_clusterfacts_seat_in_poland",
            ),
            models.CheckConstraint(
                condition=models.Q(management_fte__isnull=True) | models.Q(management_fte__gte=0),
                name="strategy_clusterfacts_fte_not_negative",
            ),
        ]

    def __str__(self):
        return str(_("cluster facts"))

    @property
    def has_seat(self) -> bool:
        return self.seat_latitude is not None and self.seat_longitude is not None


class BudgetLine(models.Model):
    """One year's budget of the cluster management from one source."""

    class Source(models.TextChoices):
        FEES = "fees", _("Membership fees")
        SERVICES = "services", _("Paid services")
        REGIONAL = "regional", _("Regional public funds")
        NATIONAL = "national", _("National public funds")
        EU = "eu", _("EU funds")
        OTHER = "other", _("Other")

    facts = models.ForeignKey(
        ClusterFacts,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("cluster facts"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    amount = models.DecimalField(_("amount (PLN)"), **_NUMBER)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["facts", "year", "source"], name="strategy_budgetline_one_per_source"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="strategy_budgetline_amount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.source}: {self.amount}"
