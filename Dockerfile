# The app image used by compose.yaml: pinned Python dependencies, built front end, gunicorn.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends make nodejs npm libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN make install && SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') \
    .venv/bin/python manage.py collectstatic --noinput --settings=kb.settings.production
EXPOSE 8000
CMD ["sh", "-c", ".venv/bin/python manage.py migrate --noinput && .venv/bin/python manage.py reindex && .venv/bin/gunicorn kb.wsgi --bind 0.0.0.0:8000 --workers 2"]
