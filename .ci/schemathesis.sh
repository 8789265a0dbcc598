#!/usr/bin/env bash
# The OpenAPI contract, fuzzed: schemathesis against the LIVE schema of a running server,
# as a professional, a service user and a manager (issue 7). No server errors, no response
# that breaks the schema. Bounded: a few examples per operation, a wall-clock limit.
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres). Uses its own database, created and
# dropped here, seeded by seed_demo. Celery runs eagerly in the server (no REDIS_URL), so
# meetings the fuzzer books never reach the CI worker of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DB_NAME="ibbis_fuzz_$$"
CASES="${FUZZ_CASES:-30}"
EXAMPLES="${FUZZ_MAX_EXAMPLES:-5}"
TIME_LIMIT="${FUZZ_TIME_LIMIT:-900}"   # seconds; the three runs go side by side (each ~3 min in CI on a quick machine, about three times that on a slow one)
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d)
SERVER_PID=""

export DJANGO_SETTINGS_MODULE=ibbis.settings.dev
export DEBUG=false
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB_NAME}"
unset REDIS_URL
# The fuzzer is one client hammering one account; the token throttle protects logins, not this.
export TOKEN_THROTTLE_RATE="1000/min"
export EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  dropdb -h 127.0.0.1 -U postgres --if-exists --force "$DB_NAME" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

createdb -h 127.0.0.1 -U postgres "$DB_NAME"
.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py seed_demo --cases "$CASES" > "$WORK/logins.txt"

password_of() { awk -v u="$1" '$1 == "login:" && $3 == u { print $4; exit }' "$WORK/logins.txt"; }

# A password alone yields no token for a professional or a manager (API.md, Conventions):
# the fuzz accounts that sign in with two factors get an authenticator with a key made here,
# and token_for sends the code it shows now.
FUZZ_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(20))')
FUZZ_KEY="$FUZZ_KEY" .venv/bin/python manage.py shell -c '
import os
from django_otp.plugins.otp_totp.models import TOTPDevice
from ibbis.accounts import two_factor
from ibbis.accounts.models import User
for user in User.objects.filter(username__in=["cm1", "manager.jc"]):
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name=two_factor.AUTHENTICATOR_NAME,
                              key=os.environ["FUZZ_KEY"], confirmed=True)
' >/dev/null
otp_now() {
  FUZZ_KEY="$FUZZ_KEY" .venv/bin/python -c 'import base64, os, pyotp; print(pyotp.TOTP(base64.b32encode(bytes.fromhex(os.environ["FUZZ_KEY"])).decode()).now())'
}

.venv/bin/gunicorn ibbis.wsgi:application --bind "127.0.0.1:${PORT}" --workers 4 \
  --timeout 60 --log-level warning > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$BASE/healthz" >/dev/null

token_for() {
  local username=$1 password
  password=$(password_of "$username")
  [ -n "$password" ] || { echo "seed_demo printed no login for $username" >&2; exit 1; }
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"username\": \"${username}\", \"password\": \"${password}\", \"otp\": \"$(otp_now)\"}" \
    "$BASE/api/auth/token/" \
    | .venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# One schemathesis process per account, side by side (one worker each: its threaded
# workers trip over a shared Hypothesis cache in the coverage phase).
first_id() {  # the first row's id of a list, as this account sees it (empty if none)
  curl -fsS -H "Authorization: Token $1" "$BASE$2" \
    | .venv/bin/python -c 'import json, sys; r = json.load(sys.stdin)["results"]; print(r[0]["id"] if r else "")'
}

declare -A PIDS
for username in cm1 borger001 manager.jc; do
  token=$(token_for "$username")
  # Random ids only ever meet 404s; pinning the path ids to a case and a meeting this
  # account sees lets the fuzzer reach the 200 answers and check their bodies too.
  config="$WORK/st-${username}.toml"
  {
    echo "[parameters]"
    case_id=$(first_id "$token" "/api/cases/?page_size=1")
    meeting_id=$(first_id "$token" "/api/meetings/?page_size=1")
    [ -n "$case_id" ] && echo "\"path.case_id\" = \"${case_id}\""
    [ -n "$meeting_id" ] && echo "\"path.meeting_id\" = \"${meeting_id}\""
    true
  } > "$config"
  # The token endpoint is left out: fuzzing it would trip the login lockout (django-axes)
  # for the very accounts under test; tests/ibbis/test_auth_api.py covers it. So is logout:
  # it would end the very token the fuzzer runs with (tests/ibbis/test_tokens.py covers it).
  # Run from the scratch directory: schemathesis keeps its replay store in the working one.
  (cd "$WORK" && timeout --signal=INT "$TIME_LIMIT" "$ROOT/.venv/bin/schemathesis" \
    --config-file "$config" run "$BASE/api/schema/" \
    --header "Authorization: Token ${token}" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance \
    --exclude-path-regex '^/api/auth/(token|logout)/$' \
    --phases examples,coverage,fuzzing \
    --max-examples "$EXAMPLES" --seed 7 --workers 1 --request-timeout 30 \
    --suppress-health-check all --no-color) > "$WORK/st-${username}.log" 2>&1 &
  PIDS[$username]=$!
done
status=0
for username in cm1 borger001 manager.jc; do
  rc=0; wait "${PIDS[$username]}" || rc=$?
  echo "--- schemathesis as ${username}: exit ${rc}"
  if [ "$rc" -eq 0 ]; then
    sed -n '/= SUMMARY =/,$p' "$WORK/st-${username}.log"
  else
    cat "$WORK/st-${username}.log"; status=1
  fi
done

if [ "$status" -ne 0 ] && [ -s "$WORK/server.log" ]; then
  echo "--- server log"; tail -n 80 "$WORK/server.log"
fi
exit "$status"
