"""Who may read and change self-evaluations: the owner, and whoever holds a live share of one version.

Answers are private content. No staff role reaches them: directors, ombudspersons and site admins
are refused here like any other colleague (the admin shows metadata only, through its own action).
"""
from enum import StrEnum

from django.db.models import Q, QuerySet

from mosaic import policy


@policy.register
class AssessmentAction(StrEnum):
    START = "assessment.start"
    VIEW_ASSESSMENT = "assessment.view"
    CHANGE_ASSESSMENT = "assessment.change"
    VIEW_VERSION = "assessment_version.view"
    CHANGE_VERSION = "assessment_version.change"
    VIEW_ANSWER = "assessment_answer.view"
    CHANGE_ANSWER = "assessment_answer.change"
    VIEW_NEED = "assessment_need.view"
    CHANGE_NEED = "assessment_need.change"
    VIEW_SHARE = "assessment_share.view"
    CHANGE_SHARE = "assessment_share.change"
    MANAGE_QUESTIONNAIRE = "questionnaire.manage"
    VIEW_METADATA = "assessment.view_metadata"
    VIEW_MOSAIC = "assessment_mosaic.view"


def _owns(user, assessment) -> bool:
    return policy.signed_in(user) and assessment.owner_id == user.pk


def _may_read_version(user, version) -> bool:
    if not policy.signed_in(user):
        return False
    if version.assessment.owner_id == user.pk:
        return True
    return version.shares.filter(with_user=user, revoked_at=None).exists()


def _may_change_version(user, version) -> bool:
    # A completed version is frozen for everyone, its owner included: a new version carries changes.
    return _owns(user, version.assessment) and version.is_draft


def _readable_versions(user, queryset: QuerySet, path: str = "") -> QuerySet:
    """Rows whose version (`path` leads from the row to it) the person owns or holds a live share of."""
    if not policy.signed_in(user):
        return queryset.none()
    from assessments.models import Share

    shared = Share.objects.filter(with_user=user, revoked_at=None).values("version_id")
    prefix = f"{path}__" if path else ""
    return queryset.filter(Q(**{f"{prefix}assessment__owner": user}) | Q(**{f"{prefix}pk__in": shared}))


@policy.rule(AssessmentAction.START)
def _start(user, obj=None):
    return policy.signed_in(user)


@policy.rule(AssessmentAction.VIEW_ASSESSMENT)
def _view_assessment(user, assessment):
    return _owns(user, assessment)


@policy.scoped(AssessmentAction.VIEW_ASSESSMENT, model="assessments.Assessment")
def readable_assessments(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(owner=user) if policy.signed_in(user) else queryset.none()


@policy.rule(AssessmentAction.CHANGE_ASSESSMENT)
def _change_assessment(user, assessment):
    return _owns(user, assessment)


@policy.rule(AssessmentAction.VIEW_VERSION)
def _view_version(user, version):
    return _may_read_version(user, version)


@policy.scoped(AssessmentAction.VIEW_VERSION, model="assessments.AssessmentVersion")
def readable_versions(user, queryset: QuerySet) -> QuerySet:
    return _readable_versions(user, queryset)


@policy.rule(AssessmentAction.CHANGE_VERSION)
def _change_version(user, version):
    return _may_change_version(user, version)


@policy.rule(AssessmentAction.VIEW_ANSWER)
def _view_answer(user, answer):
    return _may_read_version(user, answer.version)


@policy.scoped(AssessmentAction.VIEW_ANSWER, model="assessments.Answer")
def readable_answers(user, queryset: QuerySet) -> QuerySet:
    return _readable_versions(user, queryset, "version")


@policy.rule(AssessmentAction.CHANGE_ANSWER)
def _change_answer(user, answer):
    return _may_change_version(user, answer.version)


@policy.rule(AssessmentAction.VIEW_NEED)
def _view_need(user, need):
    return _may_read_version(user, need.version)


@policy.scoped(AssessmentAction.VIEW_NEED, model="assessments.Need")
def readable_needs(user, queryset: QuerySet) -> QuerySet:
    return _readable_versions(user, queryset, "version")


@policy.rule(AssessmentAction.CHANGE_NEED)
def _change_need(user, need):
    return _may_change_version(user, need.version)


@policy.rule(AssessmentAction.VIEW_SHARE)
def _view_share(user, share):
    """The owner sees who can read; the colleague sees a live share made to them."""
    if not policy.signed_in(user):
        return False
    if share.version.assessment.owner_id == user.pk:
        return True
    return share.with_user_id == user.pk and share.is_live


@policy.scoped(AssessmentAction.VIEW_SHARE, model="assessments.Share")
def readable_shares(user, queryset: QuerySet) -> QuerySet:
    if not policy.signed_in(user):
        return queryset.none()
    return queryset.filter(Q(version__assessment__owner=user) | Q(with_user=user, revoked_at=None))


@policy.rule(AssessmentAction.CHANGE_SHARE)
def _change_share(user, share):
    # Granting and revoking are the owner's alone, on any version, completed or not.
    return _owns(user, share.version.assessment)


@policy.rule(AssessmentAction.MANAGE_QUESTIONNAIRE)
def _manage_questionnaire(user, questionnaire=None):
    return policy.is_site_admin(user)


@policy.rule(AssessmentAction.VIEW_METADATA)
def _view_metadata(user, assessment=None):
    """Dates, numbers and statuses in the admin, never what anyone wrote."""
    return policy.is_site_admin(user)


@policy.rule(AssessmentAction.VIEW_MOSAIC)
def _view_mosaic(user, owner):
    """A person's mosaic (their open needs and who covers them): theirs, and whoever they shared a version with.

    The object is the owner's account. A colleague sees the needs of the newest version shared with
    them, never a draft they were not given.
    """
    if not policy.signed_in(user) or owner is None or not owner.is_active:
        return False
    if owner.pk == user.pk:
        return True
    from assessments.models import SELF_EVALUATION, Share

    return Share.objects.filter(
        with_user=user, revoked_at=None, version__assessment__owner=owner, version__assessment__slug=SELF_EVALUATION
    ).exists()
