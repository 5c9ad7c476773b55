"""Re-decide affiliations when their facts change: an address verified or removed, a domain listed or dropped."""
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.db.models.signals import post_delete, post_save

from directory.models import InstitutionEmailDomain


def _address_confirmed(sender, request=None, email_address=None, **kwargs):
    from directory.services import affiliation_refresh_for_user

    if email_address is not None:
        affiliation_refresh_for_user(user=email_address.user)


def _address_saved(sender, instance, **kwargs):
    # Covers what bypasses e-mail confirmation: a site admin ticking "verified", or unticking it.
    from directory.services import affiliation_refresh_for_user

    affiliation_refresh_for_user(user=instance.user)


def _address_removed(sender, instance, **kwargs):
    from accounts.models import User
    from directory.services import affiliation_refresh_for_user

    user = User.objects.filter(pk=instance.user_id).first()  # gone too when the account is deleted
    if user is not None:
        affiliation_refresh_for_user(user=user)


def _domain_changed(sender, instance, **kwargs):
    from directory.models import Institution
    from directory.services import affiliation_refresh_institution

    if Institution.objects.filter(pk=instance.institution_id).exists():
        affiliation_refresh_institution(institution_id=instance.institution_id)


def connect() -> None:
    email_confirmed.connect(_address_confirmed, dispatch_uid="directory.affiliation.address_confirmed")
    post_save.connect(_address_saved, sender=EmailAddress, dispatch_uid="directory.affiliation.address_saved")
    post_delete.connect(_address_removed, sender=EmailAddress, dispatch_uid="directory.affiliation.address_removed")
    post_save.connect(_domain_changed, sender=InstitutionEmailDomain, dispatch_uid="directory.affiliation.domain_saved")
    post_delete.connect(_domain_changed, sender=InstitutionEmailDomain,
                        dispatch_uid="directory.affiliation.domain_deleted")
