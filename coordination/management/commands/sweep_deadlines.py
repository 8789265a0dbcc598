import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from coordination.services.sweep import deadlines_sweep
from ibbis.outbox.services import outbox_kick


class Command(BaseCommand):
    help = "Run the daily deadline sweep now: overdue deadlines, reminders, case statuses."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Sweep as if today were this day (YYYY-MM-DD); default today."
        )
        parser.add_argument(
            "--no-deliver", action="store_true",
            help="Queue the mail in the outbox only; the outbox worker (or beat's re-drive) "
                 "sends it.",
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must be YYYY-MM-DD.") from error
        # The sweep and the mail's delivery are timed apart (issue 20): without a broker
        # (the embedded default, CELERY_TASK_ALWAYS_EAGER) the delivery kick sends every
        # queued mail in this process, one SMTP message and one outbox UPDATE each, which
        # was 8.4 of the command's 10 s at 100,000 cases (docs/benchmarks.md).
        started = time.perf_counter()
        counts = deadlines_sweep(today=today, deliver=False)
        swept = time.perf_counter() - started
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"sweep: {swept:.2f} s")
        if counts.get("mails_queued") and not options["no_deliver"]:
            from ibbis.outbox.tasks import outbox_deliver

            started = time.perf_counter()
            outbox_kick()
            how = ("delivered in this process (no broker)"
                   if outbox_deliver.app.conf.task_always_eager
                   else "handed to the outbox worker")
            self.stdout.write(f"mail {how}: {time.perf_counter() - started:.2f} s")
