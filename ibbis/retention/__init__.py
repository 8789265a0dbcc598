"""Retention across apps (issue 16, item 6): pseudonymising closed cases touches coordination,
trust, the access log and accounts at once, so it sits at the top (composition). The nightly
task and `manage.py pseudonymise_closed_cases` keep their names. The one way rows leave an
append-only log is ibbis/append_only.py, below every app."""
