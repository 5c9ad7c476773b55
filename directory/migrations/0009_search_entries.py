"""The search document moves to a narrow table of its own, beside copies of the columns the directory filters by."""
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """A GIN index, which only PostgreSQL has; the model state is the same on every database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RemoveIndexOnPostgreSQL(migrations.RemoveIndex):
    """The profile's GIN index, built on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def fill_entries(apps, schema_editor):
    from directory.services import profile_search_refresh

    if _postgresql(schema_editor):
        profile_search_refresh()


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0008_index_directory_filters'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ProfileSearch',
            fields=[
                ('profile', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search', serialize=False, to='directory.profile')),
                ('document', django.contrib.postgres.search.SearchVectorField(null=True)),
                ('display_name', models.CharField(max_length=120)),
                ('affiliation', models.CharField(choices=[('claimed', 'Claimed — not yet confirmed'), ('confirmed', 'Confirmed'), ('declined', 'Not confirmed by the institution')], max_length=12)),
                ('listed', models.BooleanField()),
                ('mentors_remotely', models.BooleanField()),
                ('accepting_now', models.BooleanField()),
                ('capacity', models.PositiveSmallIntegerField()),
                ('career_start_year', models.PositiveSmallIntegerField(null=True)),
                ('institution', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.institution')),
                ('user', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        AddIndexOnPostgreSQL(
            model_name='profilesearch',
            index=django.contrib.postgres.indexes.GinIndex(fields=['document'], name='profile_search_entry_document'),
        ),
        migrations.AddIndex(
            model_name='profilesearch',
            index=models.Index(fields=['institution', 'affiliation'], name='profile_search_entry_place'),
        ),
        migrations.RunPython(fill_entries, migrations.RunPython.noop),
        RemoveIndexOnPostgreSQL(
            model_name='profile',
            name='profile_search_document',
        ),
        migrations.RemoveField(
            model_name='profile',
            name='search_document',
        ),
    ]
