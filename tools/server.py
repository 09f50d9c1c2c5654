"""The production path, in pieces the tools and tests/prod share.

A production environment for the settings, collectstatic and migrate,
processes started in their own group and always stopped (gunicorn with
gunicorn.conf.py on a free loopback port, or anything else a deploy runs),
and a private PostgreSQL cluster that may be stopped and restarted without
disturbing anyone.
"""

import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database(url: str, *, fresh: bool = False) -> bool:
    """Create the database if it is missing (dropped first if `fresh`); True if created."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        elif conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def production_env(database_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    """DEBUG off, a fresh secret, HTTPS and the client's address as forwarded
    by one proxy. Production refuses to start without SMTP_HOST; no worker
    runs unless a test starts one, so mail waits in the queue and this
    address (a closed loopback port) is never reached."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "SECURE_PROXY_SSL_HEADER": "1",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(static_root),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": "9",
        **extra,
    }
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env: dict[str, str]) -> None:
    """What a deploy runs before starting the server."""
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "--noinput", "-v0")


def children(parent: int) -> list[int]:
    pids = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            ppid = int(Path(stat).read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError):
            continue
        if ppid == parent:
            pids.append(int(stat.split("/")[2]))
    return sorted(pids)


def cpu_seconds(parent: int) -> float:
    """User and system CPU time used so far by a process and its children:
    those still running, and those that exited (the kernel adds their time
    to the parent's record once it has reaped them)."""

    def used(pid: int, reaped: bool) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return sum(map(int, fields[11:15] if reaped else fields[11:13])) / os.sysconf("SC_CLK_TCK")

    return used(parent, reaped=True) + sum(used(child, reaped=False) for child in children(parent))


class Process:
    """A command in its own process group, its output in `log_path`;
    leaving the `with` block always stops it (SIGTERM, then SIGKILL)."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: Path):
        self.command, self.env, self.log_path = command, env, log_path

    def __enter__(self):
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    @property
    def log(self) -> str:
        return self.log_path.read_text()


class Gunicorn(Process):
    """gunicorn with gunicorn.conf.py (or `config`) serving the app (or the
    WSGI module `app`) on a free loopback port; entering waits until /healthz
    answers and all workers are up (callers check)."""

    def __init__(
        self, env: dict[str, str], log_path: Path, *, config: str = "gunicorn.conf.py", args: tuple = (), app: str = "rekindle.wsgi"
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "-c", config, "--bind", f"127.0.0.1:{self.port}", *args, app]
        super().__init__(command, env, log_path)

    def __enter__(self) -> "Gunicorn":
        super().__enter__()
        wanted = int(self.env.get("WEB_CONCURRENCY") or 1)
        for _ in range(150):
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200 and len(self.workers()) >= wanted:
                    break
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        return self

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def worker_connected_from(self, port: int, remote_port: int) -> int | None:
        """The worker owning the local end 127.0.0.1:`port` of a TCP
        connection to `remote_port` (from /proc/net/tcp and its file descriptors)."""
        wanted = f"0100007F:{port:04X} 0100007F:{remote_port:04X} 01"  # local, remote, ESTABLISHED
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if " ".join(fields[1:4]) == wanted:
                socket_link = f"socket:[{fields[9]}]"
                break
        else:
            return None
        for pid in self.workers():
            for fd in glob.glob(f"/proc/{pid}/fd/*"):
                try:
                    if os.readlink(fd) == socket_link:
                        return pid
                except OSError:
                    continue
        return None


class PostgresCluster:
    """A private PostgreSQL cluster in a temporary directory, on a free
    loopback port with trust authentication: ours to stop and restart.
    Removed on leaving the `with` block. As root, it runs as `postgres`."""

    def __init__(self):
        bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        self.bin = Path(os.environ.get("PG_BIN") or (bindirs[-1] if bindirs else ""))
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/rekindle"

    @property
    def version(self) -> str:
        return subprocess.run([self.bin / "postgres", "--version"], capture_output=True, text=True).stdout.strip()

    @property
    def postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_owner, self.bin / "pg_ctl", "-D", self.data, "-l", self.dir / "postgres.log", "-w", *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self.pg_ctl("-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self.pg_ctl("-m", "fast", "restart")

    def __enter__(self) -> "PostgresCluster":
        self.dir = Path(tempfile.mkdtemp(prefix="rekindle-pg-"))
        self.data = self.dir / "data"
        if self.as_owner:
            shutil.chown(self.dir, "postgres", "postgres")
        try:
            subprocess.run(
                [*self.as_owner, self.bin / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            self.start()
            create_database(self.url)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.as_owner, self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)
