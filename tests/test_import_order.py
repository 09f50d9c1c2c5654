"""Our apps import one way, each only from those before it, and none imports
the project package `rekindle` (apps read `django.conf.settings`). Read from
the source with `ast`, so an import inside a function counts too."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The user ← the questionnaire engine ← pairing, check-ins and the sharing
# rules ← the five steps ← replies and notices ← the weekly conversation ← the home page ← what needs every app.
ORDER = ["accounts", "assessments", "couples", "steps", "notices", "talk", "dashboard", "yourdata"]
PROJECT = "rekindle"


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """(top-level package, line) of every absolute import in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {(alias.name.split(".")[0], node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.module.split(".")[0], node.lineno))
    return found


def app_imports() -> dict[str, set[str]]:
    """For each of our apps, the other apps and packages of ours it imports, as "app -> what (file:line)"."""
    imports = {}
    for app in ORDER:
        for path in sorted((ROOT / app).rglob("*.py")):
            for package, line in imported_packages(path):
                if package != app and (package in ORDER or package == PROJECT):
                    imports.setdefault(app, set()).add((package, f"{path.relative_to(ROOT)}:{line}"))
    return imports


def test_every_app_of_ours_has_its_place_in_the_order():
    # The project package's apps.py only configures Django's admin (rekindle/admin.py).
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} - {PROJECT}
    assert apps == set(ORDER)


def test_apps_import_only_those_before_them():
    wrong = [
        f"{where}: {app} imports {package}"
        for app, imports in app_imports().items()
        for package, where in imports
        if package in ORDER and ORDER.index(package) > ORDER.index(app)
    ]
    assert wrong == []


def test_no_app_imports_the_project_package():
    wrong = [f"{where}: {app} imports {PROJECT}" for app, imports in app_imports().items() for package, where in imports if package == PROJECT]
    assert wrong == []


def test_no_ring_of_imports():
    graph = {app: {package for package, _ in imports if package in ORDER} for app, imports in app_imports().items()}

    def reaches(start: str, goal: str, seen: frozenset = frozenset()) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in graph.get(start, ()))

    assert [app for app in ORDER if reaches(app, app)] == []


@pytest.mark.parametrize(
    "source, found",
    [
        ("import steps.models", {"steps"}),
        ("from couples.access import Pair", {"couples"}),
        ("def f():\n    from rekindle import settings", {"rekindle"}),
        ("from . import models", set()),
    ],
)
def test_the_reader_finds_every_kind_of_import(tmp_path, source, found):
    path = tmp_path / "module.py"
    path.write_text(source)
    assert {package for package, _ in imported_packages(path)} == found
