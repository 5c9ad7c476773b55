"""Rate limits hold across worker processes and count the client behind the proxy, not the proxy."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache, caches

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], "
    "'location': settings.CACHES['default'].get('LOCATION'), "
    "'proxies': settings.ALLAUTH_TRUSTED_PROXY_COUNT, 'header': settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER}))"
)


def production_settings(tmp_path, **extra) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "mosaic.settings", "MOSAIC_ENV": "production",
           "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "mosaic.example.org",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra}
    return subprocess.run([sys.executable, "-c", PRINT], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_shares_one_cache_between_workers_and_trusts_its_proxy(tmp_path):
    result = production_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["proxies"] == 1, "production runs behind the proxy that sets X-Forwarded-Proto"
    assert values["header"] is None


def test_production_reads_the_proxy_count_and_client_ip_header(tmp_path):
    result = production_settings(tmp_path, ALLAUTH_TRUSTED_PROXY_COUNT="2",
                                 ALLAUTH_TRUSTED_CLIENT_IP_HEADER="CF-Connecting-IP")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert (values["proxies"], values["header"]) == (2, "CF-Connecting-IP")


def test_production_refuses_a_per_process_cache(tmp_path):
    result = production_settings(tmp_path, CACHE_BACKEND="django.core.cache.backends.locmem.LocMemCache")
    assert result.returncode != 0
    assert "CACHE_BACKEND" in result.stderr


def test_another_shared_cache_can_be_named(tmp_path):
    result = production_settings(tmp_path, CACHE_BACKEND="django.core.cache.backends.redis.RedisCache",
                                 CACHE_LOCATION="redis://cache:6379/1")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert (values["cache"], values["location"]) == ("django.core.cache.backends.redis.RedisCache",
                                                     "redis://cache:6379/1")


@pytest.mark.django_db
def test_the_cache_table_exists_where_tests_run():
    cache.set("mosaic-test", 7)
    assert cache.get("mosaic-test") == 7
    assert type(caches["default"]).__name__ == "DatabaseCache"
