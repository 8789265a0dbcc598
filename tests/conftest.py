import pytest

# The shared fixtures: people, cases and clients, one vocabulary (tests/fixtures/__init__.py).
pytest_plugins = [
    "tests.fixtures.personas",
    "tests.fixtures.cases",
    "tests.fixtures.clients",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
