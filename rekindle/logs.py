"""Keep secrets out of the logs: an invite link's token is the whole secret."""

import logging
import re

INVITE_TOKEN = re.compile(r"/invite/(?!accept/)[^/?#\s]+")
REDACTED = "/invite/[redacted]"


def redact_path(path: str) -> str:
    """`/invite/<token>/` with the token blanked; every other path as it is."""
    return INVITE_TOKEN.sub(REDACTED, path)


class RedactPaths(logging.Filter):
    """Blank invite tokens in a record's message and its string arguments."""

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
