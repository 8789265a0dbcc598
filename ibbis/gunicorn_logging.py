"""gunicorn's access log without secrets (issue 13: the calendar-feed token was logged).

The calendar feed is fetched by calendar programs that can only send a URL, so its secret
has to live in the path (`/calendar/<token>.ics`). gunicorn writes the request line, the
path, the query string and the referer to its access log; this logger replaces every secret
in them before the line is formatted, so no access-log format can print one. Request
headers that carry credentials (Authorization, Cookie) are blanked the same way, for a
format that names them. deploy/gunicorn.conf.py sets `logger_class` to it.
"""
import json
import re

from gunicorn.glogging import Logger

REDACTED = "[redacted]"

# Secrets that may appear in a URL: the calendar-feed token in its path, and any query
# parameter whose name says it is a secret.
_SECRET_PATTERNS = (
    (re.compile(r"(/calendar/)[^/?#\s]+(\.ics)"), rf"\g<1>{REDACTED}\g<2>"),
    (
        re.compile(r"((?:^|[?&;])(?:token|key|secret|code|otp|password|sig)=)[^&;#\s]*",
                   re.IGNORECASE),
        rf"\g<1>{REDACTED}",
    ),
)
_CREDENTIAL_HEADERS = ("{authorization}i", "{cookie}i", "{proxy-authorization}i",
                       "{set-cookie}o")
# Atoms that carry (part of) a URL: request line, path, query, referer, and the raw
# environ values a format may name.
_URL_ATOMS = ("r", "U", "q", "f", "{referer}i", "{raw_uri}e", "{path_info}e",
              "{query_string}e", "{request_uri}e", "{http_referer}e")


def redact(text):
    """`text` with every URL secret replaced by [redacted]; non-strings unchanged."""
    if not isinstance(text, str):
        return text
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in _URL_ATOMS:
            if name in atoms:
                atoms[name] = redact(atoms[name])
        for name in _CREDENTIAL_HEADERS:
            if name in atoms:
                atoms[name] = REDACTED
        if self.cfg.access_log_format.lstrip().startswith("{"):
            # A JSON format: a quote or backslash in a header must not break the line.
            atoms = {
                key: json.dumps(value)[1:-1] if isinstance(value, str) else value
                for key, value in atoms.items()
            }
        return atoms
