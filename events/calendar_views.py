"""Placeholder views: replaced as the issue is built."""

from django.http import Http404


def private_feed(request, **kwargs):
    raise Http404


def private_feed_revoke(request, **kwargs):
    raise Http404


def event_ics(request, **kwargs):
    raise Http404


def public_feed(request, **kwargs):
    raise Http404


def private_feed_ics(request, **kwargs):
    raise Http404
