"""A local SMTP server, real Celery workers and a private Redis for mail tests."""

import asyncio
import contextlib
import email
import email.policy
import os
import signal
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
from tests.private_servers import PrivateRedis


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


# --- Campaign delivery (tests/newsletters/test_campaign_delivery.py) --------


class StallingSMTPRecorder(SMTPRecorder):
    """An ``SMTPRecorder`` whose DATA replies stop after ``stall_after`` messages.

    Once ``stall_after`` messages were accepted, every further one (on any
    connection) is recorded as received, the worst case for duplicates: the
    server has it, but its reply is held until ``release()``, so the sender
    does not learn that it went. ``stalled`` is set
    when the first message is held; ``held`` lists the Message-IDs of the
    messages held so far (the mail "in flight"). ``delay`` (seconds) slows
    down every reply: a slow server.
    """

    def __init__(self, stall_after=None):
        super().__init__()
        self.stall_after = stall_after
        self.delay = 0.0
        self.stalled = threading.Event()
        self.released = threading.Event()
        self.held = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self.sessions.add(session.peer)
            hold = self.stall_after is not None and len(self.messages) > self.stall_after
            if hold and not self.released.is_set():
                self.held.append(message["Message-ID"])
                self.stalled.set()
        while hold and not self.released.is_set():
            await asyncio.sleep(0.02)
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted"

    def wait_until_stalled(self, timeout=30.0):
        if not self.stalled.wait(timeout):
            raise AssertionError(f"the SMTP server never stalled ({len(self.messages)} mails)")

    def release(self):
        self.released.set()


@pytest.fixture
def stalling_smtp_server(settings):
    """A local SMTP server that holds its replies after N messages (set ``stall_after``)."""
    recorder = StallingSMTPRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=closed_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    recorder.port = controller.port
    yield recorder
    recorder.release()
    controller.stop()


@pytest.fixture
def running_private_redis(private_redis):
    """A started private Redis that this process's Celery app publishes to.

    Yields the ``PrivateRedis``; call ``reset_pools()`` on it after stopping
    or restarting it (kombu would reuse a dead connection).
    """
    private_redis.start()
    with celery_broker(private_redis.url) as reset_pools:
        private_redis.reset_pools = reset_pools
        yield private_redis


class WorkerProcess:
    """One ``celery -A chemster worker`` in a process group of its own.

    Its own session, so that ``kill()`` can SIGKILL the main process and its
    pool children together, as when a machine or container dies.
    """

    def __init__(self, env, *, name, concurrency=2, log_path=None):
        self.name = name
        self.killed = False
        self.log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/celery"),
                "-A",
                "chemster",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                str(concurrency),
                "--hostname",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        """SIGKILL the worker and its pool children at once (once)."""
        if self.killed:
            return
        self.killed = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        if self.log is not subprocess.DEVNULL:
            self.log.close()


@pytest.fixture
def start_worker_process(tmp_path):
    """Start Celery worker subprocesses: ``start_worker_process(env, name=...)``.

    Every worker started is killed (its whole process group) at teardown;
    their output goes to ``<tmp_path>/<name>.log``.
    """
    workers = []

    def start(env, *, name, concurrency=2):
        worker = WorkerProcess(
            env, name=name, concurrency=concurrency, log_path=tmp_path / f"{name}.log"
        )
        workers.append(worker)
        return worker

    yield start
    # The test is over: no warm shutdown to wait for.
    for worker in workers:
        worker.kill()
