from urllib.parse import urlsplit

from django import template
from django.urls import translate_url
from django.utils import translation

from chemster.lib.i18n import localized as _localized
from chemster.lib.markup import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def localized(context, obj, name):
    """``{% localized firm "description" as text %}``: text and its language."""
    return _localized(obj, name)


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def web_link(url):
    """``url`` when it is safe in an ``href`` (http or https), else "": a
    stored ``javascript:`` address must never become a link."""
    return url if urlsplit(url or "").scheme in ("http", "https") else ""


@register.simple_tag(takes_context=True)
def other_language_links(context):
    """The current page in every other language, for the language switch."""
    request = context["request"]
    current = translation.get_language()
    path = request.get_full_path()
    return [
        {"code": code, "url": translate_url(path, code)} for code in ("pl", "en") if code != current
    ]


@register.filter
def split(text):
    """``"a b c"|split``: a list of words, for looping over field names."""
    return text.split()


@register.filter
def field(form, name):
    """``form|field:"name"``: the bound field called ``name``."""
    return form[name]
