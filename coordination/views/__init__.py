"""Coordination's pages, one module per noun: cases.py (caseload, a case, my case,
notifications), meetings.py, plan.py, transfers.py, interop.py (my data export, the
calendar feed). The manager's dashboard is trust/dashboard/views.py."""
