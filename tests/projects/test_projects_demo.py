"""The demo projects: every kind and state, realistic, created once."""

import re

import pytest
from django.core.files.storage import storages
from django.utils import timezone

from members import demo as members_demo
from projects import demo
from projects.models import ExternalPartner, Participation, Project, ProjectDocument
from projects.selectors import projects_with_funding_deadline_within
from projects.validators import check_document

pytestmark = pytest.mark.django_db

PLACEHOLDERS = re.compile(
    r"lorem|ipsum|dolor sit|placeholder|todo|fixme|foo|asdf|example\.com|test123", re.I
)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path, monkeypatch):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    storage = storages["private"]
    monkeypatch.setattr(ProjectDocument._meta.get_field("file"), "storage", storage)
    return storage


def test_demo_projects_cover_every_kind_and_state_once():
    members_demo.seed(password="demo-haslo-123")

    created = demo.seed()
    again = demo.seed()

    assert len(created) == len(demo.PROJECTS) == Project.objects.count()
    assert again == []
    assert {p.kind for p in created} == set(Project.Kind.values)
    assert {p.state for p in created} == set(Project.State.values)
    submitted = Project.objects.exclude(state="draft")
    assert all(
        p.participations.filter(role="leader", state="accepted", firm=p.firm).count() == 1
        for p in submitted
    )
    assert Participation.objects.filter(state="requested").exists()
    assert Participation.objects.filter(state="invited").exists()
    assert {"DE", "CZ", "SK"} <= set(ExternalPartner.objects.values_list("country", flat=True))
    assert projects_with_funding_deadline_within(30).exists()
    offer = Project.objects.filter(kind="offer", state="active").get()
    assert offer.participations.exclude(contribution_pl="").count() >= 3


def test_demo_texts_have_no_placeholders_and_the_document_is_a_pdf(private_storage):
    members_demo.seed(password="demo-haslo-123")
    demo.seed()

    texts = []
    for project in Project.objects.all():
        texts += [project.title_pl, project.title_en, project.description_pl, project.offer_en]
    found = [text for text in texts if PLACEHOLDERS.search(text)]
    document = ProjectDocument.objects.get()
    with private_storage.open(document.file.name) as stored:
        stored.size = document.size
        assert check_document(stored).content_type == "application/pdf"
    assert found == []
    assert (
        timezone.localdate()
        <= Project.objects.get(
            slug="bioplastyfikatory-estrowe-z-olejow-posmazalniczych"
        ).funding_deadline
    )
