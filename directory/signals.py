"""Keep derived facts in step: affiliations with addresses and e-mail domains, search documents with profiles."""
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save

from directory.models import Domain, InstitutionEmailDomain, Profile


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


def _profile_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    from directory.services import FILTER_FIELDS, SEARCH_FIELDS, profile_search_refresh

    # The search entry is rewritten after any save but one that names only fields it does not
    # read (neither the document nor the filters' copies).
    if not raw and (update_fields is None or (SEARCH_FIELDS | FILTER_FIELDS) & set(update_fields)):
        profile_search_refresh(profile_ids=[instance.pk])


def _expertise_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from directory.services import profile_search_refresh

    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            profile_search_refresh(profile_ids=[instance.pk])
    elif action == "pre_clear":
        instance._search_clear_ids = list(instance.experts.values_list("pk", flat=True))
    elif action == "post_clear":
        profile_search_refresh(profile_ids=getattr(instance, "_search_clear_ids", []))
    elif action in ("post_add", "post_remove"):
        profile_search_refresh(profile_ids=pk_set)


def _domain_saved(sender, instance, created=False, raw=False, **kwargs):
    from directory.services import profile_search_refresh

    if not created and not raw:  # a renamed domain renames the expertise its experts are found by
        profile_search_refresh(profile_ids=instance.experts.values_list("pk", flat=True))


# How alike a word and a stretch of a name must be spelt (pg_trgm's default is 0.6, which
# misses a dropped letter in a short name: "Petrva" is 0.57 like Petrova).
NAME_SPELLING_THRESHOLD = 0.5


def _connection_created(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [NAME_SPELLING_THRESHOLD])


def connect() -> None:
    connection_created.connect(_connection_created, dispatch_uid="directory.search.spelling_threshold")
    post_save.connect(_profile_saved, sender=Profile, dispatch_uid="directory.search.profile_saved")
    m2m_changed.connect(_expertise_changed, sender=Profile.domains.through,
                        dispatch_uid="directory.search.expertise_changed")
    post_save.connect(_domain_saved, sender=Domain, dispatch_uid="directory.search.domain_saved")
    email_confirmed.connect(_address_confirmed, dispatch_uid="directory.affiliation.address_confirmed")
    post_save.connect(_address_saved, sender=EmailAddress, dispatch_uid="directory.affiliation.address_saved")
    post_delete.connect(_address_removed, sender=EmailAddress, dispatch_uid="directory.affiliation.address_removed")
    post_save.connect(_domain_changed, sender=InstitutionEmailDomain, dispatch_uid="directory.affiliation.domain_saved")
    post_delete.connect(_domain_changed, sender=InstitutionEmailDomain,
                        dispatch_uid="directory.affiliation.domain_deleted")
