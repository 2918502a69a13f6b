"""Test support (foyer_testing) stays out of running code: no runtime import or dependency."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = [ROOT / "shared", ROOT / "gateway", *sorted((ROOT / "services").glob("*/"))]


def runtime_packages() -> list[Path]:
    """Each project's importable packages: its folders with an __init__.py, tests aside."""
    return [
        folder
        for project in PROJECTS
        for folder in sorted(project.iterdir())
        if (folder / "__init__.py").is_file() and folder.name != "tests"
    ]


def imported_modules(source: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source.read_bytes(), filename=str(source))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_every_project_has_its_runtime_package_found():
    names = {folder.name for folder in runtime_packages()}
    assert {"foyer_shared", "gateway", "identity", "registry", "imports"} <= names


def test_no_runtime_module_imports_foyer_testing():
    offenders = [
        f"{source.relative_to(ROOT)}: {module}"
        for package in runtime_packages()
        for source in sorted(package.rglob("*.py"))
        for module in imported_modules(source)
        if module.split(".")[0] == "foyer_testing"
    ]
    assert not offenders, "runtime code imports test support:\n" + "\n".join(offenders)


def test_no_runtime_project_or_image_depends_on_foyer_testing():
    for project in PROJECTS:
        meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert not [d for d in meta.get("dependencies", []) if "foyer-testing" in d], project
        dockerfile = project / "Dockerfile"
        if dockerfile.exists():
            assert "shared/testing" not in dockerfile.read_text(encoding="utf-8"), dockerfile
