"""The authentication backend recorded in a session made by an OpenID Connect sign-in.

It authenticates nothing (the callback view does, ibbis.accounts.oidc.views); Django needs a
listed backend to load the session's user, and PasswordChangeRequiredMiddleware tells these
sessions apart: nobody typed the password an administrator set.
"""
from django.contrib.auth.backends import BaseBackend

from ..models import User

BACKEND_PATH = "ibbis.accounts.oidc.backend.OIDCSessionBackend"


class OIDCSessionBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()
