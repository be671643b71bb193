"""Stored XSS probes: every stored text the portal shows holds a payload.

``plant_probes()`` writes a numbered payload into every text field of every
row of the portal's models (``[x17]"><script>xss(1)</script>…``); each
payload, if it ran, would call ``xss()``, which ``PROBE_LISTENER`` defines.
A page passes when nothing ran, no markup came alive (no ``on…``
attribute, inline script or ``javascript:`` link) and each payload it shows
reads as the literal text that was stored, or, in Markdown, as what the
sanitiser left of it (the template syntax in it still unrendered).
"""

import os
import re
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils import timezone

from chemster.services import log_action
from events.models import Event
from members.models import Firm, MembershipApplication
from members.services import create_api_token
from projects.models import Opportunity, Participation, Project
from projects.services import post_update
from tests.events.factories import RegistrationFactory
from tests.factories import ContactFactory, FirmFactory
from tests.projects.factories import InterestFactory, OpportunityFactory, ParticipationFactory

# A payload goes into every field long enough for it and its number
# ("[x123]"): LONG from 136 characters, SHORT from 43, TINY below.
LONG = (
    '"><script>xss(1)</script><img src="data:," onerror=xss(2)><svg onload=xss(3)>'
    "</textarea><b><i>{{7|add:1}} [m](javascript:xss(4))"
)
SHORT = '"><svg onload=xss(3)><b>{{7|add:1}}'
TINY = "\"'<b>&"
URL = "javascript:xss(5)"
UNRENDERED = "{{7|add:1}}"

# Rendered through chemster.lib.markup.render_markdown (sanitised by nh3).
MARKDOWN_FIELDS = {
    "SiteText.body",
    "Project.description",
    "Project.offer",
    "Opportunity.description",
    "Event.description",
    "Strategy.vision",
    "Strategy.regional_documents",
    "Campaign.body",
}

# Fields that are no text a person writes: keys, codes, checksums, choices
# stored as text, validated identifiers.
NOT_TEXT = {
    "password",
    "token_digest",
    "digest",
    "prefix",
    "code",
    "country",
    "nip",
    "vat_number",
    "regon",
    "krs",
    "postcode",
    "clause_version",
    "clause_sha256",
    "sha256",
    "email_sha256",
    "content_type",
    "object_id",
    "version",
    "purpose",
    "role",
}
# The outbox holds mail as sent (HTML by design); pages never show it.
NOT_SHOWN_MODELS = {"OutboundMessage"}
APPS = ("chemster", "members", "projects", "events", "strategy", "newsletters")

PROBE_LISTENER = """
window.xss = (n) => { window.__xss = [...(window.__xss || []), n]; };
"""

# What the page shows: markup that could run, and each payload's text.
PROBE_REPORT = """(length) => {
  const live = [];
  for (const element of document.querySelectorAll("*")) {
    if (element.localName === "script" && !element.src && element.type !== "application/json") {
      live.push("inline <script>");
    }
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.trim().toLowerCase();
      if (name.startsWith("on") || (["href", "src", "action", "formaction"].includes(name)
          && value.startsWith("javascript:"))) {
        live.push(`<${element.localName} ${name}="${attribute.value}">`);
      }
    }
  }
  const fields = [...document.querySelectorAll("input, textarea")].map((field) => field.value);
  const text = [document.title, document.body.textContent, ...fields].join("\\n");
  return {
    ran: window.__xss || [],
    live: live,
    shown: text.match(new RegExp(`\\\\[x\\\\d+\\\\](?:(?!\\\\[x\\\\d)[^\\\\n]){0,${length}}`, "g")) || [],
  };
}"""
WINDOW = len(LONG) + 5


@dataclass(frozen=True)
class Probe:
    field: str  # "Model.field" without a language suffix
    row: int
    text: str

    @property
    def markdown(self) -> bool:
        return self.field in MARKDOWN_FIELDS


def _payload_for(field) -> str | None:
    if isinstance(field, models.URLField):
        return URL
    for payload in (LONG, SHORT, TINY):
        if field.max_length is None or field.max_length >= len(payload) + 8:
            return payload
    return None


