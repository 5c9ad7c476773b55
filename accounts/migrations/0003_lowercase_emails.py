"""Store every sign-in address in lower case, and stop if two people's addresses differ only in case.

The case-insensitive unique constraint that follows cannot be added while such pairs exist, and
which of the two accounts to keep is an operator's decision, not a migration's.
"""
from django.db import migrations

from accounts.emails import case_clashes, normalize_email


def refuse_clashes(emails):
    clashes = case_clashes(emails)
    if clashes:
        listed = "; ".join(", ".join(group) for group in clashes.values())
        raise RuntimeError(
            "These accounts' e-mail addresses differ only in letter case; merge or change them "
            f"in the admin, then migrate again: {listed}"
        )


def lowercase_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    rows = list(User.objects.values_list("pk", "email"))
    refuse_clashes(email for _, email in rows)
    for pk, email in rows:
        if email != normalize_email(email):
            User.objects.filter(pk=pk).update(email=normalize_email(email))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_role_grant_scope"),
    ]

    operations = [
        migrations.RunPython(lowercase_emails, migrations.RunPython.noop),
    ]
