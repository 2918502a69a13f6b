"""Zero-downtime upgrades (docs/deployment.md → Zero-downtime changes): a migration's upgrade()
only expands (what the running, older code does not notice) unless it declares itself the
contract step of an earlier expand. The same rule for events (a new version beside the old
one, consumers first) is held by the contract checks: docs/events.md → Contracts."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from k8s_support import ROOT  # noqa: E402

# Calls in upgrade() that break the version still running during a rolling update.
DESTRUCTIVE = {"drop_column", "drop_table", "rename_table"}  # dropping a constraint relaxes
DESTRUCTIVE_SQL = re.compile(r"\b(DROP\s+(COLUMN|TABLE)|RENAME\s+(COLUMN|TO))\b", re.I)
# Written before the rule (2026-12-04): their upgrade() ran with no older version alongside.
BEFORE_THE_RULE = {
    "identity": "0003",
    "registry": "0009",
    "crm": "0002",
    "imports": "0008",
    "notify": "0003",
}


def _migrations() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(ROOT.glob("services/*/**/migrations/versions/*.py")):
        service = path.relative_to(ROOT / "services").parts[0]
        found.append((service, path))
    return found


def _calls(function: ast.FunctionDef):
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def _keyword(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_false(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def contractions(source: str) -> list[str]:
    """What upgrade() does that older code running beside it would trip over."""
    tree = ast.parse(source)
    upgrade = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"), None
    )
    if upgrade is None:
        return []
    found = []
    for call in _calls(upgrade):
        name = call.func.attr
        if name in DESTRUCTIVE:
            found.append(name)
        if name == "alter_column" and (
            _keyword(call, "new_column_name") is not None or _is_false(_keyword(call, "nullable"))
        ):
            found.append("alter_column (rename or NOT NULL)")
        if name == "add_column":
            column = call.args[-1] if call.args else None
            if isinstance(column, ast.Call) and _is_false(_keyword(column, "nullable")):
                if _keyword(column, "server_default") is None:
                    found.append("add_column NOT NULL without server_default")
        if name == "execute" and call.args and isinstance(call.args[0], ast.Constant):
            if DESTRUCTIVE_SQL.search(str(call.args[0].value)):
                found.append("execute (DROP or RENAME)")
    return found


def _declares_contract(source: str) -> bool:
    """`contract_of = "<revision>"`: this is the contract step of that (deployed) expand."""
    return bool(re.search(r'^contract_of = "[\w-]+"', source, re.MULTILINE))


def test_migrations_after_the_rule_only_expand_or_name_their_expand():
    offending = []
    for service, path in _migrations():
        if path.name[:4] <= BEFORE_THE_RULE.get(service, ""):
            continue
        source = path.read_text()
        if _declares_contract(source):
            continue
        for what in contractions(source):
            offending.append(f"{path.relative_to(ROOT)}: {what}")
    assert not offending, "\n".join(offending)


def test_the_check_sees_a_contracting_migration():
    source = """
def upgrade():
    op.add_column("person", sa.Column("nick", sa.String(), nullable=False))
    op.drop_column("person", "nickname")
    with op.batch_alter_table("person") as batch:
        batch.alter_column("email", new_column_name="mail")
    op.execute("ALTER TABLE person DROP COLUMN age")

def downgrade():
    op.drop_column("person", "nick")
"""
    assert sorted(contractions(source)) == [
        "add_column NOT NULL without server_default",
        "alter_column (rename or NOT NULL)",
        "drop_column",
        "execute (DROP or RENAME)",
    ]
    expand = 'def upgrade():\n    op.add_column("p", sa.Column("n", sa.String(), nullable=True))\n'
    assert contractions(expand) == []
    assert _declares_contract('contract_of = "0007"\n' + source)
