"""Placeholder views: replaced as the issue is built."""

from django.http import Http404


def event_manage_list(request, **kwargs):
    raise Http404


def event_create(request, **kwargs):
    raise Http404


def event_edit(request, **kwargs):
    raise Http404


def event_publish(request, **kwargs):
    raise Http404


def event_cancel(request, **kwargs):
    raise Http404
