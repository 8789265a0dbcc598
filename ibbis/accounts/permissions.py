from rest_framework.permissions import BasePermission

from .models import Role


class IsAdminRole(BasePermission):
    """Accounts and organisations are managed by admins only (API.md)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.role == Role.ADMIN)
