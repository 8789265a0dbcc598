"""The trust API, one module per surface: notes/consent/access log, meeting checklist and
feedback, and the manager's overview."""
