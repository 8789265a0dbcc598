"""The interactive API documentation (Swagger UI) under the site's strict CSP, unchanged.

Swagger UI's files come from drf-spectacular-sidecar, a pinned Python package whose static
files are served from our own origin like every other static file
(SPECTACULAR_SETTINGS["SWAGGER_UI_DIST"] = "SIDECAR"). Nothing is loaded from a CDN, so this
page needs no exception to the policy (before issue 13 it allowed an unpinned CDN folder:
whoever controlled that folder could run script on our origin). Nothing inline either: the
split view serves Swagger UI's start-up script from our own origin (`?script`), and
templates/api/swagger_ui.html drops the inline <style> block for static/css/api-docs.css.
"""
from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
