"""Fixtures for meetings and the shared plan: the plain `case` and `other_case`
(tests/fixtures/cases.py), and every kind of outsider the permission tables walk through."""
from tests.fixtures.cases import at

__all__ = ["ROLES", "at"]

# Every role the permission tables walk: who they are relative to `case`.
ROLES = [
    "care_manager",
    "consultant",
    "other_professional",
    "service_user",
    "other_service_user",
    "jobcentre_manager",
    "health_manager",
    "admin_user",
    "anonymous",
]

