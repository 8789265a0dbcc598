"""The demo app (ibbis/demo/) is installed in the dev and test settings only: production has
no seed_demo command and no demo module loaded, and still passes its checks."""
from django.conf import settings

from tests.ibbis.test_settings import PRODUCTION_ENV, manage

CODE = (
    "import sys, django; django.setup(); from django.conf import settings as s; "
    "print('ibbis.demo' in s.INSTALLED_APPS, any(m.startswith('ibbis.demo') for m in sys.modules))"
)


def test_the_test_settings_install_the_demo():
    assert "ibbis.demo" in settings.INSTALLED_APPS


def test_production_has_no_seed_demo_and_loads_no_demo_module():
    result = manage("seed_demo", env_overrides=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr
    result = manage("check", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    result = manage("shell", "--no-imports", "-c", CODE, env_overrides=PRODUCTION_ENV)
    assert result.stdout.split() == ["False", "False"], result.stdout + result.stderr


def test_dev_settings_install_the_demo():
    result = manage(
        "shell", "--no-imports", "-c", CODE,
        env_overrides={"DJANGO_SETTINGS_MODULE": "ibbis.settings.dev"},
    )
    assert result.stdout.split()[0] == "True", result.stdout + result.stderr
