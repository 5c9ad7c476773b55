"""Factories for accounts: people who can sign in, and the staff roles granted to them."""
import factory

from accounts.models import RoleGrant, StaffRole, User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def grant(user, role: StaffRole, institution=None) -> RoleGrant:
    return RoleGrant.objects.create(user=user, role=role, institution=institution)
