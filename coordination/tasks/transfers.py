"""The transfer request's mail to the receiving organisation's managers (issue 13)."""
from celery import shared_task


@shared_task(
    name="coordination.tasks.transfer_request_mail",
    bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5,
)
def transfer_request_mail(self, transfer_id: str) -> int:
    """Tell the receiving organisation's managers that a transfer request waits for them:
    no name, no case, only a link (DOMAIN.md: nothing of a case in e-mails)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from coordination.models import TransferRequest
    from ibbis.accounts.models import Role, User

    transfer = TransferRequest.objects.filter(pk=transfer_id, status="pending").first()
    if transfer is None:
        return 0
    recipients = list(
        User.objects.filter(role=Role.MANAGER, organisation_id=transfer.to_organisation_id,
                            is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return 0
    send_mail(
        subject=_("A transfer request waits for you in IBBIS Coordination"),
        message=_(
            "Another organisation asks yours to take over a case. Answer it in IBBIS "
            "Coordination: %(url)s\n"
        ) % {"url": reverse("coordination:transfer_list")},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)
