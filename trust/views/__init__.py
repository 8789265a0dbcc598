"""Trust's pages, one module per noun: notes.py, consent.py (consent and the access log),
feedback.py, checklists.py (a meeting's checklist, the managers' template). The manager's
dashboard is trust/dashboard/. Every page reads through `for_user`."""
