"""What coordination tells the apps above it (issue 16, item 6: dependencies run one way,
shared/STYLE.md "Our layout"). Coordination imports no higher app; an app that must react to
a meeting connects a receiver in its AppConfig.ready() (trust/apps.py)."""
from django.dispatch import Signal

# Sent inside the booking's transaction once a meeting and its participants are saved
# (`meeting=`). Trust makes the meeting's own copy of the checklist (DOMAIN.md).
meeting_booked = Signal()

# Sent while the meeting page is built (`meeting=`, `user=`; the caller has checked that the
# user sees the meeting and logged the read). Each receiver returns a dict for the page's
# context: trust's checklist, shown in place.
meeting_page_context = Signal()
