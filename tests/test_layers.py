"""How the layers are built, checked so it stays true: the core imports nothing of aiogram;
handlers get services from the update's unit of work and never build one; no router imports
another."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import welcomebot

PACKAGE = Path(welcomebot.__file__).parent
ROUTERS = PACKAGE / "telegram" / "routers"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def router_files() -> list[Path]:
    return sorted(ROUTERS.rglob("*.py"))


def core_classes() -> set[str]:
    """Services and repositories: classes of services/, storage/ and delivery/ that take what
    they work on when built (an explicit __init__), and every repository. Values (dataclasses
    such as `Heard`) may be built anywhere."""
    found = set()
    for folder in ("services", "storage", "delivery"):
        for path in (PACKAGE / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ClassDef):
                    continue
                has_init = any(
                    isinstance(item, ast.FunctionDef) and item.name == "__init__"
                    for item in node.body
                )
                if has_init or node.name.endswith("Repository"):
                    found.add(node.name)
    return found


def called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def test_the_check_knows_the_services_and_repositories():
    known = core_classes()
    assert {"Events", "Broadcasts", "Invitations", "UserRepository", "Outbox"} <= known
    assert "Heard" not in known  # a value


def test_no_handler_builds_a_service_or_a_repository_or_reaches_the_session():
    forbidden = core_classes()
    offences = []
    for path in router_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and called_name(node) in forbidden:
                offences.append(
                    f"{path.relative_to(PACKAGE)}:{node.lineno} builds {called_name(node)}"
                )
            if isinstance(node, ast.Attribute) and node.attr == "session":
                offences.append(f"{path.relative_to(PACKAGE)}:{node.lineno} uses .session")
    assert offences == []


def test_no_router_imports_another_router():
    """Only a package's __init__ gathers its own modules (routers/events/__init__.py its
    browse, wizard and manage); shared replies live in telegram/replies.py."""
    offences = []
    for path in router_files():
        importer = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{importer}: relative import"
                names = [node.module or ""]
                names += [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if not name.startswith("welcomebot.telegram.routers."):
                    continue
                gathers = path.name == "__init__.py" and importer in (name, name.rsplit(".", 1)[0])
                if not gathers:
                    offences.append(f"{importer} imports {name}")
    assert offences == []


CORE = ("domain", "services", "storage", "delivery", "scheduling", "content", "matching")


def test_the_core_imports_nothing_of_aiogram():
    """Every module of the core, imported in a fresh interpreter, leaves aiogram unloaded."""
    script = f"""
import importlib, pkgutil, sys
for package in {CORE!r}:
    root = importlib.import_module("welcomebot." + package)
    for module in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
            if any(name.split(".")[0] == "aiogram" for name in sys.modules):
                print(module.name)
                break
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "", f"{done.stdout.strip()} brings in aiogram"


def imported(path: Path) -> set[str]:
    """The welcomebot modules a file imports, wherever in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("welcomebot"):
            found.add(node.module or "")
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("welcomebot")}
    return found


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        # Content is read by matching and services, and reads neither.
        ("content", ("welcomebot.matching", "welcomebot.services", "welcomebot.storage")),
        # Pure values depend on nothing else of welcomebot.
        ("domain", ("welcomebot.",)),
    ],
)
def test_a_lower_package_imports_nothing_above_it(lower, upper):
    offences = [
        f"{module_name(path)} imports {name}"
        for path in sorted((PACKAGE / lower).rglob("*.py"))
        for name in imported(path)
        if name.startswith(upper) and not name.startswith(f"welcomebot.{lower}")
    ]
    assert offences == []


def test_the_lexicon_and_the_analyzer_do_not_import_each_other():
    """The analyzer reads a Lexicon; checking the lexicon's phrases, which needs the analyzer,
    lives in lexicon_files.py."""
    lexicon = imported(PACKAGE / "matching" / "lexicon.py")
    assert not any(name.startswith("welcomebot.matching.analyzer") for name in lexicon)
