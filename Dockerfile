# The production image: runtime dependencies only (no test tools), translations compiled and
# static files collected at build, a non-root user. docker-compose.yml runs it as web,
# worker and beat; docs/operations.md says how.

# Translations are compiled with Babel, a build-time tool that stays out of the image.
FROM python:3.11-slim AS translations
WORKDIR /src
COPY requirements.lock ./
RUN pip install --no-cache-dir --disable-pip-version-check \
        "$(grep -i '^babel==' requirements.lock)"
COPY locale ./locale
RUN pybabel compile --domain django --directory locale

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Runtime dependencies only: `.` without the `test` extra (pytest, playwright, ruff, ... stay
# out). pyproject.toml declares no packages, so this installs the dependencies and no code.
COPY pyproject.toml requirements.lock README.md ./
RUN pip install --no-cache-dir -c requirements.lock . \
    && pip uninstall -y ibbis-coordination

COPY . .
COPY --from=translations /src/locale ./locale
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.db \
       DJANGO_SETTINGS_MODULE=ibbis.settings.production python manage.py collectstatic --noinput \
    && rm -f /tmp/build.db

RUN useradd --create-home --uid 1000 ibbis && chown -R ibbis /app
USER ibbis
EXPOSE 8000
# The web service's command (docker-compose.yml overrides it with migrate first); exec form,
# so gunicorn is PID 1 and receives SIGTERM itself.
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "ibbis.wsgi:application"]
