from chemster.selectors import footer


def site(request):
    """The footer's texts, cached per language."""
    return {"site_footer": footer}
