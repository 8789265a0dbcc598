"""The interactive API documentation (Swagger UI) under the site's strict CSP.

Swagger UI's files come from the CDN named by SPECTACULAR_SETTINGS["SWAGGER_UI_DIST"]
(drf-spectacular-sidecar, which would serve them from our own origin, is not a dependency).
So this one page - and only this page - also allows scripts, styles and images from that
CDN folder. Nothing inline is allowed even here: the split view serves Swagger UI's start-up
script from our own origin (`?script`), and templates/api/swagger_ui.html drops the inline
<style> block for static/css/api-docs.css.
"""
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.views import SpectacularSwaggerSplitView


def _cdn_folder(url: str) -> str:
    """A CSP source for the folder a URL sits in (a source ending in / matches its files)."""
    return url.rsplit("/", 1)[0] + "/" if url.startswith("https://") else ""


SWAGGER_UI_SOURCES = sorted(
    {
        source
        for source in (
            _cdn_folder(spectacular_settings.SWAGGER_UI_DIST + "/swagger-ui.css"),
            _cdn_folder(spectacular_settings.SWAGGER_UI_FAVICON_HREF),
        )
        if source
    }
)
DOCS_CSP = {
    "script-src": SWAGGER_UI_SOURCES,
    "style-src": SWAGGER_UI_SOURCES,
    "img-src": SWAGGER_UI_SOURCES,
}


@method_decorator(csp_update(DOCS_CSP), name="get")
class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
