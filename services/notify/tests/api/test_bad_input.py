"""Bad input is a 4xx naming the field, never a 500 (issue 17, finding 5): every list's paging."""

from foyer_testing.inputs import EveryServiceInputTests


class TestEveryService(EveryServiceInputTests):
    """Paging bounds and blueprints: the checks every service runs (foyer_testing.inputs)."""
