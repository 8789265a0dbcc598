"""`manage.py outbox`: counts per state and the oldest unsent mail; `--deliver` delivers what
is due now (the embedded mode has no beat: run it from cron there); `--retry` re-queues the
given-up (dead) and waiting (failed) rows with their attempts counted anew."""
from django.core.management.base import BaseCommand

from ibbis.outbox.selectors import outbox_counts, outbox_oldest_unsent
from ibbis.outbox.services import outbox_deliver, outbox_retry


class Command(BaseCommand):
    help = "Show the outbox; optionally re-queue given-up mail or deliver what is due."

    def add_arguments(self, parser):
        parser.add_argument("--retry", action="store_true",
                            help="re-queue dead and failed rows for an attempt now")
        parser.add_argument("--deliver", action="store_true", help="deliver what is due now")

    def handle(self, *args, retry=False, deliver=False, **options):
        if retry:
            self.stdout.write(f"requeued: {outbox_retry()}")
        if deliver:
            for outcome, n in sorted(outbox_deliver().items()):
                self.stdout.write(f"delivered {outcome}: {n}")
        for state, n in outbox_counts().items():
            self.stdout.write(f"{state}: {n}")
        oldest = outbox_oldest_unsent()
        self.stdout.write(f"oldest unsent: {oldest.isoformat() if oldest else '-'}")
