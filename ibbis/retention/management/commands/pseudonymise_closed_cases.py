"""Pseudonymise closed cases past retention now (the nightly task does the same)."""
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ibbis.retention.services import (
    cases_due_for_pseudonymisation,
    pseudonym_for,
    pseudonymise_due_cases,
    retention_cutoff,
    service_user_account_is_due,
)


class Command(BaseCommand):
    help = (
        "Pseudonymise the closed cases kept longer than RETENTION_CLOSED_CASE_YEARS: names, "
        "contact details and free text go; dates, statuses and counts stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", help="Decide what is due as if today were this day (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help="List the cases that would be pseudonymised; change nothing.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=None,
            help="Case ids read per batch (default RETENTION_BATCH_SIZE).",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["as_of"] is not None:
            try:
                today = date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError(
                    f"--as-of must be a date as YYYY-MM-DD, not {options['as_of']!r}."
                ) from error
        batch_size = options["batch_size"]
        if batch_size is not None and batch_size < 1:
            raise CommandError("--batch-size must be a positive number.")
        years = settings.RETENTION["closed_case_years"]
        cutoff = retention_cutoff(today=today)
        self.stdout.write(
            f"As of {today.isoformat()}: closed cases kept {years} years, "
            f"closed on or before {cutoff.isoformat()} are due."
        )
        if options["dry_run"]:
            self._dry_run(today)
            return
        counts = pseudonymise_due_cases(today=today, batch_size=batch_size)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")

    def _dry_run(self, today):
        cases = cases_due_for_pseudonymisation(today=today).select_related("service_user")
        accounts = set()
        count = 0
        for case in cases.iterator(chunk_size=500):
            count += 1
            account = service_user_account_is_due(
                user=case.service_user, case=case, today=today
            ) and case.service_user.username != pseudonym_for(case.service_user)
            if account:
                accounts.add(case.service_user_id)
            self.stdout.write(
                f"would pseudonymise case {case.pk} closed {case.closed_on.isoformat()}"
                + (" and its service user's account" if account else " (account kept)")
            )
        self.stdout.write(f"cases: {count}")
        self.stdout.write(f"accounts: {len(accounts)}")
        self.stdout.write("Dry run: nothing was changed.")