def _text_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField | models.EmailField)
            and not field.choices
            and field.name not in NOT_TEXT
        ):
            yield field


def create_probe_objects(*, firm_a, firm_b, firm_a_admin, firm_b_admin, users):
    """Rows the route matrix lacks, so that every kind of stored text is shown
    somewhere: contacts, an application, a project update, an interest, a
    declined participation, a guest's registration, a returned posting, a
    former member, API tokens and audit entries. Return the pages (url name,
    kwargs, member) that show those the matrix's pages do not."""
    for firm in (firm_a, firm_b):
        Firm.objects.filter(pk=firm.pk).update(
            public_fields=list(Firm.VISIBILITY_FIELDS),
            member_contact_fields=list(Firm.CONTACT_FIELDS),
        )
        ContactFactory(firm=firm)
    application = MembershipApplication.objects.create(
        name="Nowa firma",
        kind=Firm.Kind.ENTERPRISE,
        city="Opole",
        motivation="Motywacja",
        contact_name="Jan Nowak",
        contact_email="jan@nowa-firma.pl",
        clause_version="1",
        clause_sha256="0" * 64,
    )
    project = Project.objects.get(slug="matrix-project")
    post_update(actor=firm_a_admin, project=project, body="Postęp prac")
    former = FirmFactory(status=Firm.Status.FORMER, left_on=timezone.localdate())
    ParticipationFactory(project=project, firm=former, state=Participation.State.DECLINED)
    RegistrationFactory(event=Event.objects.get(slug="matrix-event"), organisation="Gość")
    returned = OpportunityFactory(firm=firm_a, created_by=firm_a_admin, state="returned")
    InterestFactory(opportunity=Opportunity.objects.filter(state="published").first(), firm=firm_b)
    for user in users:
        create_api_token(user=user, name="Token")
    log_action(firm_a_admin, firm_a, "members.firm.updated", {"name": ["A", LONG]})
    return [
        ("members:application", {"pk": application.pk}, "coordinator"),
        ("members:firm-status", {"slug": former.slug}, "coordinator"),
        ("projects:opportunity-detail", {"pk": returned.pk}, "firm_a_admin"),
    ]


def plant_probes() -> dict[int, Probe]:
    """Write a numbered payload into every text field of every row; return
    {number: probe}."""
    probes = {}
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__ in NOT_SHOWN_MODELS:
                continue
            fields = [(field, _payload_for(field)) for field in _text_fields(model)]
            fields = [(field, payload) for field, payload in fields if payload]
            if not fields:
                continue
            rows = list(model.objects.all())
            for row in rows:
                for field, payload in fields:
                    number = len(probes) + 1
                    name = re.sub(r"_(pl|en)$", "", field.name)
                    probes[number] = Probe(f"{model.__name__}.{name}", row.pk, payload)
                    prefix = "" if payload == URL else f"[x{number}]"
                    setattr(row, field.attname, prefix + payload)
            model.objects.bulk_update(rows, [field.name for field, _ in fields])
    return probes


def escaping_failures(shown: list[str], probes: dict[int, Probe]) -> list[str]:
    """The payloads in ``shown`` that do not read as what was stored (or, in
    Markdown, keep no unrendered template syntax)."""
    failures = []
    for snippet in shown:
        number, after = re.match(r"\[x(\d+)\](.*)", snippet, re.DOTALL).groups()
        probe = probes[int(number)]
        kept = os.path.commonprefix([after, probe.text])
        # Shortened for a list or a greeting (cut at a word or with "…"):
        # what is left must still be literal.
        shortened = probe.text[len(kept) :].startswith(" ") or after[len(kept) :].startswith("…")
        sanitised = probe.markdown and UNRENDERED in after
        if not (kept == probe.text or shortened or sanitised):
            failures.append(f"{probe.field} #{probe.row}: {after!r}")
    return failures


def fields_shown(shown: list[str], probes: dict[int, Probe]) -> set[str]:
    return {probes[int(re.match(r"\[x(\d+)\]", snippet)[1])].field for snippet in shown}
