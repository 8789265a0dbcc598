"""A professional's meetings as one subscribable .ics feed behind a secret, revocable URL.

The URL's token is the only key (calendar programs cannot log in), so it is long, random,
stored only as a hash, shown once, and can be rotated or revoked at any time; an unknown or
revoked token is a 404. The feed holds every meeting the professional takes part in, cancelled
ones as STATUS:CANCELLED so subscribed calendars drop them. Agendas and participants stay
out: a feed is copied to outside calendar services at every poll, so it names no service
user (and so is no read of a case's content; its daily log entry records that the feed
carried the case's meetings), and the meeting page has the rest.
"""
import secrets

from django.db import transaction
from django.utils import timezone

from coordination.calendar import ics, meeting_event
from coordination.models import CalendarFeed, Meeting
from coordination.models.feeds import hash_feed_token
from ibbis.accounts.models import PROFESSIONAL_ROLES
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_last_at, access_log_record_many
from ibbis.errors import DomainError


class CalendarFeedRefused(DomainError):
    """Only professionals have calendar feeds (the page refuses everyone else first)."""

    status = 403


def calendar_feed_issue(*, user) -> str:
    """Revoke the user's current feed (if any) and make a new one; returns the new token,
    which is never stored and cannot be shown again."""
    if user.role not in PROFESSIONAL_ROLES:
        raise CalendarFeedRefused("not_professional", "Only professionals have calendar feeds.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.select_for_update().filter(
            user=user, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        CalendarFeed.objects.create(user=user, token_hash=hash_feed_token(token))
    return token


def calendar_feed_revoke(*, user) -> int:
    with transaction.atomic():
        return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def active_feed(user):
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_for_token(token: str):
    """The active feed of an active professional, or None."""
    if not token or len(token) > 200:
        return None
    return (
        CalendarFeed.objects.select_related("user__organisation")
        .filter(
            token_hash=hash_feed_token(token),
            revoked_at__isnull=True,
            user__is_active=True,
            user__role__in=PROFESSIONAL_ROLES,
        )
        .first()
    )


def feed_meetings(user):
    return (
        Meeting.objects.for_user(user)
        .filter(participants__user=user)
        .select_related("organizer", "case")
        .prefetch_related("participants__user")
        .order_by("starts_at")
        .distinct()
    )


def feed_last_read(feed: CalendarFeed):
    """When the feed was last read, as its access log says: the time of the day's first
    read that carried meetings (later reads that day write nothing). None before that, and
    for a feed that has carried no meeting yet (nothing of a case was read, so nothing was
    logged). Only this feed's entries count: a rotated address starts afresh."""
    return access_log_last_at(
        actor=feed.user, action=AccessAction.MEETINGS_FEED_READ, since=feed.created_at
    )


def calendar_feed_read(*, feed: CalendarFeed) -> bytes:
    """The feed's calendar. Reading meetings is logged for each case they belong to, once a
    day per feed: calendar programs poll every few minutes, and the service user's log should
    say that the feed was read, not how often. The log entry is the only row a read writes
    (issue 16: "Last read" is derived from it, see `feed_last_read`)."""
    user = feed.user
    meetings = list(feed_meetings(user))
    with transaction.atomic():
        # Polls of one feed take turns here (a row lock, not a write), so two at once still
        # log the day once.
        list(CalendarFeed.objects.select_for_update().filter(pk=feed.pk).values_list("pk"))
        last_read = feed_last_read(feed)
        if last_read is None or timezone.localdate(last_read) < timezone.localdate():
            access_log_record_many(
                actor=user, cases=[m.case_id for m in meetings if m.case_id],
                action=AccessAction.MEETINGS_FEED_READ,
                object_type="meeting",
            )

    return ics(
        [meeting_event(meeting, with_attendees=False) for meeting in meetings],
        name=f"IBBIS - {user.display_name}",
    )
