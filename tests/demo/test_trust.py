"""seed_demo's trust part: deterministic, idempotent, every note scope present."""
from io import StringIO

import pytest
from django.core.management import call_command

from ibbis.audit.models import AccessLogEntry
from ibbis.demo.trust import seed_trust
from trust.models import Consent, MeetingFeedback, Note

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Note.objects.values_list("case__service_user__username", "scope", "text")),
        sorted(Consent.objects.values_list("case__service_user__username", "expires_on",
                                           "revoked_at")),
        MeetingFeedback.objects.count(),
        AccessLogEntry.objects.count(),
    )


def test_seed_demo_adds_trust_data_of_every_kind_and_is_idempotent():
    call_command("seed_demo", "--cases", "12", stdout=StringIO())
    first = snapshot()
    assert set(Note.objects.values_list("scope", flat=True)) == {
        "private", "sector", "team", "shared"
    }
    assert Consent.objects.filter(revoked_at__isnull=False).exists()
    assert Consent.objects.filter(revoked_at__isnull=True).exists()
    assert AccessLogEntry.objects.exists()
    # Care managers' team/shared notes exist only where consent was given.
    for note in Note.objects.filter(author_role="care_manager", scope__in=["team", "shared"]):
        assert note.case.consents.filter(revoked_at__isnull=True).exists()
    seed_trust(seed=1)
    assert snapshot() == first
