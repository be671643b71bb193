"""The translation check fails on a string not extracted and on a gap."""

import shutil
import subprocess
import sys

import polib
import pytest

from tests.helpers import ROOT

COPIED = [
    "chemster",
    "members",
    "newsletters",
    "projects",
    "events",
    "strategy",
    "templates",
    "locale",
    "scripts",
]


@pytest.fixture
def repo_copy(tmp_path):
    for name in COPIED:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    return tmp_path


def _check(path):
    return subprocess.run(
        [sys.executable, "scripts/check_translations.py"],
        cwd=path,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.integration
def test_translation_check_passes_on_the_repository(repo_copy):
    result = _check(repo_copy)

    assert result.returncode == 0, result.stdout
    assert "complete and up to date" in result.stdout


@pytest.mark.integration
def test_translation_check_fails_on_a_string_not_extracted(repo_copy):
    (repo_copy / "templates" / "new.html").write_text(
        '{% load i18n %}<p>{% translate "A sentence nobody extracted" %}</p>'
    )

    result = _check(repo_copy)

    assert result.returncode == 1
    assert "not extracted yet: 'A sentence nobody extracted'" in result.stdout


@pytest.mark.integration
def test_translation_check_fails_on_fuzzy_and_missing_plural_forms(repo_copy):
    path = repo_copy / "locale" / "pl" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    plural = next(e for e in catalogue if e.msgid_plural)
    plural.msgstr_plural[3] = ""
    single = next(e for e in catalogue if not e.msgid_plural)
    single.flags.append("fuzzy")
    catalogue.save()

    result = _check(repo_copy)

    assert result.returncode == 1
    assert f"locale/pl: plural forms [3] empty: {plural.msgid!r}" in result.stdout
    assert f"locale/pl: fuzzy: {single.msgid!r}" in result.stdout
