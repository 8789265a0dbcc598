"""Coordination's page URLs, one module per noun, each its own namespace as before the
package (every name and path unchanged): cases.py ("coordination", included here as
`coordination.urls`), meetings.py ("meetings": meetings and the plan), interop.py
("interop": the calendar feed). ibbis/urls.py includes the three, adding to "coordination"
the manager's dashboard (trust/dashboard/urls.py) and to "interop" the data export's page
(ibbis/interop/urls.py): apps above coordination, which its URLs do not import."""
from .cases import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
