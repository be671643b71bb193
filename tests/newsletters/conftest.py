"""A local SMTP server, real Celery workers and a private Redis for mail tests."""

import email
import email.policy
import shutil
import socket
import subprocess
import threading
import time
from contextlib import contextmanager

import kombu.pools
import pytest
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from chemster.celery import app
from tests.helpers import ROOT, closed_port


class SMTPRecorder:
    """An aiosmtpd handler that keeps what it received.

    ``replies`` maps a recipient address to the reply its RCPT TO gets
    (e.g. ``"550 5.1.1 No such user"``); everyone else is accepted.
    """

    def __init__(self):
        self.replies = {}
        self.messages = []
        self.sessions = set()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.replies.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self.sessions.add(session.peer)
        return "250 Message accepted"

    def wait_for(self, count, timeout=15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} mails, received {len(self.messages)}")


@pytest.fixture
def smtp_server(settings):
    recorder = SMTPRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=closed_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    recorder.port = controller.port
    yield recorder
    controller.stop()


def _close_worker_connections(**kwargs):
    # The in-process worker runs tasks in its own thread; close that
    # thread's database connection after each task so that the test
    # database can be flushed and dropped.
    connections.close_all()


@pytest.fixture
def mail_worker(smtp_server):
    """A real Celery worker in this process, on the suite's Redis."""
    app.control.purge()
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)


@contextmanager
def celery_broker(url):
    """Point this process's Celery app at another broker for a while."""
    old = app.conf.broker_url

    def reset_pools():
        # kombu keeps connection pools per broker URL globally; drop them
        # all so that no closed or broken connection is reused.
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    app.conf.broker_url = url
    try:
        yield reset_pools
    finally:
        reset_pools()
        app.conf.broker_url = old


class PrivateRedis:
    """A redis-server of this test's own on a free port (STACK.md, Faults)."""

    def __init__(self):
        self.port = closed_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the private redis-server did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    yield server
    server.stop()


@contextmanager
def worker_processes(count, env):
    """``count`` Celery worker processes (``celery -A chemster worker``)."""
    processes = [
        subprocess.Popen(
            [
                str(ROOT / ".venv/bin/celery"),
                "-A",
                "chemster",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                "2",
                "--hostname",
                f"mailtest{index}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for index in range(count)
    ]
    try:
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
