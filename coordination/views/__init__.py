"""Coordination's pages, one module per noun: caseload.py, cases.py (opening a case, the case
page, handover, follow-up), absences.py and decisions.py (the case page's forms),
my_case.py (the service user's page), notifications.py, meetings.py, plan.py,
transfers.py, interop.py (my data export, the calendar feed). The manager's dashboard is
trust/dashboard/views.py."""
