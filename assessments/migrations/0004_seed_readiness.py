"""Seed version 1 of the readiness-to-mentor self-check ("giving forward")."""
from django.db import migrations

from assessments.content import seed_readiness


def seed(apps, schema_editor):
    seed_readiness(apps.get_model("assessments", "Questionnaire"), apps.get_model("assessments", "Section"))


def unseed(apps, schema_editor):
    apps.get_model("assessments", "Questionnaire").objects.filter(slug="readiness", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_choice_sections")]
    operations = [migrations.RunPython(seed, unseed)]
