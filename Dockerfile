# The portal in production mode: gunicorn behind whatever terminates TLS.
# Build: docker build -t portal .   Run: see compose.yaml (PostgreSQL and Redis beside it).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBUG=0 \
    PORT=8000 \
    GUNICORN_BIND=0.0.0.0:8000 \
    STATIC_ROOT=/app/var/static

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# Static files are collected at build time (a throw-away key: collectstatic needs settings).
RUN SECRET_KEY=build-only-not-used-at-run-time python manage.py collectstatic --noinput -v0 \
    && useradd --system --uid 10001 portal && chown -R portal /app/var
USER portal

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
# Migrations and the content load are idempotent; then gunicorn replaces the shell.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_portal_fixtures && exec gunicorn --config gunicorn.conf.py"]
