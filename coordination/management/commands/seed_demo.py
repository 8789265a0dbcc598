from django.core.management.base import BaseCommand

from coordination import demo


class Command(BaseCommand):
    help = "Create deterministic demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=None, help="number of cases to create")
        parser.add_argument("--seed", type=int, default=1, help="random seed")

    def handle(self, *args, cases, seed, **options):
        people = demo.seed_people(seed=seed)
        for login in people.logins:
            self.stdout.write(f"login: {login.role} {login.username} {login.password}")
