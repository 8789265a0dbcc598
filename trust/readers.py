"""Who can read a note, in plain words - shown beside each note's scope badge, so nobody has
to guess what a scope means (DOMAIN.md, Note scopes)."""
from django.utils.translation import gettext as _

from ibbis.accounts.models import Role

from .models import NoteScope


def readers_in_plain_words(note) -> str:
    organisation = note.author_organisation.name if note.author_organisation_id else ""
    if note.scope == NoteScope.PRIVATE:
        return _("Only the author.")
    if note.scope == NoteScope.SECTOR:
        return _(
            "Professionals from %(organisation)s who are or have been on this case."
        ) % {"organisation": organisation}
    gated = note.author_role == Role.CARE_MANAGER
    if note.scope == NoteScope.TEAM:
        if gated:
            return _(
                "The case's current care manager, and the employment consultant only while "
                "the service user's consent to share health information is active."
            )
        return _("The case's current care manager and employment consultant.")
    if gated:
        return _(
            "The service user and the case's current care manager, and the employment "
            "consultant only while the service user's consent to share health information "
            "is active."
        )
    return _("The service user and the case's current care manager and employment consultant.")
