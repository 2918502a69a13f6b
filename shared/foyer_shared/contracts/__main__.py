"""`python -m foyer_shared.contracts generate|check MODULE...` (see `make contracts`)."""

from __future__ import annotations

import argparse
import importlib
import sys

from foyer_shared.contracts.checks import BreakingChange, problems, write
from foyer_shared.contracts.declaration import Declarations


def _declarations(modules: list[str]) -> list[Declarations]:
    """Each module (a service's events.py) holds one Declarations object."""
    found = []
    for name in modules:
        module = importlib.import_module(name)
        found += [v for v in vars(module).values() if isinstance(v, Declarations)]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m foyer_shared.contracts")
    parser.add_argument("action", choices=["generate", "check"])
    parser.add_argument("modules", nargs="+", help="events modules, e.g. registry.events")
    args = parser.parse_args(argv)
    declarations = _declarations(args.modules)
    if args.action == "generate":
        try:
            written = write(declarations)
        except BreakingChange as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"{len(written)} contracts written")
        return 0
    found = problems(declarations, whole_folder=True)
    print("\n".join(found) or "contracts/ matches the declarations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
