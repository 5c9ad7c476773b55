"""The forms on a meeting's page (agenda, shared note, private note, action item) answer alike, through one helper."""
import inspect

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from mentoring import meetings_views, rules
from mentoring.models import ActionItem, Meeting, PrivateNote, Relationship, SharedNote
from mosaic.tests.api_table import as_person

pytestmark = pytest.mark.django_db

LONG = "x" * 4001
TOO_LONG = "Nothing was saved: Ensure this value has at most 4000 characters (it has 4001)."


def _owner(people):
    return str(people.user("protege").pk)


# name, view, a valid post, an invalid post, the message refusing it, what the saved text shows as,
# the success message off htmx ("" when none), the partial's id, and how to read what was kept.
FORMS = [
    ("agenda", "meetings_agenda", lambda p: {"agenda": "Aims first"}, lambda p: {"agenda": LONG},
     TOO_LONG, "Aims first", "Agenda saved.", 'id="agenda"',
     lambda: Meeting.objects.get().agenda),
    ("shared note", "meetings_shared_note", lambda p: {"body": "Three aims"}, lambda p: {"body": ""},
     "Nothing was added: Write the note.", "Three aims", "", 'id="shared-notes"',
     lambda: list(SharedNote.objects.values_list("body", flat=True))),
    ("private note", "meetings_private_note", lambda p: {"body": "Nervous"}, lambda p: {"body": LONG},
     TOO_LONG, "Nervous",
     "Your private note is saved. Only you can read it.", 'id="private-note"',
     lambda: list(PrivateNote.objects.values_list("body", flat=True))),
    ("action item", "meetings_action_item", lambda p: {"text": "Send the aims", "owner": _owner(p)},
     lambda p: {"text": "", "owner": _owner(p)}, "Nothing was added: Write the action item.", "Send the aims", "",
     'id="action-items"', lambda: list(ActionItem.objects.values_list("text", flat=True))),
]
IDS = [f[0] for f in FORMS]


def _url(view, meeting):
    return reverse(f"mentoring:{view}", args=[meeting.relationship_id, meeting.pk])


@pytest.mark.parametrize(("name", "view", "valid", "invalid", "refused", "shown", "saved", "partial", "kept"),
                         FORMS, ids=IDS)
def test_a_refused_form_names_the_field_and_keeps_nothing(people, meeting, name, view, valid, invalid, refused,
                                                          shown, saved, partial, kept):
    priya = as_person(people, "protege")
    before = kept()
    part = priya.post(_url(view, meeting), invalid(people), headers={"HX-Request": "true"})
    html = part.content.decode()
    assert part.status_code == 200 and partial in html and "<html" not in html
    assert refused.split(": ", 1)[1] in html  # beside the field, with no page-wide message
    assert not list(get_messages(part.wsgi_request))
    page = priya.post(_url(view, meeting), invalid(people))
    assert page.status_code == 302 and page["Location"] == reverse(
        "mentoring:meetings_detail", args=[meeting.relationship_id, meeting.pk])
    assert [str(m) for m in get_messages(page.wsgi_request)] == [refused]
    assert kept() == before


@pytest.mark.parametrize(("name", "view", "valid", "invalid", "refused", "shown", "saved", "partial", "kept"),
                         FORMS, ids=IDS)
def test_a_saved_form_answers_with_its_part_or_the_page(people, meeting, name, view, valid, invalid, refused,
                                                        shown, saved, partial, kept):
    priya = as_person(people, "protege")
    part = priya.post(_url(view, meeting), valid(people), headers={"HX-Request": "true"})
    html = part.content.decode()
    assert part.status_code == 200 and partial in html and shown in html and "<html" not in html
    assert not list(get_messages(part.wsgi_request))
    page = priya.post(_url(view, meeting), valid(people))
    assert page.status_code == 302
    assert [str(m) for m in get_messages(page.wsgi_request)] == ([saved] if saved else [])


@pytest.mark.parametrize(("name", "view", "valid", "invalid", "refused", "shown", "saved", "partial", "kept"),
                         FORMS, ids=IDS)
def test_a_complete_relationship_refuses_every_form(people, meeting, name, view, valid, invalid, refused,
                                                    shown, saved, partial, kept):
    Relationship.objects.filter(pk=meeting.relationship_id).update(status="ended", stage="ended",
                                                                   ended_at=timezone.now())
    before = kept()
    priya = as_person(people, "protege")
    assert priya.post(_url(view, meeting), valid(people)).status_code == 403
    assert priya.post(_url(view, meeting), valid(people), headers={"HX-Request": "true"}).status_code == 403
    # Refused for the right, not for the input, whatever was sent.
    assert priya.post(_url(view, meeting), {"body": LONG, "agenda": LONG, "due_on": "no"}).status_code == 403
    assert kept() == before


def test_a_text_the_form_refuses_leaves_the_kept_agenda_and_note_as_they_were(people, meeting):
    priya = as_person(people, "protege")
    priya.post(_url("meetings_private_note", meeting), {"body": "Nervous about aim 3."})
    for view, field in (("meetings_agenda", "agenda"), ("meetings_private_note", "body")):
        for headers in ({}, {"HX-Request": "true"}):
            priya.post(_url(view, meeting), {field: LONG}, headers=headers)
    assert Meeting.objects.get().agenda == "- Grant plan"
    assert list(PrivateNote.objects.values_list("body", flat=True)) == ["Nervous about aim 3."]


def test_an_action_item_with_a_date_that_is_no_date_is_not_added_without_it(people, meeting):
    page = as_person(people, "protege").post(_url("meetings_action_item", meeting), {
        "text": "Send the aims", "owner": _owner(people), "due_on": "2027-02-30"})
    assert [str(m) for m in get_messages(page.wsgi_request)] == ["Nothing was added: Enter a valid date."]
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("view", ["meetings_agenda", "meetings_shared_note", "meetings_private_note",
                                  "meetings_action_item"])
def test_each_form_view_is_a_few_lines_over_the_one_helper(view):
    source = inspect.getsource(getattr(meetings_views, view))
    body = [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("@")]
    assert "_meeting_form(" in source and len(body) <= 9, source


def test_the_rules_ask_one_predicate_for_a_party_to_a_lasting_relationship():
    # Every "while the relationship lasts" rule reuses `_live_party`; no rule spells the test out again.
    source = inspect.getsource(rules)
    assert source.count("relationship.is_active") == 1
    assert inspect.getsource(rules._live_party).count("relationship.is_active") == 1
    for rule in (rules._change_relationship, rules._change_agreement, rules._accept_agreement,
                 rules._propose_stage_move, rules._answer_stage_move, rules._change_meeting,
                 rules._add_shared_note, rules._write_private_note, rules._add_action_item, rules._change_checkin):
        assert "_live_party(" in inspect.getsource(rule), rule.__name__
