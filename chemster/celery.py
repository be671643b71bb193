"""The Celery app: created here, configured from ``CELERY_*`` settings,
tasks discovered in every app's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemster.settings")

app = Celery("chemster")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
