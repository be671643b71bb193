# The portal's image: web (gunicorn), Celery worker and beat all run from it
# through scripts/start, as the local commands do.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app chemster

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=chemster:chemster . .
# collectstatic needs settings; these values exist only for this build step.
RUN DEBUG=0 SECRET_KEY=build-only STATIC_ROOT=/app/staticfiles \
        python manage.py collectstatic --noinput \
    && DEBUG=0 SECRET_KEY=build-only python manage.py compilemessages --ignore='.venv/*'

USER chemster
ENV STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/app/media PRIVATE_MEDIA_ROOT=/app/private PORT=8000
EXPOSE 8000
CMD ["scripts/start", "web"]
