"""Keep secrets out of the logs. Some paths are secrets: an invite link's
token, a password-reset key, an e-mail confirmation key."""

import logging
import re

# A path that starts with one of these (at the start, or after a space or a
# quote as in "GET /invite/... HTTP/1.1"), then the secret segment.
SECRET_PATH = re.compile(
    r"""(?:^|(?<=[\s"']))"""
    r"(/invite/(?!accept/)|/accounts/password/reset/key/(?!done/)|/accounts/confirm-email/)"
    r"""[^/?#\s"']+"""
)


def redact_path(path: str) -> str:
    """The path with any secret segment replaced by `[redacted]`."""
    return SECRET_PATH.sub(r"\1[redacted]", path)


class RedactPaths(logging.Filter):
    """Redact secret paths in a record's message and its string arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_path(record.msg)
        if isinstance(record.args, dict):  # gunicorn's access log atoms
            for key, value in record.args.items():
                record.args[key] = _redact(value)
        elif isinstance(record.args, tuple):
            record.args = tuple(_redact(v) for v in record.args)
        return True


def _redact(value):
    return redact_path(value) if isinstance(value, str) else value
