"""Local development: the embedded defaults, debug on, a fixed development-only key."""
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production-8f3a1c")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# The demo data and `seed_demo` (ibbis/demo/): dev and test only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "ibbis.demo"]  # noqa: F405

# The browsable API, for local development only; production and the tests answer JSON only.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
