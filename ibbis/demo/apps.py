from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: the app exists for its management command (seed_demo), in the dev and
    test settings only."""

    name = "ibbis.demo"
    label = "demo"
    verbose_name = "Demo data"
