import factory

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
