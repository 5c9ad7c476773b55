"""How allauth creates accounts in Mosaic: addresses in one case, and a profile for every new person."""
from allauth.account.adapter import DefaultAccountAdapter

from accounts.emails import normalize_email


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
