from django.core.management.base import BaseCommand, CommandError

from coordination import demo, demo_meetings
from trust import demo as trust_demo


class Command(BaseCommand):
    help = "Create deterministic demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            help="number of cases to create (default: about 30 per care manager)",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed")

    def handle(self, *args, cases, seed, **options):
        if cases is None:
            cases = demo.CASES_PER_CARE_MANAGER * 3
        if cases < 0:
            raise CommandError("--cases must be zero or more")
        people = demo.seed_people(seed=seed, service_users=max(30, cases))
        demo.seed_cases(people, count=cases, seed=seed)
        demo_meetings.seed_meetings_and_plans(seed=seed)
        trust_demo.seed_trust(seed=seed)
        for login in people.logins:
            self.stdout.write(f"login: {login.role} {login.username} {login.password}")
