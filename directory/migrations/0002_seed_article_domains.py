"""Seed the domains of need named in Carey & Weissman (2010); programs may add more later."""
from django.db import migrations

from directory.vocabulary import ARTICLE_DOMAINS, seed_article_domains


def seed(apps, schema_editor):
    seed_article_domains(apps.get_model("directory", "Domain"))


def unseed(apps, schema_editor):
    Domain = apps.get_model("directory", "Domain")
    Domain.objects.filter(slug__in=[slug for slug, _ in ARTICLE_DOMAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
