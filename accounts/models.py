"""People who sign in to Mosaic, and the staff responsibilities (director, ombudsperson) they hold."""
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.emails import normalize_email


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email=normalize_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a sign-in. Everything about them as faculty lives on their Profile."""

    email = models.EmailField("e-mail address", unique=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "may open the admin", default=False,
        help_text="Site administrators and program directors use the admin.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        # The few inactive accounts, which the directory's visibility looks up without a join.
        indexes = [models.Index(fields=["id"], condition=Q(is_active=False), name="user_inactive")]
        constraints = [
            # Two rows differing only in case would make every sign-in for the address ambiguous.
            models.UniqueConstraint(
                Lower("email"), name="unique_user_email_ci",
                violation_error_message="A person with this e-mail address already exists.",
            ),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        profile = getattr(self, "profile", None)
        return profile.display_name if profile else self.email

    def get_short_name(self):
        return self.get_full_name()


class StaffRole(models.TextChoices):
    DIRECTOR = "director", "Program director"
    OMBUDSPERSON = "ombudsperson", "Ombudsperson"


class RoleGrant(models.Model):
    """A staff responsibility held by a person, scoped to one institution or to the whole network.

    Protégé, mentor and peer are not grants: anyone may be mentored, and anyone who offers
    mentor roles on their profile is a mentor. Programs will add a program scope beside the
    institution scope.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    institution = models.ForeignKey(
        "directory.Institution", on_delete=models.CASCADE, null=True, blank=True,
        related_name="role_grants",
        help_text="Leave empty for a responsibility across the whole network.",
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "institution"], name="unique_role_grant_per_institution"
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(institution__isnull=True),
                name="unique_network_role_grant",
            ),
        ]

    def __str__(self):
        scope = self.institution.short_name if self.institution_id else "whole network"
        return f"{self.get_role_display()} — {scope}"

    @property
    def scope(self):
        from mosaic.policy import Scope

        return Scope.network() if self.institution_id is None else Scope.institution(self.institution_id)


class TokenAccess(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


class PersonalAccessToken(models.Model):
    """A secret a person gives a script so it can use the API as them.

    Only a SHA-256 hash of the secret is kept: the secret is shown once, when created. The
    public `prefix` (part of the token itself) finds the row and tells tokens apart in lists.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=80, help_text="What the token is for, such as “weekly report script”.")
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    access = models.CharField(max_length=10, choices=TokenAccess.choices, default=TokenAccess.READ)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "personal access token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def may_write(self) -> bool:
        return self.access == TokenAccess.WRITE
