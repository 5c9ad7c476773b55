"""Factories for the directory: institutions and profiles (mentors among them), and domains by slug."""
import factory

from accounts.tests.factories import UserFactory
from directory.models import Affiliation, AffiliationMethod, Domain, Institution, Profile
from directory.services import profile_set_roles
from directory.vocabulary import AcademicRank


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Riverbend University Medical Center {n}")
    short_name = factory.Sequence(lambda n: f"RUMC{n}")
    city = "Madison"
    region = "WI"


def _offer(profile, create, roles):
    # Through the service, so the search entry marks the roles as the product's own writes do.
    if create and roles:
        profile_set_roles(profile=profile, roles=roles)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Dr. Test Person {n}")
    degrees = "MD"
    academic_rank = AcademicRank.ASSISTANT
    career_start_year = 2019
    institution = factory.SubFactory(InstitutionFactory)
    department = "Medicine"
    specialty = "Palliative medicine"
    time_zone = "America/Chicago"
    # Test people belong where they say; `ProfileFactory(claimed=True)` gives an unconfirmed claim.
    affiliation = Affiliation.CONFIRMED
    affiliation_method = AffiliationMethod.DEMO

    class Params:
        claimed = factory.Trait(affiliation=Affiliation.CLAIMED, affiliation_method="")

    @factory.post_generation
    def offered(obj, create, extracted, **kwargs):
        _offer(obj, create, extracted)

    @factory.post_generation
    def expertise(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.domains.set(extracted)


class MentorProfileFactory(ProfileFactory):
    academic_rank = AcademicRank.PROFESSOR
    career_start_year = 2006
    capacity = 3
    accepting_now = True
    offered = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _offer(obj, create, extracted or ("advisor", "sponsor", "teacher"))
    )


def domain(slug: str) -> Domain:
    return Domain.objects.get(slug=slug)
