"""Placeholder views: replaced as the issue is built."""

from django.http import Http404


def project_matching(request, **kwargs):
    raise Http404
