# syntax=docker/dockerfile:1
# Rekindle: `docker compose up` (see docker-compose.yml and README "Deploying").

# --- Build: install the locked dependencies into a virtual environment -------
FROM python:3.13-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /venv
COPY requirements.lock /tmp/requirements.lock
RUN /venv/bin/pip install -r /tmp/requirements.lock

# --- Runtime: the venv, the code and the collected static files, no tools ----
FROM python:3.13-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DEBUG=0
RUN groupadd --system --gid 10001 rekindle \
    && useradd --system --uid 10001 --gid rekindle --home-dir /app --no-create-home rekindle
COPY --from=build /venv /venv
WORKDIR /app
COPY . .
# Hashed, compressed static files are part of the image; the throwaway key
# and mail host only satisfy settings (DEBUG off refuses to start without them).
RUN SECRET_KEY=collectstatic-only-not-a-secret SMTP_HOST=collectstatic.invalid python manage.py collectstatic --noinput
USER rekindle
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "rekindle.wsgi"]
