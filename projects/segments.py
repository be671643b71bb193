"""Campaign audiences offered by projects: the participant firms' contacts.

Registered with ``newsletters.segments`` in ``ProjectsConfig.ready()``.
"""

from django.utils.translation import gettext_lazy as _

from chemster.lib.i18n import localized
from members.models import Contact, Firm
from newsletters.segments import Param, register
from projects.models import Participation, Project


def _participants(params: dict):
    # Contacts of the firms in the project (accepted participations); only a
    # contact of a firm that is still an active member is a member contact.
    firms = Participation.objects.filter(
        project_id=int(params["project"]), state=Participation.State.ACCEPTED
    ).values("firm_id")
    return (
        (email, language, status == Firm.Status.ACTIVE)
        for email, language, status in Contact.objects.filter(firm_id__in=firms)
        .order_by("pk")
        .values_list("email", "language", "firm__status")
    )


def _project_choices():
    return [
        (project.pk, localized(project, "title").text)
        for project in Project.objects.exclude(state=Project.State.DRAFT).order_by(
            "-created_at", "-pk"
        )
    ]


register(
    "projects.participants",
    label=_("Contacts of a project's participant firms"),
    addresses=_participants,
    params=[Param("project", _("Project"), "choice", _project_choices)],
)
