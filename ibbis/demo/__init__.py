"""Demo data: `manage.py seed_demo` and what it writes (issue 16 item 9, STYLE.md "Our
layout"). Installed in the dev and test settings only (ibbis/settings/dev.py, test.py), so
production has neither the command nor this code on its import path.

- cases.py: the demo's people and cases (every state of the clock), deterministic
- meetings.py: roundtable meetings and shared plans, through the coordination services
- trust.py: consents, notes, checklists, feedback and a few access-log reads
- scale.py, bulk.py: `seed_demo --cases N` at caseload scale, written as plain rows
"""
