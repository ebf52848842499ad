"""The lock files in requirements/ still satisfy pyproject.toml, and agree with one another:
a dependency added or narrowed without remaking them fails here, not in the Docker build."""

import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .fakes.repo import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
LOCKS = REPO / "requirements"


def pins(name: str) -> dict[str, str]:
    """package -> version, from a pip-compile output."""
    found = {}
    for line in (LOCKS / name).read_text().splitlines():
        if line.strip() and not line[0].isspace() and not line.startswith(("#", "-")):
            requirement = Requirement(line)
            [specifier] = requirement.specifier
            assert specifier.operator == "==", f"requirements/{name}: {line} is not pinned"
            found[canonicalize_name(requirement.name)] = specifier.version
    return found


def wanted(extras: list[str], more: list[str] = ()) -> list[Requirement]:
    """What the project asks for with these extras, its own extras that they name included."""
    found = [Requirement(line) for line in [*PROJECT["dependencies"], *more]]
    todo = list(extras)
    while todo:
        for line in PROJECT["optional-dependencies"][todo.pop()]:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) == PROJECT["name"]:
                todo += sorted(requirement.extras)
            else:
                found.append(requirement)
    return [r for r in found if r.marker is None or r.marker.evaluate({"extra": ""})]


def rerank_inputs() -> list[str]:
    lines = (LOCKS / "rerank.in").read_text().splitlines()
    return [line for line in lines if line.strip() and not line.startswith(("#", "-"))]


@pytest.mark.parametrize(
    ("lock", "extras", "more"),
    [
        ("app.txt", ["postgres", "redis"], []),
        ("dev.txt", ["dev"], []),
        ("rerank.txt", ["dev", "rerank"], rerank_inputs()),
    ],
)
def test_each_lock_pins_what_the_project_asks_for(lock, extras, more):
    pinned = pins(lock)
    for requirement in wanted(extras, more):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"requirements/{lock} lacks {requirement}: remake it"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"requirements/{lock} pins {name}=={pinned[name]}, outside {requirement}: remake it"
        )
        for extra in requirement.extras:  # psycopg[binary] needs psycopg-binary too
            if name == "psycopg":
                assert f"psycopg-{extra}" in pinned, f"requirements/{lock} lacks psycopg-{extra}"


def test_the_image_ci_and_the_reranker_run_the_same_versions():
    app, dev, rerank = pins("app.txt"), pins("dev.txt"), pins("rerank.txt")
    assert {name: dev.get(name) for name in app} == app
    assert {name: rerank.get(name) for name in dev} == dev
