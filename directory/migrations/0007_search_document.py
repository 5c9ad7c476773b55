"""The search document and its indexes: full-text and trigram on PostgreSQL, an unused column on SQLite."""
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


def _postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """pg_trgm, for misspelt names; nothing to do (or undo) elsewhere."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class UnaccentExtensionOnPostgreSQL(UnaccentExtension):
    """unaccent, so the search document holds García as garcia; nothing to do (or undo) elsewhere."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """A GIN index, which only PostgreSQL has; the model state is the same on every database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def fill_documents(apps, schema_editor):
    # The documents now live in their own table, which 0009_search_entries creates and fills.
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_email_domain_refuses_shared_providers"),
    ]

    operations = [
        TrigramExtensionOnPostgreSQL(),
        UnaccentExtensionOnPostgreSQL(),
        migrations.AddField(
            model_name="profile",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        AddIndexOnPostgreSQL(
            model_name="profile",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_document"], name="profile_search_document"),
        ),
        AddIndexOnPostgreSQL(
            model_name="profile",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["display_name"], name="profile_name_trigram", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.RunPython(fill_documents, migrations.RunPython.noop),
    ]
