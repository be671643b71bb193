"""Hand-built audience data shared by the campaign tests (not a test module)."""

from django.utils import timezone

from events.models import Registration
from members.models import Competence, Firm
from newsletters.models import Consent, ConsentText
from newsletters.services import opt_out
from projects.models import Participation
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ContactFactory, FirmFactory
from tests.projects.factories import ParticipationFactory, ProjectFactory


def subscribe(email, *, language="pl", confirmed=True):
    """A newsletter consent as the double opt-in leaves it."""
    text, _created = ConsentText.objects.get_or_create(
        purpose="newsletter", version="test", defaults={"text": "Zgoda", "sha256": "0" * 64}
    )
    now = timezone.now()
    return Consent.objects.create(
        email=email.lower(),
        purpose="newsletter",
        language=language,
        text=text,
        method="form",
        given_at=now,
        confirmed_at=now if confirmed else None,
    )


def build_world():
    """Firms, contacts, a project, an event, subscribers and an opt-out.

    Returns a dict of the objects; the expected audience of all segments
    together is documented in test_audience.py.
    """
    competences = list(Competence.objects.order_by("pk")[:2])
    firm_a = FirmFactory(slug="aud-a", kind=Firm.Kind.ENTERPRISE)
    firm_a.competences.set([competences[0]])
    firm_b = FirmFactory(slug="aud-b", kind=Firm.Kind.RESEARCH, size_class="")
    firm_b.competences.set([competences[1]])
    firm_c = FirmFactory(slug="aud-c", kind=Firm.Kind.ENTERPRISE, status=Firm.Status.FORMER)
    firm_c.competences.set([competences[0]])

    ContactFactory(firm=firm_a, email="a1@firma-a.pl", language="pl")
    ContactFactory(firm=firm_a, email="A2@Firma-A.pl", language="en")
    ContactFactory(firm=firm_b, email="b1@firma-b.pl", language="pl")
    ContactFactory(firm=firm_c, email="c1@firma-c.pl", language="pl")

    project = ProjectFactory(slug="aud-project", firm=firm_a)
    ParticipationFactory(project=project, firm=firm_a, role="leader")
    ParticipationFactory(project=project, firm=firm_c)
    ParticipationFactory(project=project, firm=firm_b, state=Participation.State.DECLINED)

    event = EventFactory(slug="aud-event")
    RegistrationFactory(event=event, email="A1@firma-a.pl")  # a member contact, again
    RegistrationFactory(event=event, email="g1@example.org", language="en")  # no consent
    RegistrationFactory(event=event, email="g2@example.org", language="en")  # subscribed
    RegistrationFactory(
        event=event, email="g3@example.org", state=Registration.State.CANCELLED, confirmed_at=None
    )
    RegistrationFactory(
        event=event,
        email="g4@example.org",
        state=Registration.State.ATTENDED,
        attended_at=timezone.now(),
    )  # attended, no consent

    subscribe("g2@example.org", language="pl")
    subscribe("s1@example.org", language="en")
    subscribe("s2@example.org", confirmed=False)  # never confirmed: not a subscriber
    opt_out(email="b1@firma-b.pl", source="link")

    return {
        "competences": competences,
        "firms": (firm_a, firm_b, firm_c),
        "project": project,
        "event": event,
    }


def all_segments(world):
    return [
        {"code": "members.active", "params": {}},
        {"code": "projects.participants", "params": {"project": str(world["project"].pk)}},
        {"code": "events.registrants", "params": {"event": str(world["event"].pk)}},
        {"code": "newsletters.subscribers", "params": {}},
    ]
