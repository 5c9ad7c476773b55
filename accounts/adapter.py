"""How allauth creates accounts in Mosaic: every new person gets a profile to fill in."""
from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from directory.services import profile_create_for_user

            profile_create_for_user(user=user)
        return user
