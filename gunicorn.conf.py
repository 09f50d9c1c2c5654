"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py rekindle.wsgi`.

Command-line flags override these (prod-check binds to a loopback port)."""

import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accounts.logs import RedactPaths  # noqa: E402

bind = ["0.0.0.0:8000"]
# Sync workers: each request holds one database connection. WEB_CONCURRENCY
# overrides the usual 2 × CPUs + 1 (CPUs this process may use, not the host's).
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * os.process_cpu_count() + 1)
timeout = 30  # a worker silent this long is killed and replaced
graceful_timeout = 20  # on restart, requests in flight get this long to finish
keepalive = 5  # behind a reverse proxy that reuses connections
max_requests = 2000  # recycle workers now and then; jitter so not all at once
max_requests_jitter = 200
# Import the app once in the master: a broken deploy fails before forking,
# and workers start fast and share memory.
preload_app = True
control_socket_disable = True  # no runtime control socket in $HOME

# Access log to stdout: time, method, path without the query string, status,
# size, duration. No IP, no user agent, no referrer; secret paths (invite
# tokens, reset keys) redacted, in the error log too.
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            log.addFilter(RedactPaths())


logger_class = RedactingLogger
