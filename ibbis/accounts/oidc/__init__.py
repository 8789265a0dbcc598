"""Signing in with OpenID Connect: NemLog-in (MitID) for citizens, the organisation's own
provider for staff (issue 19). providers: configuration and discovery; client: the code
exchange and the ID token checks (mozilla-django-oidc); linking: who the sign-in is, from our
records, and whether it showed a second factor; views: start, callback, the provider's
sign-out; backend: the sessions it makes."""
