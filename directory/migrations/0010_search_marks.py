"""The search entries gain the filters' marks (roles, open, remote, institution, domains): rewritten once."""
from django.db import migrations


def refresh_entries(apps, schema_editor):
    from directory.services import profile_search_refresh

    if schema_editor.connection.vendor == "postgresql":
        profile_search_refresh()


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0009_search_entries"),
    ]

    operations = [
        migrations.RunPython(refresh_entries, migrations.RunPython.noop),
    ]
