"""The trust-building checklist (DOMAIN.md, Default trust-building checklist): templates that
managers version, and each meeting's own copy."""
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ibbis.accounts.models import Organisation
from trust.checklist_defaults import DEFAULT_ITEMS
from trust.models import (
    ChecklistTemplate,
    ChecklistTemplateItem,
    MeetingChecklist,
    MeetingChecklistItem,
)
from trust.models.checklists import PHASE_ORDER


def _global_default() -> ChecklistTemplate:
    """The global active template. The data migration installs DOMAIN.md's default; if the
    table was emptied since (a flushed database), it is installed again, once."""
    template = ChecklistTemplate.objects.filter(is_active=True, organisation__isnull=True).first()
    if template is not None:
        return template
    with transaction.atomic():
        template, created = ChecklistTemplate.objects.get_or_create(
            organisation=None, is_active=True, defaults={"version": 1}
        )
        if created:
            ChecklistTemplateItem.objects.bulk_create(
                ChecklistTemplateItem(
                    template=template, phase=phase, position=position, text_da=da, text_en=en
                )
                for position, (phase, da, en) in enumerate(DEFAULT_ITEMS, start=1)
            )
    return template


def checklist_active_template(*, organisation=None) -> ChecklistTemplate:
    """The organisation's active version, or the global one when it has none."""
    if organisation is not None:
        own = ChecklistTemplate.objects.filter(is_active=True, organisation=organisation).first()
        if own is not None:
            return own
    return _global_default()


def _template_for_meeting(meeting) -> ChecklistTemplate:
    """The organiser's organisation decides; a meeting without one follows the care
    manager's, then the employment consultant's organisation, then the global default."""
    case = meeting.case
    preference = [
        meeting.organizer.organisation_id if meeting.organizer_id else None,
        case.care_manager.organisation_id,
        case.employment_consultant.organisation_id,
    ]
    active = {
        t.organisation_id: t
        for t in ChecklistTemplate.objects.filter(is_active=True).prefetch_related("items")
    }
    for organisation_id in preference:
        if organisation_id is not None and organisation_id in active:
            return active[organisation_id]
    return active.get(None) or _global_default()


def checklist_copy_for_meeting(*, meeting) -> MeetingChecklist:
    """Give the meeting its own copy of the active template's items, once.

    Idempotent and safe under concurrency: the one-checklist-per-meeting constraint makes a
    racing second copy fail, and the loser returns the winner's copy. Call it when a meeting
    is created; the checklist API also calls it lazily for meetings created without it.
    """
    existing = MeetingChecklist.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            template = _template_for_meeting(meeting)
            checklist = MeetingChecklist.objects.create(meeting=meeting, template=template)
            MeetingChecklistItem.objects.bulk_create(
                MeetingChecklistItem(
                    checklist=checklist,
                    phase=item.phase,
                    position=item.position,
                    text_da=item.text_da,
                    text_en=item.text_en,
                )
                for item in template.items.all()
            )
            return checklist
    except IntegrityError:
        return MeetingChecklist.objects.get(meeting=meeting)


def checklist_item_set_done(*, actor, item: MeetingChecklistItem, done: bool):
    """Tick or untick; a tick records who and when, an untick clears both."""
    with transaction.atomic():
        item = MeetingChecklistItem.objects.select_for_update().get(pk=item.pk)
        if done and not item.done:
            item.done, item.done_by, item.done_at = True, actor, timezone.now()
        elif not done:
            item.done, item.done_by, item.done_at = False, None, None
        item.save(update_fields=["done", "done_by", "done_at"])
    return item


def checklist_items_save(*, actor, meeting, shown, was_done, ticked) -> int:
    """The meeting page's checklist form: each item's box as the user left it.

    Only what the user changed is applied (`ticked` against `was_done`, the state the page
    showed), so a colleague's tick or untick saved meanwhile is never silently undone by a
    form opened before it. Ids are item ids (uuid.UUID) of this meeting's checklist; the
    caller has checked that. Returns how many items changed."""
    changed = 0
    with transaction.atomic():
        items = MeetingChecklistItem.objects.select_for_update().filter(
            checklist__meeting=meeting, pk__in=shown
        )
        for item in items:
            wanted = item.pk in ticked
            if wanted == (item.pk in was_done) or item.done == wanted:
                continue  # left as it was shown (what is stored now stands), or already so
            if wanted:
                item.done, item.done_by, item.done_at = True, actor, timezone.now()
            else:
                item.done, item.done_by, item.done_at = False, None, None
            item.save(update_fields=["done", "done_by", "done_at"])
            changed += 1
    return changed


def checklist_template_publish(*, actor, items: list[dict]) -> ChecklistTemplate:
    """A manager's edit: a new active version for their organisation; the previous version
    stays (meetings keep their copies), it is only no longer active.

    `items`: [{"phase", "text_da", "text_en"}], kept in the given order within each phase.
    """
    with transaction.atomic():
        # Serialise edits within the organisation so version numbers never collide.
        organisation = Organisation.objects.select_for_update().get(pk=actor.organisation_id)
        templates = ChecklistTemplate.objects.filter(organisation=organisation)
        version = (templates.aggregate(v=Max("version"))["v"] or 0) + 1
        templates.filter(is_active=True).update(is_active=False)
        template = ChecklistTemplate.objects.create(
            organisation=organisation, version=version, is_active=True, created_by=actor
        )
        ordered = sorted(
            enumerate(items), key=lambda pair: (PHASE_ORDER[pair[1]["phase"]], pair[0])
        )
        ChecklistTemplateItem.objects.bulk_create(
            ChecklistTemplateItem(
                template=template,
                phase=item["phase"],
                position=position,
                text_da=item["text_da"].strip(),
                text_en=item["text_en"].strip(),
            )
            for position, (_, item) in enumerate(ordered, start=1)
        )
    return template
