"""The one place mentoring tells a person something, and the kinds of thing it tells.

Each kind is declared here so the notification preferences can offer it; `tell` hands the rest
(in-app notice, e-mail now or in the daily digest, unsubscribe links) to the notifications app.
"""
from notifications import kinds
from notifications.services import notify

for _name, _label in [
    ("request_received", "a colleague asks you to be their mentor"),
    ("request_withdrawn", "a colleague withdraws their request to you"),
    ("request_message", "someone writes on a mentoring request's thread"),
    ("request_accepted", "a mentor accepts your request"),
    ("request_declined", "a mentor answers no to your request"),
    ("referral_received", "a colleague suggests a mentor for you"),
    ("request_reminder", "a request to you is still waiting for your answer"),
    ("request_expired", "a request of yours lapses unanswered"),
    ("relationship_completed", "a mentoring relationship of yours is complete"),
    ("agreement_proposed", "your mentoring agreement waits for your acceptance"),
    ("agreement_agreed", "you have both accepted your mentoring agreement"),
    ("stage_move_proposed", "the other side proposes moving your relationship to another stage"),
    ("stage_move_confirmed", "a move to another stage that you proposed is confirmed"),
    ("stage_move_declined", "a move to another stage that you proposed is declined"),
    ("stage_review_due", "a stage of your relationship has run long: time to review it"),
    ("meeting_scheduled", "the other person plans a meeting with you"),
    ("meeting_changed", "the other person moves a meeting of yours"),
    ("meeting_cancelled", "the other person cancels a meeting of yours"),
    ("action_item_assigned", "someone notes an action item for you"),
    ("cadence_reminder", "a relationship of yours is past its agreed meeting frequency"),
    ("checkin_due", "a check-in on a mentoring relationship of yours is due"),
    ("checkin_shared", "the other person in a relationship shares their check-in with you"),
]:
    kinds.register(_name, _label)


def tell(*, recipient, kind: str, subject: str, body: str, url: str) -> None:
    """Tell `recipient` (a user) about an event of `kind` (e.g. "request_received"), linking to `url`.

    Recorded and queued inside the caller's transaction, so nobody is told of a change that was rolled back.
    """
    notify(recipient=recipient, kind=kind, title=subject, body=body, url=url)
