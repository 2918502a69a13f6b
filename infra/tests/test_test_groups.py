"""`make test` runs on two xdist workers with `--dist loadgroup`: the tests of one
`xdist_group` (the e2e, console, fuzz and access-matrix suites) must run on one worker, or each
worker starts its own copy of their stacks and the suite takes twice as long. pytest 9.2 with
pytest-xdist 3.8 lost the groups silently; this runs a small suite as `make test` does."""

from __future__ import annotations

import re
import subprocess
import sys

SUITE = {
    "test_grouped.py": (
        "import pytest\n\n"
        'pytestmark = pytest.mark.xdist_group("stack")\n\n'
        + "".join(f"def test_{n}():\n    pass\n\n" for n in range(6))
    ),
    "test_loose.py": "".join(f"def test_loose_{n}():\n    pass\n\n" for n in range(4)),
}


def test_the_tests_of_one_group_run_on_one_worker(tmp_path):
    for name, text in SUITE.items():
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v"]
        + ["-p", "no:cacheprovider", "-p", "no:randomly", "--rootdir", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    workers = set(re.findall(r"\[(gw\d)\] .*PASSED test_grouped\.py::", result.stdout))
    ran = len(re.findall(r"PASSED test_grouped\.py::", result.stdout))
    assert ran == 6, result.stdout[-2000:]
    assert len(workers) == 1, f"the group ran on {sorted(workers)}"
