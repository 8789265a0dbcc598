from django import template

from coordination.models import Notification

register = template.Library()


@register.simple_tag
def unread_notification_count(user):
    """The nav badge: one indexed count per page (recipient, read_at)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
