"""Generate contracts/ from the declarations, and what CI says when the two disagree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from foyer_shared.contracts.compatibility import breaking_changes
from foyer_shared.contracts.declaration import Declarations, Message
from foyer_shared.contracts.json_schema import CONTRACTS_DIR, dumps, file_name, read, to_json_schema
from foyer_shared.messaging.versions import accepted_versions

HOW_TO_FIX = "run `make contracts` and commit contracts/"


class BreakingChange(ValueError):
    """A declaration changed a committed contract incompatibly without a new version."""


def generated(declarations: Iterable[Declarations]) -> dict[str, dict]:
    """{file name: schema} for every declared message. A message several services send (the
    registry continues imports' `registry.import_undo`) must be declared alike by each."""
    by_file: dict[str, tuple[Message, list[str]]] = {}
    for declared in declarations:
        for message in declared.messages:
            name = file_name(message.name, message.version)
            if name in by_file:
                first, publishers = by_file[name]
                if _body(to_json_schema(first)) != _body(to_json_schema(message)):
                    raise ValueError(
                        f"{name}: {first.publisher} and {message.publisher} declare it differently"
                    )
                publishers.append(message.publisher)
            else:
                by_file[name] = (message, [message.publisher])
    return {name: to_json_schema(m, publishers) for name, (m, publishers) in by_file.items()}


def problems(
    declarations: Iterable[Declarations], folder: Path = CONTRACTS_DIR, whole_folder: bool = False
) -> list[str]:
    """Everything CI refuses: a breaking change without a new version, a contract out of date
    or missing, a committed contract nobody declares any more. `whole_folder`: the
    declarations are every service's, so any other file in the folder is stale too."""
    declarations = list(declarations)
    wanted, found = generated(declarations), read(folder)
    publishers = {d.publisher for d in declarations}
    found_here = {
        name: schema
        for name, schema in found.items()
        if whole_folder or publishers & set(schema.get("x-publishers", []))
    }
    out = []
    for name, schema in wanted.items():
        if name not in found:
            out.append(f"{name}: not in contracts/; {HOW_TO_FIX}")
            continue
        broken = breaking_changes(found[name], schema)
        if broken:
            out.append(f"{name}: breaking change without a new version: {'; '.join(broken)}")
        elif whole_folder and dumps(schema) != dumps(found[name]):
            out.append(f"{name}: out of date; {HOW_TO_FIX}")
        elif not whole_folder and (
            _body(schema) != _body(found[name])
            or not set(schema["x-publishers"]) <= set(found[name]["x-publishers"])
        ):
            out.append(f"{name}: out of date; {HOW_TO_FIX}")
    out.extend(
        f"{name}: no declaration publishes it any more; {HOW_TO_FIX}"
        for name in sorted(set(found_here) - set(wanted))
    )
    return out


def unknown_consumed(handlers: Mapping, folder: Path = CONTRACTS_DIR) -> list[str]:
    """What a consumer's handler table (type → handler) takes that no service declares: a
    typo, a message its publisher dropped, or a version nobody sends (any more)."""
    found = read(folder)
    return [
        f"{type_} v{version}: handled here, but no service declares it"
        for type_, entry in handlers.items()
        for version in sorted(accepted_versions(entry))
        if file_name(type_, version) not in found
    ]


def write(declarations: Iterable[Declarations], folder: Path = CONTRACTS_DIR) -> list[str]:
    """Regenerate every contract file; refuses a breaking change that kept its version."""
    wanted, found = generated(declarations), read(folder)
    broken = [
        f"{name}: {'; '.join(changes)}"
        for name, schema in wanted.items()
        if name in found and (changes := breaking_changes(found[name], schema))
    ]
    if broken:
        raise BreakingChange(
            "breaking change without a new version (raise the version and "
            "keep the old declaration for one release): " + " | ".join(broken)
        )
    folder.mkdir(parents=True, exist_ok=True)
    for name in set(found) - set(wanted):
        (folder / name).unlink()
    for name, schema in wanted.items():
        (folder / name).write_text(dumps(schema), "utf-8")
    return sorted(wanted)


def _body(schema: dict) -> dict:
    return {k: v for k, v in schema.items() if k != "x-publishers"}
