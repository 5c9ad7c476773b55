"""Seed version 1 of the self-evaluation with the article's Fig. 1 (eight parts and their examples)."""
from django.db import migrations

from assessments.content import seed_self_evaluation


def seed(apps, schema_editor):
    seed_self_evaluation(apps.get_model("assessments", "Questionnaire"), apps.get_model("assessments", "Section"))


def unseed(apps, schema_editor):
    apps.get_model("assessments", "Questionnaire").objects.filter(slug="self-evaluation", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
