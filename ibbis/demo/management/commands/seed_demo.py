from django.core.management.base import BaseCommand, CommandError

from coordination.services.sweep import deadlines_sweep
from ibbis.accounts.models import Role, User
from ibbis.demo import cases as demo
from ibbis.demo import companion as demo_companion
from ibbis.demo import meetings as demo_meetings
from ibbis.demo import scale as demo_scale
from ibbis.demo import trust as trust_demo

# From this many cases on, the cases beyond the small demo are written in bulk with
# lighter data (ibbis/demo/scale.py); below it every case gets the full detail.
SCALE_FROM = 1000


class Command(BaseCommand):
    help = (
        "Create deterministic demo data (idempotent), run the deadline sweep so reminders "
        "and notices exist, and print the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            help="number of cases to create (default: about 30 per care manager); "
            f"from {SCALE_FROM} on, the cases beyond the demo's are written in bulk",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed")

    def handle(self, *args, cases, seed, **options):
        if cases is None:
            cases = demo.CASES_PER_CARE_MANAGER * 3
        if cases < 0:
            raise CommandError("--cases must be zero or more")
        at_scale = cases >= SCALE_FROM
        small = demo_scale.DEMO_CASES if at_scale else cases
        people = demo.seed_people(seed=seed, service_users=max(30, small))
        demo.seed_cases(people, count=small, seed=seed)
        detailed = people.service_users[:small] if at_scale else None
        demo_meetings.seed_meetings_and_plans(seed=seed, service_users=detailed)
        trust_demo.seed_trust(seed=seed, service_users=detailed)
        if at_scale:
            logins = people.logins
            demo_scale.scale_people(people, count=cases, seed=seed)
            created = demo_scale.seed_cases_at_scale(
                people, count=cases, seed=seed, stdout=self.stderr
            )
            people.logins = logins
            self.stderr.write(f"bulk cases created: {created}")
        # Issue 18: one companion, on the demo service user's next meeting (its access ends
        # the day after that meeting, so it works on the day `make run` is done).
        # (By username: at scale people.service_users holds the bulk rows, not accounts.)
        service_user = next(login.username for login in people.logins
                            if login.role == Role.SERVICE_USER)
        companion = demo_companion.seed_companion(service_user)
        if companion is not None:
            people.logins.append(companion)
        self._sweep()
        self._print_logins(people.logins)
        self._enrolment_links(people.logins)

    def _sweep(self):
        """The daily deadline sweep (coordination/services/sweep.py) once now, so the demo
        logins find their reminders and overdue notices instead of an empty list. Like every
        sweep it creates nothing a second time the same day. Nothing is mailed: the demo's
        addresses are made up (@demo.ibbis.invalid), as its meeting invitations are never
        mailed either."""
        counts = deadlines_sweep(mail=False)
        # On stderr: stdout stays the same on every run (the logins).
        self.stderr.write(
            "sweep: " + ", ".join(f"{name} {count}" for name, count in counts.items())
        )

    def _print_logins(self, logins):
        """`login: <role> <username> <password> (<role>, <organisation>)`, after the
        migrations' output in `make run`: the first four fields stay machine-readable
        (.ci/schemathesis.sh reads them), the part in brackets is for the person choosing
        whom to sign in as."""
        users = User.objects.select_related("organisation").in_bulk(
            [login.username for login in logins], field_name="username"
        )
        self.stdout.write(f"Demo logins (every demo account's password: {logins[0].password}):")
        for login in logins:
            user = users[login.username]
            who = login.role.replace("_", " ")
            if user.organisation is not None:
                who = f"{who}, {user.organisation.name}"
            self.stdout.write(f"login: {login.role} {login.username} {login.password} ({who})")

    def _enrolment_links(self, logins):
        """The first set-up of two-factor takes an enrolment link (docs/decisions.md): one for
        each demo login that must have two factors and has none yet, as `enrol: <username>
        <path>` (open it on the demo site, then sign in). Each run replaces the last links."""
        from django.urls import reverse

        from ibbis.accounts import two_factor

        users = User.objects.in_bulk([login.username for login in logins], field_name="username")
        for login in logins:
            user = users.get(login.username)
            if (
                user is not None
                and two_factor.two_factor_required(user)
                and two_factor.confirmed_device(user) is None
            ):
                _link, secret = two_factor.enrolment_link_issue(user=user)
                # On stderr: stdout stays the same on every run (the logins).
                self.stderr.write(f"enrol: {login.username} {reverse('enrol', args=[secret])}")
