"""Cutting a large register into name slices, so its desk search by name stays fast."""

from __future__ import annotations

from registry.use_cases.unit_of_work import UnitOfWork

# 64 slices: ~15,600 persons each at 1M (measured, docs/registry.md → Search, "Name slices").
SLICES = 64


def cut_into_name_slices(uow: UnitOfWork, slices: int = SLICES) -> int:
    """The register cut into `slices` runs of its current name order (0: slicing undone), in
    one transaction: searches meanwhile wait. Returns the number of slices made."""
    with uow.transaction():
        made = uow.persons.cut_into_name_slices(slices)
    uow.vacuum_persons()  # the cut rewrote the table: the lists' index-only scans need it
    return made
