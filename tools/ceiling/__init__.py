"""The ceiling `make bench` measures the app against: a bare Django project
with sessions and auth only, and one view that loads the signed-in user and
says hello. Served by the same gunicorn settings against the bench's
database, it is the least a signed-in Django page can cost on this machine;
everything the app's pages take beyond it is ours (docs/performance.md).

`python -m tools.ceiling.signin EMAIL` (with DJANGO_SETTINGS_MODULE,
SECRET_KEY and DATABASE_URL as the server has them) signs that person in and
prints the session key for the `sessionid` cookie."""
