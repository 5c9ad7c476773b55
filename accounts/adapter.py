"""How allauth creates accounts: addresses in one case, a profile for every new person, e-mail by the worker."""
from allauth.account.adapter import DefaultAccountAdapter

from accounts.emails import normalize_email
from mosaic.mail import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        # Sign-up, added addresses and sign-in all pass here, so allauth's EmailAddress rows are
        # stored in the same lower case as the user's own address.
        return normalize_email(super().clean_email(email))

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from directory.services import profile_create_for_user

            profile_create_for_user(user=user)
        return user

    def send_mail(self, template_prefix, email, context):
        from allauth.core import context as request_context
        from django.contrib.sites.shortcuts import get_current_site

        request = request_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        queue_email(self.render_mail(template_prefix, email, ctx))
