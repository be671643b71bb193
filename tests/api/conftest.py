import pytest


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """The API answers in the client's Accept-Language, else in Polish (the
    site's default); these tests read DRF's messages in English."""
    settings.LANGUAGE_CODE = "en"
