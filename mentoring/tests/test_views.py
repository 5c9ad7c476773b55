"""Mentoring pages: what each person sees and can do, refusals shown beside their fields, bounded queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.tests.factories import MentorProfileFactory, ProfileFactory
from mentoring import services
from mentoring.models import MentorshipRequest, Referral, Relationship, RequestMessage

pytestmark = pytest.mark.django_db


def as_(client, user):
    client.force_login(user)
    return client


def send(people, needs, protege="protege", mentor=None):
    return services.request_send(protege=people.user(protege), mentor=mentor or people.user("mentor"), needs=needs,
                                 frequency="monthly", meeting_minutes=45, message="Would you consider mentoring me?")


@pytest.fixture
def priya_needs(people, needs_of):
    return needs_of(people.user("protege"), ("advisor", "leadership"), ("confidante", "work-life-balance"))


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


class TestAsk:
    def test_the_profile_offers_to_ask_an_available_colleague(self, client, people):
        marcus = people.mentor.profile
        page = as_(client, people.user("protege")).get(reverse("directory:profile", args=[marcus.pk]))
        assert reverse("mentoring:ask", args=[marcus.pk]).encode() in page.content
        own = as_(client, people.user("mentor")).get(reverse("directory:profile", args=[marcus.pk]))
        assert b"Ask for mentoring" not in own.content

    def test_the_form_is_prefilled_after_the_article(self, client, people, priya_needs):
        page = as_(client, people.user("protege")).get(reverse("mentoring:ask", args=[people.mentor.profile.pk]))
        form = page.context["form"]
        message = form.initial["message"]
        assert message.startswith("Dear Marcus Bell,")
        assert "mentoring me as my advisor in leadership?" in message
        assert "I understand that you are very busy" in message and "who else might be a good resource" in message
        # Only needs Marcus can help with are ticked; the others say why.
        assert form.initial["needs"] == [str(priya_needs[0].pk)]
        assert "Marcus Bell does not offer this role" in dict(form.fields["needs"].choices)[str(priya_needs[1].pk)]

    def test_a_blank_message_is_refused_beside_its_field(self, client, people, priya_needs):
        url = reverse("mentoring:ask", args=[people.mentor.profile.pk])
        page = as_(client, people.user("protege")).post(url, {
            "needs": [priya_needs[0].pk], "frequency": "monthly", "meeting_minutes": 45, "message": "  ",
        })
        assert page.status_code == 200
        assert page.context["form"].errors["message"] == ["Write a personal message: say what help you are asking for."]
        assert not MentorshipRequest.objects.exists()

    def test_sending_shares_and_lands_on_my_requests(self, client, people, priya_needs):
        url = reverse("mentoring:ask", args=[people.mentor.profile.pk])
        page = as_(client, people.user("protege")).post(url, {
            "needs": [priya_needs[0].pk], "frequency": "fortnightly", "meeting_minutes": 30,
            "message": "Would you consider…", "share_self_evaluation": "on",
        })
        assert page.status_code == 302 and page.url == reverse("mentoring:sent")
        request = MentorshipRequest.objects.get()
        assert (request.frequency, request.meeting_minutes, request.self_evaluation_shared) == ("fortnightly", 30, True)
        profile = client.get(reverse("directory:profile", args=[people.mentor.profile.pk]))
        assert b"your request is waiting for an answer" in profile.content

    def test_without_needs_the_page_says_to_add_them_first(self, client, people):
        page = as_(client, people.user("protege")).get(reverse("mentoring:ask", args=[people.mentor.profile.pk]))
        assert b"Add your mentoring needs in your self-evaluation" in page.content
        assert b"Send request" not in page.content

    def test_nobody_asks_an_unlisted_colleague(self, client, people):
        page = as_(client, people.user("protege")).get(reverse("mentoring:ask", args=[people.other_mentor.profile.pk]))
        assert page.status_code == 404


class TestAnswering:
    def test_the_inbox_shows_the_request_and_its_shared_self_evaluation(self, client, people, priya_needs):
        request = services.request_send(protege=people.user("protege"), mentor=people.user("mentor"),
                                        needs=priya_needs[:1], frequency="monthly", meeting_minutes=45,
                                        message="Would you consider mentoring me?", share_self_evaluation=True)
        page = as_(client, people.user("mentor")).get(reverse("mentoring:inbox"))
        assert page.context["requests"] == [request]
        html = page.content.decode()
        assert "Priya Raman" in html and "Advisor · Leadership" in html and "Would you consider mentoring me?" in html
        assert reverse("assessments:summary", args=["self-evaluation", request.share.version_id]) in html

    def test_the_thread_answers_htmx_with_itself(self, client, people, priya_needs):
        request = send(people, priya_needs[:1])
        url = reverse("mentoring:message", args=[request.pk])
        page = as_(client, people.user("mentor")).post(url, {"body": "What is the role?"}, HTTP_HX_REQUEST="true")
        assert page.status_code == 200 and b"What is the role?" in page.content
        assert b"<html" not in page.content
        blank = client.post(url, {"body": ""}, HTTP_HX_REQUEST="true")
        assert b"Write your message first." in blank.content and RequestMessage.objects.count() == 1

    def test_others_learn_nothing_of_a_request(self, client, people, priya_needs):
        request = send(people, priya_needs[:1])
        c = as_(client, people.user("director"))
        for name in ("message", "accept", "withdraw"):
            assert c.post(reverse(f"mentoring:{name}", args=[request.pk]), {"body": "hi"}).status_code == 404
        assert c.get(reverse("mentoring:decline", args=[request.pk])).status_code == 404
        assert MentorshipRequest.objects.get().is_pending and not RequestMessage.objects.exists()

    def test_accepting_when_full_says_so(self, client, people, priya_needs):
        request = send(people, priya_needs[:1])
        marcus = people.mentor.profile
        marcus.capacity = 1
        marcus.save()
        Relationship.objects.create(mentor=marcus.user, protege=people.user("other_protege"))
        page = as_(client, marcus.user).post(reverse("mentoring:accept", args=[request.pk]), follow=True)
        assert "You have no free place" in page.content.decode()
        assert Relationship.objects.count() == 1

    def test_declining_with_a_template_and_a_colleague_picked_by_name(self, client, people, priya_needs, colleague):
        request = send(people, priya_needs[:1])
        url = reverse("mentoring:decline", args=[request.pk])
        c = as_(client, people.user("mentor"))
        wrong = c.post(url, {"template": "time", "referral_1": "Nobody Here"})
        assert wrong.context["form"].errors["referral_1"] == [
            "No mentor in the directory has this name: choose one from the list."]
        assert MentorshipRequest.objects.get().is_pending
        done = c.post(url, {"template": "fit", "referral_1": "Rosa Lindqvist (Riverbend)"})
        assert done.status_code == 302
        request.refresh_from_db()
        assert request.status == "declined" and request.decline_message.startswith("Thank you for your thoughtful")
        assert Referral.objects.get().mentor == colleague.user
        mine = as_(client, people.user("protege")).get(reverse("mentoring:sent")).content.decode()
        assert "Marcus Bell</strong> suggested" in mine and reverse("mentoring:ask", args=[colleague.pk]) in mine

    def test_colleague_names_are_offered_as_typed(self, client, people, colleague):
        page = as_(client, people.user("mentor")).get(reverse("mentoring:colleague_options"), {"referral_2": "ros"})
        assert page.content.decode().strip() == '<option value="Rosa Lindqvist (Riverbend)"></option>'

    def test_a_colleague_suggests_a_mentor_from_the_proteges_profile(self, client, people, colleague):
        priya = people.protege.profile
        c = as_(client, people.user("other_protege"))
        assert b"Suggest a mentor" in c.get(reverse("directory:profile", args=[priya.pk])).content
        page = c.post(reverse("mentoring:suggest", args=[priya.pk]), {"mentor": "Rosa Lindqvist", "note": "Kind"},
                      follow=True)
        assert "Priya Raman will see that you suggest Rosa Lindqvist." in page.content.decode()
        assert Referral.objects.get().suggested_by == people.user("other_protege")


class TestBoundedQueries:
    def test_inbox_sent_and_relationships_do_not_grow_with_rows(self, client, people, needs_of, priya_needs):
        marcus = people.mentor.profile
        marcus.capacity = 12
        marcus.save()

        def add_protege(n):
            protege = ProfileFactory(display_name=f"Protege {n}", institution=people.riverbend)
            needs = needs_of(protege.user, ("advisor", "leadership"))
            request = services.request_send(protege=protege.user, mentor=marcus.user, needs=needs,
                                            frequency="monthly", meeting_minutes=45, message="Hello",
                                            share_self_evaluation=True)
            services.request_ask(request=request, by=marcus.user, body="Why me?")
            return request

        def add_sent(n):
            mentor = MentorProfileFactory(display_name=f"Mentor {n}", institution=people.riverbend)
            request = send(people, priya_needs[:1], mentor=mentor.user)
            services.request_accept(request=request, by=mentor.user)

        add_protege(0)
        add_sent(0)
        services.request_accept(request=add_protege(1), by=marcus.user)
        urls = {
            "inbox": (marcus.user, reverse("mentoring:inbox")),
            "sent": (people.user("protege"), reverse("mentoring:sent")),
            "relationships": (people.user("protege"), reverse("mentoring:relationships")),
            "mentor relationships": (marcus.user, reverse("mentoring:relationships")),
        }
        few = {name: queries(as_(client, user), url) for name, (user, url) in urls.items()}
        for n in range(2, 7):
            services.request_accept(request=add_protege(n), by=marcus.user) if n % 2 else add_protege(n)
            add_sent(n)
        many = {name: queries(as_(client, user), url) for name, (user, url) in urls.items()}
        assert many == few
        assert max(many.values()) <= 20, many
