from datetime import timedelta

import factory
from django.utils import timezone

from ibbis.accounts.models import Organisation, OrganisationKind, Role, User

TEST_PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.JOBCENTRE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    role = Role.SERVICE_USER
    organisation = None
    password = factory.django.Password(TEST_PASSWORD)


class CareManagerFactory(UserFactory):
    role = Role.CARE_MANAGER
    organisation = factory.SubFactory(
        OrganisationFactory, name="Psykiatrien Test", kind=OrganisationKind.MENTAL_HEALTH
    )


class EmploymentConsultantFactory(UserFactory):
    role = Role.EMPLOYMENT_CONSULTANT
    organisation = factory.SubFactory(
        OrganisationFactory, name="Jobcenter Test", kind=OrganisationKind.JOBCENTRE
    )


class ManagerFactory(UserFactory):
    role = Role.MANAGER
    organisation = factory.SubFactory(
        OrganisationFactory, name="Jobcenter Test", kind=OrganisationKind.JOBCENTRE
    )


class ServiceUserFactory(UserFactory):
    role = Role.SERVICE_USER


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True


class CompanionFactory(UserFactory):
    """A companion at a meeting (issue 18) with no grant: its access lasts two more days."""

    role = Role.COMPANION
    access_until = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))


class CaseFactory(factory.django.DjangoModelFactory):
    """A case with its team; memberships are written as the open-case service does."""

    class Meta:
        model = "coordination.Case"
        skip_postgeneration_save = True

    service_user = factory.SubFactory(ServiceUserFactory)
    care_manager = factory.SubFactory(CareManagerFactory)
    employment_consultant = factory.SubFactory(EmploymentConsultantFactory)
    first_absence_day = factory.LazyFunction(lambda: __import__("datetime").date(2026, 9, 7))
    referral_date = factory.LazyAttribute(lambda c: c.first_absence_day)
    diagnosis = "stress"
    employment = "employee"

    @factory.post_generation
    def memberships(self, create, extracted, **kwargs):
        if not create:
            return
        from django.utils import timezone

        from coordination.models import CaseMembership

        for role, user in (
            ("care_manager", self.care_manager),
            ("employment_consultant", self.employment_consultant),
        ):
            CaseMembership.objects.create(
                case=self, user=user, role=role, started_at=timezone.now()
            )


def hand_over(case, role, new_user):
    """End the current membership in `role` and start `new_user`'s, as the handover does."""
    from django.utils import timezone

    from coordination.models import CaseMembership

    now = timezone.now()
    CaseMembership.objects.filter(case=case, role=role, ended_at__isnull=True).update(
        ended_at=now
    )
    CaseMembership.objects.create(case=case, user=new_user, role=role, started_at=now)
    setattr(case, role, new_user)
    case.save(update_fields=[role])
    return case


def make_meeting(
    case, *, days=1, status="scheduled", kind="roundtable", hour=0, organizer=None,
    location="", agenda="",
):
    """A meeting with the case's participants, written by the service's `meeting_write`
    without the booking checks, for tests that need meetings in a given state (a past
    booking, a clash); a follow_up has no care manager. Held means everyone attended."""
    from datetime import timedelta

    from django.utils import timezone

    from coordination.services.meetings import meeting_write

    starts = timezone.now().replace(microsecond=0) + timedelta(days=days, hours=hour)
    return meeting_write(
        case=case, organizer=organizer or case.employment_consultant, kind=kind,
        starts_at=starts, ends_at=starts + timedelta(hours=1), location=location,
        agenda=agenda, status=status,
        attendance="attended" if status == "held" else "unknown",
    )
