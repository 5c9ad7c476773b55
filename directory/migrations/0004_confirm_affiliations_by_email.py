"""Existing profiles: confirmed where a verified address lies at their institution's domains, claimed otherwise."""
from django.db import migrations


def confirm_by_email(apps, schema_editor):
    EmailAddress = apps.get_model("account", "EmailAddress")
    InstitutionEmailDomain = apps.get_model("directory", "InstitutionEmailDomain")
    Profile = apps.get_model("directory", "Profile")
    domains: dict[int, list[str]] = {}
    for row in InstitutionEmailDomain.objects.values("institution_id", "domain"):
        domains.setdefault(row["institution_id"], []).append(row["domain"])
    if not domains:
        return  # no institution lists a domain yet: every affiliation stays claimed
    confirmed = []
    profiles = Profile.objects.filter(institution_id__in=list(domains)).values_list("pk", "user_id", "institution_id")
    for pk, user_id, institution_id in profiles.iterator():
        hosts = {
            email.rpartition("@")[2].lower()
            for email in EmailAddress.objects.filter(user_id=user_id, verified=True).values_list("email", flat=True)
        }
        if any(h == d or h.endswith("." + d) for h in hosts for d in domains[institution_id]):
            confirmed.append(pk)
    Profile.objects.filter(pk__in=confirmed).update(affiliation="confirmed", affiliation_method="email")


class Migration(migrations.Migration):
    dependencies = [
        ("account", "0001_initial"),
        ("directory", "0003_verified_affiliation"),
    ]

    operations = [migrations.RunPython(confirm_by_email, migrations.RunPython.noop)]
