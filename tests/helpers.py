"""Helpers for tests that start a second process of the portal."""

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def closed_port() -> int:
    """A loopback port where nothing listens (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_portal(args: list[str], env: dict | None = None, timeout: float = 60):
    """Run ``python <args>`` in the repository with the test environment plus ``env``."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


REQUEST_SCRIPT = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemster.settings")
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get(sys.argv[1])
print(json.dumps({"status": response.status_code, "body": response.content.decode()}))
"""


def request_in_subprocess(path: str, env: dict) -> dict:
    """GET ``path`` through the whole stack in a fresh process with ``env``."""
    import json

    result = run_portal(["-c", REQUEST_SCRIPT, path], env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
