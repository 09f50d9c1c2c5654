"""gunicorn settings for `make bench`: production's (the repository's
gunicorn.conf.py), but with the access log off, so that the figures do not
include writing a line to the terminal for every request."""

import runpy
from pathlib import Path

production = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
globals().update({name: value for name, value in production.items() if not name.startswith("__")})
accesslog = None
