"""Placeholder views: replaced as the issue is built."""

from django.http import Http404


def registration_list(request, **kwargs):
    raise Http404


def check_in(request, **kwargs):
    raise Http404


def mark_attended(request, **kwargs):
    raise Http404


def export(request, **kwargs):
    raise Http404
