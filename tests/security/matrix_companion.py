"""The companion's column of the route matrix (issue 18): what an account of role
`companion` - a companion of case A's next meeting (tests/security/world.py) - gets on every
(route, method, target) of tests/security/matrix.py.

The rule: 404, everywhere. A companion sees their meeting, its agenda and the shared plan on
their own page (`companion/`, `api/companion/`) and nothing else; every other route answers
404 whatever a role rule there would say, so nothing of the rest is even confirmed to exist
(ibbis/accounts/companion_scope.py). The exceptions below are the routes anyone may use
(sign-in and sign-out, the probes, the accessibility statement) and the companion's own.

Beyond the matrix's targets `A` and `B` the companion is also sent, on every route that
names a meeting, to their OWN meeting (`A_next`): the generic meeting, plan, notes and
agenda routes are 404 for it too. Only `companion/` shows it.

A row of matrix.py with no entry here cannot happen: the rule covers it. What can happen is
an exception that no longer names a (route, method, target) of the matrix - the test fails
then (`test_every_companion_exception_names_a_matrix_row`)."""

DEFAULT = 404

# (route, method, target) -> status, each with its reason.
EXCEPTIONS = {
    # Home sends each role to its own page: the companion's is `companion/`.
    ("", "GET", "each"): 302,
    # Probes and the accessibility statement are public.
    ("healthz", "GET", "each"): 200,
    ("livez", "GET", "each"): 200,
    ("tilgaengelighed/", "GET", "each"): 200,
    # Signed in already: the login page sends one home; signing out works.
    ("login/", "GET", "each"): 302,
    ("login/", "POST", "each"): 302,
    ("logout/", "POST", "each"): 302,
    # The browser's CSP reports carry no data; an empty one is refused as for anyone.
    ("csp-report/", "POST", "each"): 400,
    # The API's token endpoint and sign-out; the empty body is refused as for anyone.
    ("api/auth/token/", "POST", "each"): 400,
    ("api/auth/logout/", "POST", "each"): 204,
    # The API's description is public: anonymous visitors read it too.
    ("api/schema/", "GET", "each"): 200,
    ("api/docs/", "GET", "each"): 200,
    # Their own account's pages, as every account has them: the security page, the
    # password, two-factor (optional for nobody but service users: turning it off is 403),
    # recovery codes (none without two-factor: back to the page), signing out everywhere.
    ("accounts/security/", "GET", "each"): 200,
    ("accounts/password/", "GET", "each"): 200,
    ("accounts/password/", "POST", "each"): 400,
    ("accounts/security/two-factor/", "GET", "each"): 200,
    ("accounts/security/two-factor/", "POST", "each"): 400,
    ("accounts/security/two-factor/disable/", "POST", "each"): 403,
    ("accounts/security/recovery-codes/", "POST", "each"): 302,
    ("accounts/security/sign-out-everywhere/", "POST", "each"): 302,
    # Their own account (name and role), as every account has.
    ("api/me/", "GET", "each"): 200,
    # The one-time link (made-up token in the world): 400, as for anyone.
    ("companion/welcome/<str:uidb64>/<str:token>/", "GET", "A"): 400,
    ("companion/welcome/<str:uidb64>/<str:token>/", "GET", "B"): 400,
    ("companion/welcome/<str:uidb64>/<str:token>/", "POST", "A"): 400,
    ("companion/welcome/<str:uidb64>/<str:token>/", "POST", "B"): 400,
    # Their own page and its API twin.
    ("companion/", "GET", "each"): 200,
    ("api/companion/", "GET", "each"): 200,
}


def companion_expects(route: str, method: str, target: str) -> int:
    return EXCEPTIONS.get((route, method, target), DEFAULT)
