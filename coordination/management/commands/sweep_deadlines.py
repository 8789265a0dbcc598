from datetime import date

from django.core.management.base import BaseCommand, CommandError

from coordination.services.sweep import deadlines_sweep


class Command(BaseCommand):
    help = "Run the daily deadline sweep now: overdue deadlines, reminders, case statuses."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Sweep as if today were this day (YYYY-MM-DD); default today."
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must be YYYY-MM-DD.") from error
        counts = deadlines_sweep(today=today)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
