"""Forms of coordination's pages, one module per noun: cases.py (the caseload, opening,
absences, extensions, follow-up, handover), meetings.py, plan.py. They parse; the services
decide (and refuse)."""
