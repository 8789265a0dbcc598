"""Coordination's page URLs, one module per noun, each its own namespace as before the
package (every name and path unchanged): cases.py ("coordination", included here as
`coordination.urls`), meetings.py ("meetings": meetings and the plan), interop.py
("interop"). ibbis/urls.py includes the three."""
from .cases import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
