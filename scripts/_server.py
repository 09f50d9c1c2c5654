"""The production path, in pieces the scripts share (prod_check, load, faults).

A production environment for the settings, collectstatic and migrate,
gunicorn with gunicorn.conf.py on a free loopback port, a `Site` that talks
to it as a browser behind a TLS proxy would, and a private PostgreSQL
cluster that a script may stop and restart without disturbing anyone.
"""

import glob
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]


class Checks:
    """Named pass/fail checks, printed as they are made: `check(name, passed, detail)`."""

    def __init__(self, script: str):
        self.script = script
        self.failures: list[str] = []

    def __call__(self, name: str, passed: bool, detail="") -> None:
        print(f"  {'ok  ' if passed else 'FAIL'}  {name}" + (f"  [{detail}]" if detail != "" else ""), flush=True)
        if not passed:
            self.failures.append(name)

    def verdict(self) -> int:
        """Say how it went; the exit status."""
        if self.failures:
            print(f"{self.script}: {len(self.failures)} check(s) failed: " + "; ".join(self.failures))
            return 1
        print(f"{self.script}: all checks passed")
        return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database_if_missing(url: str) -> bool:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def production_env(database_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    """DEBUG off, a fresh secret, HTTPS as forwarded by a proxy, no SMTP."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "SECURE_PROXY_SSL_HEADER": "1",
        "STATIC_ROOT": str(static_root),
        **extra,
    }
    env.pop("SMTP_HOST", None)
    return env


def prepare(env: dict[str, str]) -> None:
    """What a deploy runs before starting the server."""
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def setup_django(env: dict[str, str]) -> None:
    """Use the project's models in this process, on the same database as gunicorn."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rekindle.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


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


class Site:
    """Plain HTTP to gunicorn; `https=True` is what a TLS proxy would forward.
    Cookies are kept by hand: a `__Host-`/Secure cookie still counts here."""

    def __init__(self, port: int, timeout: float = 10):
        self.port = port
        self.timeout = timeout
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def prepare(self, method, path, *, https=True, headers=None, form=None) -> tuple[dict, str | None]:
        """The headers and body a browser would send."""
        headers = dict(headers or {})
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            }
        return headers, body

    def receive(self, conn: http.client.HTTPConnection) -> http.client.HTTPResponse:
        response = conn.getresponse()
        response.content = response.read()
        conn.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def request(self, method, path, **kwargs):
        headers, body = self.prepare(method, path, **kwargs)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        conn.request(method, path, body=body, headers=headers)
        return self.receive(conn)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)

    @property
    def csrf_token(self) -> str:
        """The CSRF secret from the cookie: Django takes it as the form token too."""
        return self.cookies["__Host-csrftoken"]

    def log_in(self, email: str, password: str):
        page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
        return self.post("/accounts/login/", {"csrfmiddlewaretoken": token, "login": email, "password": password})


class Gunicorn:
    """gunicorn with gunicorn.conf.py on a free loopback port, in its own
    process group; leaving the `with` block always stops it."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.env, self.log_path = env, log_path
        self.port = free_port()

    def __enter__(self) -> "Gunicorn":
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}", "rekindle.wsgi"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        site = Site(self.port)
        wanted = int(self.env.get("WEB_CONCURRENCY") or 1)
        for _ in range(100):  # until /healthz answers and all workers are up; callers check
            try:
                if site.get("/healthz", https=False).status == 200 and len(self.workers()) >= wanted:
                    break
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        return self

    def __exit__(self, *exc) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def worker_serving(self, client_port: int) -> int | None:
        """The worker holding our connection from `client_port`: the owner of
        the server side of that socket in /proc/net/tcp."""
        wanted = f"0100007F:{self.port:04X} 0100007F:{client_port:04X} 01"  # local, remote, ESTABLISHED
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
            create_database_if_missing(self.url)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.as_owner, self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)
