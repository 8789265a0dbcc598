"""PDFs of the print views (issue 17), made with WeasyPrint when it can run here.

WeasyPrint is a dependency (pyproject.toml), but it draws text with the system's Pango
library, which a minimal machine or the slim Docker image may lack: then `import weasyprint`
fails with OSError. The PDF is optional for that reason: `pdf_available()` says whether it
can be made, the print pages show the download only then, and the PDF addresses answer 404
otherwise, never a 500 (docs/decisions.md, "PDF of the print views").

The PDF is made from our own HTML only; WeasyPrint fetches nothing (no network, no files but
the print stylesheet handed to it), so a link in a minute cannot make the server fetch it.
"""
from functools import cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse

PRINT_STYLESHEET = "css/print.css"


@cache
def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: the Pango system library is missing
        return False
    return True


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"the PDF fetches nothing ({url})")


def html_to_pdf(html: str) -> bytes:
    import weasyprint

    stylesheet = finders.find(PRINT_STYLESHEET)
    return weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf(
        stylesheets=[weasyprint.CSS(filename=stylesheet)] if stylesheet else None
    )


def pdf_response(html: str, filename: str) -> HttpResponse:
    """The PDF as a download; 404 where no PDF can be made (the page offers none there)."""
    if not pdf_available():
        raise Http404
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
