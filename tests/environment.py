"""The environment the suite runs in, set before Django loads (a plugin
loaded with ``-p tests.environment``, earlier than any conftest).

``scripts/test`` exports the same values; these defaults let a bare
``pytest`` in the virtualenv behave the same way.
"""

import os
import tempfile

# Browser tests drive Playwright's sync API (an event loop) while using the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("FRAGMENT_CACHE_PREFIX", "chemster-test")
os.environ.setdefault("ZEAL_ENABLED", "1")
# Project documents written by tests go to a throw-away folder, never to the
# checkout's .local/private.
os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="chemster-test-private-"))
# Manifest storage needs collectstatic; plain storage serves from the tree.
os.environ.setdefault("STATIC_MANIFEST", "0")
