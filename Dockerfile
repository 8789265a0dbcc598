FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml requirements.lock README.md ./
RUN pip install --no-cache-dir -c requirements.lock -e '.[test]'

COPY . .
RUN pybabel compile --domain django --directory locale \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.db \
       DJANGO_SETTINGS_MODULE=ibbis.settings.production python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 ibbis && chown -R ibbis /app
USER ibbis
EXPOSE 8000
