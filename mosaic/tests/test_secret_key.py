"""Outside production each install signs with its own random key, kept under var/; production needs one given."""
import stat
import subprocess
import sys
from pathlib import Path

from mosaic.env import install_secret_key

ROOT = Path(__file__).resolve().parents[2]
PRINT_KEY = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"


def settings_key(var_dir: Path, **extra) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "mosaic.settings",
           "MOSAIC_VAR_DIR": str(var_dir), **extra}
    return subprocess.run([sys.executable, "-c", PRINT_KEY], cwd=ROOT, env=env, capture_output=True, text=True)


def test_each_install_gets_its_own_key_and_keeps_it(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    key = install_secret_key(first / "secret_key")
    assert len(key) >= 50
    assert install_secret_key(first / "secret_key") == key
    assert install_secret_key(second / "secret_key") != key


def test_the_key_file_is_readable_by_its_owner_only(tmp_path):
    install_secret_key(tmp_path / "secret_key")
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"], "no temporary file is left behind"


def test_demo_settings_use_the_install_key_not_a_constant(tmp_path):
    one = settings_key(tmp_path / "one")
    again = settings_key(tmp_path / "one")
    other = settings_key(tmp_path / "two")
    assert one.returncode == 0, one.stderr
    assert one.stdout == again.stdout, "the same install keeps its key across starts"
    assert one.stdout != other.stdout, "two installs never share a key"
    assert one.stdout.strip() == (tmp_path / "one" / "secret_key").read_text().strip()


def test_a_key_from_the_environment_wins_and_writes_nothing(tmp_path):
    given = settings_key(tmp_path, SECRET_KEY="k" * 60, DATABASE_URL="sqlite:///:memory:")
    assert given.stdout.strip() == "k" * 60
    assert not (tmp_path / "secret_key").exists()


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = settings_key(tmp_path, MOSAIC_ENV="production", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY must be set" in result.stderr
    assert not (tmp_path / "secret_key").exists()
