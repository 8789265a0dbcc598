"""The role matrix: for every route and method, the status each actor gets.

Each row names a route exactly as the URL resolver spells it (tests/urlwalk.py) and one
method. Its expectations are ten statuses in the order of `ACTORS`, named as the test
fixtures name people (tests/fixtures/__init__.py); the column headings abbreviate them:

    anonymous  care_manager  consultant  service_user  jobcentre_manager  admin_user
    anon       cm            ec          su            mgr                adm
    former_cm  other_professional  other_service_user  foreign_manager
    fcm        out                 osu                 fmg

`A=` is the request on case A's objects, `B=` on case B's (tests/security/world.py: case A is
the care_manager's, consultant's and service_user's, with former_cm handed over and the
jobcentre_manager managing the consultant's jobcentre; case B is the other_professional's and
the other_service_user's). `each=` is for routes that name no object. `A_private=` etc. are
further objects of case A (a note of each scope). `pk=` says which object a `pk` kwarg is.

Statuses follow API.md: 401 anonymous on the API, 302 to the login page for pages; 404 for
an object the actor may not see (existence never leaks); 403 for a visible object, or a
page, the actor may not use; 200/201/204/302 when allowed. Writes are sent with an empty
body, so an allowed actor meets validation (400) and nothing is created: the point is the
authorization outcome. Every request runs in a transaction that is rolled back.
"""
from dataclasses import dataclass, field

from coordination.pdf import pdf_available
from tests.security.world import ACTORS


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    expect: dict = field(default_factory=dict)  # target -> {actor: status}
    pk: str | None = None


def R(route, method, *, pk=None, **targets):  # noqa: N802 - reads as a table
    expect = {}
    for target, statuses in targets.items():
        codes = [int(code) for code in statuses.split()]
        if len(codes) != len(ACTORS):
            raise ValueError(f"{route} {method} {target}: {len(codes)} statuses, not 10")
        expect[target] = dict(zip(ACTORS, codes, strict=True))
    return Row(route, method, expect, pk)


# Shorthands for the commonest rows.
PAGE_ANY = "302 200 200 200 200 200 200 200 200 200"
API_ANY = "401 200 200 200 200 200 200 200 200 200"
# A form with errors re-renders with 400, as every form in the app does.
PAGE_INVALID_FORM = "302 400 400 400 400 400 400 400 400 400"
# Case A is seen by care_manager, consultant, service_user, jobcentre_manager and former_cm;
# case B by other_professional and other_service_user only.
PAGE_SEE_A = "302 200 200 200 200 404 200 404 404 404"
PAGE_SEE_B = "302 404 404 404 404 404 404 200 200 404"
API_SEE_A = "401 200 200 200 200 404 200 404 404 404"
API_SEE_B = "401 404 404 404 404 404 404 200 200 404"
# Case content (plan, FHIR): the people working on it, not its managers (404: not visible).
PAGE_CONTENT_A = "302 200 200 200 404 404 200 404 404 404"
API_CONTENT_A = "401 200 200 200 404 404 200 404 404 404"
ADMIN_ONLY = "401 403 403 403 403 200 403 403 403 403"
# The PDFs of the print views exist only where WeasyPrint runs (coordination/pdf.py).
_PDF_RUNS = pdf_available()
PDF_CONTENT_A = PAGE_CONTENT_A if _PDF_RUNS else "302 404 404 404 404 404 404 404 404 404"
PDF_SEE_B = PAGE_SEE_B if _PDF_RUNS else "302 404 404 404 404 404 404 404 404 404"

