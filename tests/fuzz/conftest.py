"""The fuzz suite: every test here is `slow` and `fuzz` (skip with `-m "not fuzz"`).

Hypothesis runs derandomized and without its example database, so every run (CI
included) throws the same inputs; each test asserts how many it threw.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "fuzz",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
FUZZ = settings.get_profile("fuzz")
# Without shrinking, for tests whose examples take seconds: a failure is reported as found
# (its message names the inputs at fault) rather than after minutes of shrinking.
GENERATE = (Phase.explicit, Phase.generate)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.parent.name == "fuzz":
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.fuzz)
