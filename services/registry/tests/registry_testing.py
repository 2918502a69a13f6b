"""Helpers the registry's tests import (conftest.py cannot be imported with importlib mode)."""

from registry.domain.identifiers import check_digit


def pnr(birth: str = "19800101", serial: str = "123") -> str:
    """A valid personnummer YYYYMMDD-NNNN with the right check digit."""
    return f"{birth}-{serial}{check_digit(birth[2:] + serial)}"