ROWS = [
    #                             anon cm  ec  su  mgr adm fcm out osu fmg
    # --- accounts, login, operations -------------------------------------------------
    R("", "GET", each="302 302 302 302 302 302 302 302 302 302"),  # home: each role's page
    R("healthz", "GET", each="200 200 200 200 200 200 200 200 200 200"),
    R("tilgaengelighed/", "GET", each="200 200 200 200 200 200 200 200 200 200"),
    R("livez", "GET", each="200 200 200 200 200 200 200 200 200 200"),
    # Prometheus metrics: admins (or the scrape token) only; everyone else is told nothing.
    R("metrics", "GET", each="404 404 404 404 404 200 404 404 404 404"),
    R("login/", "GET", each="200 302 302 302 302 302 302 302 302 302"),
    R("login/", "POST", each="400 302 302 302 302 302 302 302 302 302"),
    R("logout/", "POST", each="302 302 302 302 302 302 302 302 302 302"),
    R("accounts/manage/", "GET", each="302 403 403 403 403 200 403 403 403 403"),
    # Admins issue enrolment links (the account here is care_manager, with no authenticator).
    R("accounts/manage/<uuid:user_id>/enrolment-link/", "POST",
      A="302 403 403 403 403 200 403 403 403 403",
      B="302 403 403 403 403 200 403 403 403 403"),
    # The second step of signing in: without a pending sign-in, back to the login page.
    R("login/verify/", "GET", each="302 302 302 302 302 302 302 302 302 302"),
    R("login/verify/", "POST", each="302 302 302 302 302 302 302 302 302 302"),
    R("login/setup/", "GET", each="302 302 302 302 302 302 302 302 302 302"),
    R("login/setup/", "POST", each="302 302 302 302 302 302 302 302 302 302"),
    # An enrolment link that does not exist (or is used up, or expired): 404 for everyone.
    R("enrol/<str:secret>/", "GET", A="404 404 404 404 404 404 404 404 404 404",
      B="404 404 404 404 404 404 404 404 404 404"),
    # Browsers post violation reports without a session; a non-report body is a 400.
    R("csp-report/", "POST", each="400 400 400 400 400 400 400 400 400 400"),
    # Everyone's own security page; two-factor setup for whoever has none yet.
    R("accounts/security/", "GET", each=PAGE_ANY),
    # Everyone changes their own password; an empty form is a 400.
    R("accounts/password/", "GET", each=PAGE_ANY),
    R("accounts/password/", "POST", each=PAGE_INVALID_FORM),
    R("accounts/security/two-factor/", "GET", each=PAGE_ANY),
    R("accounts/security/two-factor/", "POST", each=PAGE_INVALID_FORM),
    # Only those for whom two-factor is optional (service users) may turn it off.
    R("accounts/security/two-factor/disable/", "POST",
      each="302 403 403 400 403 403 403 403 400 403"),
    # Without two-factor there are no recovery codes: told so, back to the security page.
    R("accounts/security/recovery-codes/", "POST",
      each="302 302 302 302 302 302 302 302 302 302"),
    R("accounts/security/sign-out-everywhere/", "POST",
      each="302 302 302 302 302 302 302 302 302 302"),
    R("accounts/auth-events/", "GET", each="302 403 403 403 403 200 403 403 403 403"),
    # --- the case pages ----------------------------------------------------------------
    R("caseload/", "GET", each="302 200 200 403 403 403 200 200 403 403"),
    R("cases/new/", "GET", each="302 403 200 403 200 403 403 403 403 200"),
    R("cases/new/", "POST", each="302 403 400 403 400 403 403 403 403 400"),
    R("cases/<uuid:case_id>/", "GET", A=PAGE_SEE_A, B=PAGE_SEE_B),
    #                             anon cm  ec  su  mgr adm fcm out osu fmg
    R("cases/<uuid:case_id>/absences/", "POST",
      A="302 400 400 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 403 404"),
    R("cases/<uuid:case_id>/extensions/", "POST",
      A="302 403 400 403 400 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 403 404"),
    R("cases/<uuid:case_id>/handover/", "POST",
      A="302 403 400 403 400 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 403 404"),
    # Transfer requests (issue 13): the receiving manager's page. Case A's consultant role is
    # asked for by foreign_manager's jobcentre, case B's by jobcentre_manager's; an empty
    # form is a 400.
    R("transfers/", "GET", each="302 403 403 403 200 403 403 403 403 200"),
    R("transfers/<uuid:transfer_id>/accept/", "POST",
      A="302 403 403 403 404 403 403 403 403 400",
      B="302 403 403 403 400 403 403 403 403 404"),
    R("transfers/<uuid:transfer_id>/decline/", "POST",
      A="302 403 403 403 404 403 403 403 403 302",
      B="302 403 403 403 302 403 403 403 403 404"),
    # Follow-up per § 13 b (issue 14): the current consultant only. Both fields are
    # optional (empty clears them), so an empty form is accepted: 302.
    R("cases/<uuid:case_id>/follow-up/", "POST",
      A="302 403 302 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 403 404"),
    R("my-case/", "GET", each="302 403 403 200 403 403 403 403 200 403"),
    R("notifications/", "GET", each=PAGE_ANY),
    R("notifications/read-all/", "POST", each="302 302 302 302 302 302 302 302 302 302"),
    # A notification is its recipient's: case A's goes to care_manager, case B's to the
    # other_professional.
    R("notifications/<uuid:notification_id>/read/", "POST",
      A="302 302 404 404 404 404 404 404 404 404",
      B="302 404 404 404 404 404 404 302 404 404"),
    # --- the manager's dashboard ---------------------------------------------------------
    R("dashboard/", "GET", each="302 403 403 403 200 403 403 403 403 200"),
    # professional_id: case A's consultant (jobcentre_manager's jobcentre), case B's
    # (another jobcentre).
    R("dashboard/professionals/<uuid:professional_id>/", "GET",
      A="302 403 403 403 200 403 403 403 403 404",
      B="302 403 403 403 404 403 403 403 403 404"),
    R("dashboard/caseloads.csv", "GET", each="302 403 403 403 200 403 403 403 403 200"),
    # --- meetings ------------------------------------------------------------------------
    #                             anon cm  ec  su  mgr adm fcm out osu fmg
    R("cases/<uuid:case_id>/meetings/", "GET", A=PAGE_SEE_A, B=PAGE_SEE_B),
    R("cases/<uuid:case_id>/meetings/new/", "GET",
      A="302 200 200 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 200 403 404"),
    R("cases/<uuid:case_id>/meetings/new/", "POST",
      A="302 400 400 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 403 404"),
    R("meetings/<uuid:meeting_id>/", "GET", A=PAGE_SEE_A, B=PAGE_SEE_B),
    R("meetings/<uuid:meeting_id>/reschedule/", "GET",
      A="302 200 200 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 200 403 404"),
    R("meetings/<uuid:meeting_id>/reschedule/", "POST",
      A="302 400 400 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 403 404"),
    R("meetings/<uuid:meeting_id>/cancel/", "GET",
      A="302 200 200 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 200 403 404"),
    # The world's meetings are held: cancelling one is a state conflict (409).
    R("meetings/<uuid:meeting_id>/cancel/", "POST",
      A="302 409 409 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 409 403 404"),
    R("meetings/<uuid:meeting_id>/held/", "POST",
      A="302 400 400 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 403 404"),
    R("meetings/<uuid:meeting_id>/calendar.ics", "GET", A=PAGE_SEE_A, B=PAGE_SEE_B),
    # The preview (issue 18): the service user only; the world's meetings are held, so
    # there is nothing ahead of them to preview (409 meeting_closed).
    R("meetings/<uuid:meeting_id>/preview/", "GET",
      A="302 403 403 409 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 409 404"),
    # Issue 18: reply (each invited person's), agenda item (case content: a manager 404),
    # response to the minutes (the service user's). An empty form shows the page again: 400.
    R("meetings/<uuid:meeting_id>/reply/", "POST",
      A="302 400 400 400 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 400 404"),
    R("meetings/<uuid:meeting_id>/agenda-items/", "POST",
      A="302 400 400 400 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 400 404"),
    R("meetings/<uuid:meeting_id>/minutes/responses/", "POST",
      A="302 403 403 400 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 400 404"),
    # The hearing before a decision (issue 18): its page is case content (a manager 404); the
    # service user answers (an empty form: 400), the current consultant withdraws (302).
    # The consultant's form (world: case A already has a pending hearing, shown instead).
    R("cases/<uuid:case_id>/hearings/new/", "GET",
      A="302 403 200 403 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 403 404"),
    R("cases/<uuid:case_id>/hearings/new/", "POST",
      A="302 403 400 403 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 403 404"),
    R("hearings/<uuid:hearing_id>/", "GET", A=PAGE_CONTENT_A, B=PAGE_SEE_B),
    R("hearings/<uuid:hearing_id>/answer/", "POST",
      A="302 403 403 400 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 400 404"),
    R("hearings/<uuid:hearing_id>/withdraw/", "POST",
      A="302 403 302 403 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 403 404"),
    # The print view of agenda and minutes (issue 17): who reads the minutes; managers 404.
    R("meetings/<uuid:meeting_id>/print/", "GET", A=PAGE_CONTENT_A, B=PAGE_SEE_B),
    R("meetings/<uuid:meeting_id>/minutes.pdf", "GET", A=PDF_CONTENT_A, B=PDF_SEE_B),
    # --- the shared plan -------------------------------------------------------------------
    #                             anon cm  ec  su  mgr adm fcm out osu fmg
    R("my-plan/", "GET", each="302 403 403 302 403 403 403 403 302 403"),
    R("cases/<uuid:case_id>/plan/", "GET", A=PAGE_CONTENT_A, B=PAGE_SEE_B),
    R("cases/<uuid:case_id>/plan/goals/new/", "GET",
      A="302 200 200 403 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 200 403 404"),
    R("cases/<uuid:case_id>/plan/goals/new/", "POST",
      A="302 400 400 403 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 403 404"),
    R("cases/<uuid:case_id>/plan/goals/<uuid:goal_id>/", "GET",
      A="302 200 200 403 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 200 403 404"),
    R("cases/<uuid:case_id>/plan/goals/<uuid:goal_id>/", "POST",
      A="302 400 400 403 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 403 404"),
    R("cases/<uuid:case_id>/plan/history/", "GET", A=PAGE_CONTENT_A, B=PAGE_SEE_B),
    R("cases/<uuid:case_id>/plan/print/", "GET", A=PAGE_CONTENT_A, B=PAGE_SEE_B),
    R("cases/<uuid:case_id>/plan/plan.pdf", "GET", A=PDF_CONTENT_A, B=PDF_SEE_B),
    # An empty confirmation is not applied; the service user is sent back to the plan.
    R("cases/<uuid:case_id>/plan/acknowledge/", "POST",
      A="302 403 403 302 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 302 404"),
    R("cases/<uuid:case_id>/plan/comments/", "POST",
      A="302 403 403 400 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 400 404"),
    # --- notes, consent, access log, checklists, feedback -----------------------------------
    #                             anon cm  ec  su  mgr adm fcm out osu fmg
    # Everyone who sees the case opens its notes page (a manager sees counts, no text).
    R("cases/<uuid:case_id>/notes/", "GET", A=PAGE_SEE_A, B=PAGE_SEE_B),
    R("cases/<uuid:case_id>/notes/", "POST",
      A="302 400 400 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 403 404"),
    R("my-case/consent/", "GET", each="302 403 403 200 403 403 403 403 200 403"),
    R("my-case/consent/", "POST", each="302 403 403 400 403 403 403 403 400 403"),
    R("my-case/access-log/", "GET", each="302 403 403 200 403 403 403 403 200 403"),
    # The service user's reminder choices (issue 18); an empty choice is "no reminders".
    R("my-case/reminders/", "GET", each="302 403 403 200 403 403 403 403 200 403"),
    R("my-case/reminders/", "POST", each="302 403 403 302 403 403 403 403 302 403"),
    R("meetings/<uuid:meeting_id>/checklist/", "GET", A=PAGE_SEE_A, B=PAGE_SEE_B),
    R("meetings/<uuid:meeting_id>/checklist/", "POST",
      A="302 400 400 403 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 400 403 404"),
    R("my-case/feedback/", "GET", each="302 403 403 200 403 403 403 403 200 403"),
    R("meetings/<uuid:meeting_id>/feedback/", "GET",
      A="302 403 403 200 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 200 404"),
    R("meetings/<uuid:meeting_id>/feedback/", "POST",
      A="302 403 403 400 403 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 400 404"),
    R("checklists/", "GET", each="302 403 403 403 200 403 403 403 403 200"),
    R("checklists/", "POST", each="302 403 403 403 400 403 403 403 403 400"),
    # The relational coordination survey (issue 21): professionals answer (an empty form is a
    # 400); managers read the thresholded averages of their organisation's pairs.
    R("relational-coordination/", "GET", each="302 200 200 403 403 403 200 200 403 403"),
    R("relational-coordination/", "POST", each="302 400 400 403 403 403 400 400 403 403"),
    R("relational-coordination/summary/", "GET",
      each="302 403 403 403 200 403 403 403 403 200"),
    # Shared supervision (issue 21): professionals of both organisations, no case. The
    # world's meetings are case meetings, which are no supervision: 404 for everyone.
    R("supervision/", "GET", each="302 200 200 403 403 403 200 200 403 403"),
    R("supervision/", "POST", each="302 400 400 403 403 403 400 400 403 403"),
    R("supervision/<uuid:meeting_id>/", "GET",
      A="302 404 404 404 404 404 404 404 404 404",
      B="302 404 404 404 404 404 404 404 404 404"),
    R("supervision/<uuid:meeting_id>/", "POST",
      A="302 404 404 404 404 404 404 404 404 404",
      B="302 404 404 404 404 404 404 404 404 404"),
    # --- exports and calendar feeds ---------------------------------------------------------
    R("my-case/export/", "GET", each="302 403 403 200 403 403 403 403 200 403"),
    R("calendar-feed/", "GET", each="302 200 200 403 403 403 200 200 403 403"),
    R("calendar-feed/", "POST", each="302 400 400 403 403 403 400 400 403 403"),
    # No login: the secret token is the key. A's is care_manager's live feed, B's a revoked
    # one.
    R("calendar/<str:token>.ics", "GET",
      A="200 200 200 200 200 200 200 200 200 200",
      B="404 404 404 404 404 404 404 404 404 404"),

    # === the API ============================================================================
    #                             anon cm  ec  su  mgr adm fcm out osu fmg
    # The token endpoint takes no credentials; an empty body is a 400 for anyone.
    R("api/auth/token/", "POST", each="400 400 400 400 400 400 400 400 400 400"),
    # Ends the caller's own token (rolled back here like every request).
    R("api/auth/logout/", "POST", each="401 204 204 204 204 204 204 204 204 204"),
    R("api/me/", "GET", each=API_ANY),
    R("api/schema/", "GET", each="200 200 200 200 200 200 200 200 200 200"),
    R("api/docs/", "GET", each="200 200 200 200 200 200 200 200 200 200"),
    # Accounts and organisations: admins only (a page-less 403 for everyone else).
    R("api/^organisations/$", "GET", each="401 403 403 403 403 200 403 403 403 403"),
    R("api/^organisations/$", "POST", each="401 403 403 403 403 400 403 403 403 403"),
    R("api/^organisations\\.(?P<format>[a-z0-9]+)/?$", "GET",
      each="401 403 403 403 403 200 403 403 403 403"),
    R("api/^organisations\\.(?P<format>[a-z0-9]+)/?$", "POST",
      each="401 403 403 403 403 400 403 403 403 403"),
    R("api/^organisations/(?P<pk>[^/.]+)/$", "GET", pk="organisation",
      A="401 403 403 403 403 200 403 403 403 403",
      B="401 403 403 403 403 200 403 403 403 403"),
    R("api/^organisations/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$", "GET", pk="organisation",
      A="401 403 403 403 403 200 403 403 403 403",
      B="401 403 403 403 403 200 403 403 403 403"),
    R("api/^auth-events/$", "GET", each="401 403 403 403 403 200 403 403 403 403"),
    R("api/^auth-events\\.(?P<format>[a-z0-9]+)/?$", "GET",
      each="401 403 403 403 403 200 403 403 403 403"),
    # Account changes held for a second administrator (four eyes, issue 13): the matrix's
    # admin did not ask for them (mx.admin2 did), so they may approve or refuse.
    R("api/^account-changes/$", "GET", each=ADMIN_ONLY),
    R("api/^account-changes\\.(?P<format>[a-z0-9]+)/?$", "GET", each=ADMIN_ONLY),
    R("api/^account-changes/(?P<pk>[^/.]+)/$", "GET", pk="account_change",
      A=ADMIN_ONLY, B=ADMIN_ONLY),
    R("api/^account-changes/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$", "GET",
      pk="account_change", A=ADMIN_ONLY, B=ADMIN_ONLY),
    R("api/^account-changes/(?P<pk>[^/.]+)/approve/$", "POST", pk="account_change",
      A=ADMIN_ONLY, B=ADMIN_ONLY),
    R("api/^account-changes/(?P<pk>[^/.]+)/approve\\.(?P<format>[a-z0-9]+)/?$", "POST",
      pk="account_change", A=ADMIN_ONLY, B=ADMIN_ONLY),
    R("api/^account-changes/(?P<pk>[^/.]+)/refuse/$", "POST", pk="account_change",
      A=ADMIN_ONLY, B=ADMIN_ONLY),
    R("api/^account-changes/(?P<pk>[^/.]+)/refuse\\.(?P<format>[a-z0-9]+)/?$", "POST",
      pk="account_change", A=ADMIN_ONLY, B=ADMIN_ONLY),
    R("api/^accounts/$", "GET", each="401 403 403 403 403 200 403 403 403 403"),
    R("api/^accounts/$", "POST", each="401 403 403 403 403 400 403 403 403 403"),
    R("api/^accounts\\.(?P<format>[a-z0-9]+)/?$", "GET",
      each="401 403 403 403 403 200 403 403 403 403"),
    R("api/^accounts\\.(?P<format>[a-z0-9]+)/?$", "POST",
      each="401 403 403 403 403 400 403 403 403 403"),
    R("api/^accounts/(?P<pk>[^/.]+)/$", "GET", pk="account",
      A="401 403 403 403 403 200 403 403 403 403",
      B="401 403 403 403 403 200 403 403 403 403"),
    R("api/^accounts/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$", "GET", pk="account",
      A="401 403 403 403 403 200 403 403 403 403",
      B="401 403 403 403 403 200 403 403 403 403"),
    # Admins issue enrolment links (care_manager and other_professional have no
    # authenticator yet).
    R("api/^accounts/(?P<pk>[^/.]+)/enrolment-link/$", "POST", pk="account",
      A="401 403 403 403 403 201 403 403 403 403",
      B="401 403 403 403 403 201 403 403 403 403"),
    R("api/^accounts/(?P<pk>[^/.]+)/enrolment-link\\.(?P<format>[a-z0-9]+)/?$", "POST",
      pk="account",
      A="401 403 403 403 403 201 403 403 403 403",
      B="401 403 403 403 403 201 403 403 403 403"),
    # --- cases ---------------------------------------------------------------------------------
    #                             anon cm  ec  su  mgr adm fcm out osu fmg
    R("api/^cases/$", "GET", each=API_ANY),  # each sees their own list (admin: empty)
    R("api/^cases/$", "POST", each="401 403 400 403 400 403 403 403 403 400"),
    R("api/^cases/(?P<pk>[^/.]+)/$", "GET", pk="case_id", A=API_SEE_A, B=API_SEE_B),
    # Issue 14: the consultant sets expected_return_date / follow_up_agreed_on, and records
    # a request for early follow-up; anyone else who sees the case gets 403.
    R("api/^cases/(?P<pk>[^/.]+)/$", "PATCH", pk="case_id",
      A="401 403 400 403 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 403 404"),
    R("api/^cases/(?P<pk>[^/.]+)/early-follow-up/$", "POST", pk="case_id",
      A="401 403 400 403 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 403 404"),
    R("api/^cases/(?P<pk>[^/.]+)/absences/$", "GET", pk="case_id", A=API_SEE_A, B=API_SEE_B),
    R("api/^cases/(?P<pk>[^/.]+)/absences/$", "POST", pk="case_id",
      A="401 400 400 403 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 400 403 404"),
    R("api/^cases/(?P<pk>[^/.]+)/deadlines/$", "GET", pk="case_id", A=API_SEE_A, B=API_SEE_B),
    R("api/^cases/(?P<pk>[^/.]+)/extensions/$", "GET", pk="case_id", A=API_SEE_A, B=API_SEE_B),
    R("api/^cases/(?P<pk>[^/.]+)/extensions/$", "POST", pk="case_id",
      A="401 403 400 403 400 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 403 404"),
    # Issue 14: public-hospital waiting time and LÆ 285 certificates, recorded like decisions.
    R("api/^cases/(?P<pk>[^/.]+)/hospital-waiting/$", "GET", pk="case_id",
      A=API_SEE_A, B=API_SEE_B),
    R("api/^cases/(?P<pk>[^/.]+)/hospital-waiting/$", "POST", pk="case_id",
      A="401 403 400 403 400 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 403 404"),
    R("api/^cases/(?P<pk>[^/.]+)/medical-certificates/$", "GET", pk="case_id",
      A=API_SEE_A, B=API_SEE_B),
    R("api/^cases/(?P<pk>[^/.]+)/medical-certificates/$", "POST", pk="case_id",
      A="401 403 400 403 400 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 403 404"),
    R("api/^cases/(?P<pk>[^/.]+)/medical-certificates/received/$", "POST", pk="case_id",
      A="401 403 400 403 400 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 403 404"),
    # Each side hands over its own role (API.md, handover row): the care manager now too.
    R("api/^cases/(?P<pk>[^/.]+)/handover/$", "POST", pk="case_id",
      A="401 400 400 403 400 404 403 404 404 404",
      B="401 404 404 404 404 404 404 400 403 404"),
    R("api/^cases/(?P<pk>[^/.]+)/transfer-requests/$", "GET", pk="case_id",
      A=API_SEE_A, B=API_SEE_B),
    R("api/^cases/(?P<pk>[^/.]+)/transfer-requests/$", "POST", pk="case_id",
      A="401 400 400 403 400 404 403 404 404 404",
      B="401 404 404 404 404 404 404 400 403 404"),
    # A transfer request is seen by its case's people and the receiving manager (who does
    # not see the case); only the receiving manager answers (empty accept body: 400).
    R("api/^transfer-requests/$", "GET", each=API_ANY),
    R("api/^transfer-requests/(?P<pk>[^/.]+)/$", "GET", pk="transfer_id",
      A="401 200 200 200 200 404 200 404 404 200",
      B="401 404 404 404 200 404 404 200 200 404"),
    R("api/^transfer-requests/(?P<pk>[^/.]+)/accept/$", "POST", pk="transfer_id",
      A="401 403 403 403 403 404 403 404 404 400",
      B="401 404 404 404 400 404 404 403 403 404"),
    R("api/^transfer-requests/(?P<pk>[^/.]+)/decline/$", "POST", pk="transfer_id",
      A="401 403 403 403 403 404 403 404 404 200",
      B="401 404 404 404 200 404 404 403 403 404"),
    R("api/^deadlines/$", "GET", each=API_ANY),
    R("api/^notifications/$", "GET", each=API_ANY),
    R("api/^notifications/read-all/$", "POST", each=API_ANY),
    R("api/^notifications/unread-count/$", "GET", each=API_ANY),
    R("api/^notifications/(?P<pk>[^/.]+)/read/$", "POST", pk="notification_id",
      A="401 200 404 404 404 404 404 404 404 404",
      B="401 404 404 404 404 404 404 200 404 404"),
    # --- meetings ------------------------------------------------------------------------------
    #                             anon cm  ec  su  mgr adm fcm out osu fmg
    R("api/meetings/", "GET", each=API_ANY),
    # The case is named in the body, so an empty body stops at validation for anyone.
    R("api/meetings/", "POST", each="401 400 400 400 400 400 400 400 400 400"),
    R("api/meetings/<uuid:pk>/", "GET", pk="meeting_id", A=API_SEE_A, B=API_SEE_B),
    # An empty change is no change: 200 for the case's professionals.
    R("api/meetings/<uuid:pk>/", "PATCH", pk="meeting_id",
      A="401 200 200 403 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 200 403 404"),
    R("api/meetings/<uuid:pk>/ics", "GET", pk="meeting_id", A=API_SEE_A, B=API_SEE_B),
    R("api/meetings/<uuid:meeting_id>/checklist/", "GET", A=API_SEE_A, B=API_SEE_B),
    R("api/meetings/<uuid:meeting_id>/checklist/<uuid:item_id>/", "PATCH",
      A="401 400 400 403 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 400 403 404"),
    R("api/meetings/<uuid:meeting_id>/feedback/", "POST",
      A="401 403 403 400 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 400 404"),
    # The preview (issue 18), as its page above.
    R("api/meetings/<uuid:meeting_id>/preview/", "GET",
      A="401 403 403 409 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 409 404"),
    # Issue 18. A reply is each invited person's (a manager or former care manager sees the
    # meeting, is not invited: 403); agenda items and minutes responses are case content.
    R("api/meetings/<uuid:meeting_id>/reply/", "POST",
      A="401 400 400 400 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 400 400 404"),
    R("api/meetings/<uuid:meeting_id>/agenda-items/", "GET", A=API_CONTENT_A, B=API_SEE_B),
    R("api/meetings/<uuid:meeting_id>/agenda-items/", "POST",
      A="401 400 400 400 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 400 400 404"),
    R("api/meetings/<uuid:meeting_id>/minutes/responses/", "GET", A=API_CONTENT_A,
      B=API_SEE_B),
    R("api/meetings/<uuid:meeting_id>/minutes/responses/", "POST",
      A="401 403 403 400 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 400 404"),
    # The hearing before a decision (issue 18; forvaltningsloven § 19): case content (a
    # manager 404); the current consultant sends and withdraws, the service user answers.
    R("api/cases/<uuid:case_id>/hearings/", "GET", A=API_CONTENT_A, B=API_SEE_B),
    R("api/cases/<uuid:case_id>/hearings/", "POST",
      A="401 403 400 403 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 403 404"),
    R("api/hearings/<uuid:hearing_id>/answer/", "POST",
      A="401 403 403 400 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 400 404"),
    R("api/hearings/<uuid:hearing_id>/withdraw/", "POST",
      A="401 403 200 403 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 403 404"),
    # --- the shared plan -----------------------------------------------------------------------
    R("api/cases/<uuid:case_id>/plan/", "GET", A=API_CONTENT_A, B=API_SEE_B),
    R("api/cases/<uuid:case_id>/plan/goals/", "POST",
      A="401 400 400 403 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 400 403 404"),
    R("api/cases/<uuid:case_id>/plan/goals/<uuid:goal_id>/", "PATCH",
      A="401 400 400 403 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 400 403 404"),
    R("api/cases/<uuid:case_id>/plan/history/", "GET", A=API_CONTENT_A, B=API_SEE_B),
    R("api/cases/<uuid:case_id>/plan/acknowledge/", "POST",
      A="401 403 403 400 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 400 404"),
    R("api/cases/<uuid:case_id>/plan/comments/", "GET", A=API_CONTENT_A, B=API_SEE_B),
    R("api/cases/<uuid:case_id>/plan/comments/", "POST",
      A="401 403 403 400 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 400 404"),
    # --- notes, consent, access log ------------------------------------------------------------
    #                             anon cm  ec  su  mgr adm fcm out osu fmg
    R("api/cases/<uuid:case_id>/notes/", "GET", A=API_SEE_A, B=API_SEE_B),
    R("api/cases/<uuid:case_id>/notes/", "POST",
      A="401 400 400 403 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 400 403 404"),
    # One note of each scope, written by case A's care manager (DOMAIN.md, Note scopes; the
    # service user's consent is active, so team and shared reach the consultant).
    R("api/notes/<uuid:note_id>/", "GET",
      A="401 200 200 200 404 404 404 404 404 404",  # shared
      B="401 404 404 404 404 404 404 200 200 404",  # B's shared, by other_professional
      A_private="401 200 404 404 404 404 404 404 404 404",
      A_sector="401 200 404 404 404 404 200 404 404 404",
      A_team="401 200 200 404 404 404 404 404 404 404"),
    R("api/cases/<uuid:case_id>/consents/", "GET", A=API_SEE_A, B=API_SEE_B),
    R("api/cases/<uuid:case_id>/consents/", "POST",
      A="401 403 403 400 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 400 404"),
    R("api/consents/<uuid:consent_id>/revoke/", "POST",
      A="401 403 403 200 403 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 200 404"),
    # The log is the service user's and the professionals'; a manager cannot see it (404).
    R("api/cases/<uuid:case_id>/access-log/", "GET", A=API_CONTENT_A, B=API_SEE_B),
    # --- overview, exports ---------------------------------------------------------------------
    R("api/dashboard/", "GET", each="401 403 403 403 200 403 403 403 403 200"),
    # Issue 21: a professional's own answers and colleagues; the managers' summary.
    R("api/relational-coordination/", "GET", each="401 200 200 403 403 403 200 200 403 403"),
    R("api/relational-coordination/", "POST", each="401 400 400 403 403 403 400 400 403 403"),
    R("api/relational-coordination/colleagues/", "GET",
      each="401 200 200 403 403 403 200 200 403 403"),
    R("api/relational-coordination/summary/", "GET",
      each="401 403 403 403 200 403 403 403 403 200"),
    R("api/checklist-templates/", "GET", each="401 403 403 403 200 403 403 403 403 200"),
    R("api/checklist-templates/", "POST", each="401 403 403 403 400 403 403 403 403 400"),
    R("api/cases/<uuid:case_id>/fhir/", "GET", A=API_CONTENT_A, B=API_SEE_B),
    R("api/cases/<uuid:case_id>/export/", "GET",
      A="401 404 404 200 404 404 404 404 404 404",
      B="401 404 404 404 404 404 404 404 200 404"),
    # --- a companion at a meeting (issue 18) ---------------------------------------------------
    # The one-time link: the world's links are made up (the calendar token stands in), so
    # it does not work for anyone, signed in or not (400, and nobody is signed in).
    R("companion/welcome/<str:uidb64>/<str:token>/", "GET",
      A="400 400 400 400 400 400 400 400 400 400",
      B="400 400 400 400 400 400 400 400 400 400"),
    R("companion/welcome/<str:uidb64>/<str:token>/", "POST",
      A="400 400 400 400 400 400 400 400 400 400",
      B="400 400 400 400 400 400 400 400 400 400"),
    # Only the service user invites and revokes (a professional who sees the meeting: 403);
    # managers see the meeting, not who comes along (404). The world's meetings are held:
    # the empty form is refused first (400). The world's companions are ended grants.
    R("meetings/<uuid:meeting_id>/companions/", "POST",
      A="302 403 403 400 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 400 404"),
    R("meetings/<uuid:meeting_id>/companions/<uuid:companion_id>/revoke/", "POST",
      A="302 403 403 302 404 404 403 404 404 404",
      B="302 404 404 404 404 404 404 403 302 404"),
    # The companion's own page: nobody else has one (404).
    R("companion/", "GET", each="302 404 404 404 404 404 404 404 404 404"),
    R("api/meetings/<uuid:meeting_id>/companions/", "GET", A=API_CONTENT_A, B=API_SEE_B),
    R("api/meetings/<uuid:meeting_id>/companions/", "POST",
      A="401 403 403 400 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 400 404"),
    R("api/meetings/<uuid:meeting_id>/companions/<uuid:companion_id>/", "DELETE",
      A="401 403 403 204 404 404 403 404 404 404",
      B="401 404 404 404 404 404 404 403 204 404"),
    R("api/companion/", "GET", each="401 404 404 404 404 404 404 404 404 404"),
    # Issue 19, OpenID Connect: without a configured provider the start and the callback are a
    # 404 page; a signed-in person is sent home. (Against a real provider: tests/ibbis/
    # test_oidc.py.) Sign-out stays the row above: POST, 302 for everyone.
    R("login/oidc/<slug:provider>/", "GET",
      A="404 302 302 302 302 302 302 302 302 302",
      B="404 302 302 302 302 302 302 302 302 302"),
    R("login/oidc/<slug:provider>/callback/", "GET",
      A="404 302 302 302 302 302 302 302 302 302",
      B="404 302 302 302 302 302 302 302 302 302"),
    # The provider's back-channel logout: server to server, no session; no provider here.
    R("login/oidc/<slug:provider>/backchannel-logout/", "POST",
      A="404 404 404 404 404 404 404 404 404 404",
      B="404 404 404 404 404 404 404 404 404 404"),
    # --- break the glass (issue 19) ------------------------------------------------------------
    # A professional of one of the case's organisations who is not on it (the outsider on A,
    # cm and former_cm on B: all of Psykiatrien Matrix) meets validation (400, empty body);
    # whoever sees the case already gets 403; anyone else the 404 of no case at all.
    R("api/cases/<uuid:case_id>/emergency-access/", "POST",
      A="401 403 403 403 403 404 403 400 404 404",
      B="401 400 404 404 404 404 400 403 403 404"),
    # The page names the case in its form: for professionals only.
    R("emergency-access/", "GET", each="302 200 200 403 403 403 200 200 403 403"),
    R("emergency-access/", "POST", each="302 400 400 403 403 403 400 400 403 403"),
]
