from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from ibbis.accounts import two_factor
from ibbis.accounts.models import User


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment link (first set-up of two-factor sign-in) and print it. "
        "For the first administrator, who has nobody to issue one, and for operators."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000",
            help="the site's address, put in front of the link's path",
        )

    def handle(self, *args, username, base_url, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account {username!r}.")
        try:
            link, secret = two_factor.enrolment_link_issue(user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        path = reverse("enrol", args=[secret])
        self.stdout.write(f"{base_url.rstrip('/')}{path}")
        self.stderr.write(f"valid until {link.expires_at.isoformat()}, once")
