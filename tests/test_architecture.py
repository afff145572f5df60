"""The house rules a newcomer relies on: layers point one way, modules stay small, and
language codes are spelled only where languages are owned."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portal", "mechanisms", "cooperation", "news")

#: Top-level pages and services that may use every app; nothing below may import them.
TOP = ("portal.search", "portal.api", "portal.pages", "portal.views", "portal.selectors")
TOP += ("portal.sitemaps", "portal.urls", "portal.feeds")
# The page benchmark's URLs and settings: the portal's URLs plus a bare view.
TOP += ("portal.bench_urls", "portal.bench_settings")

#: Lower numbers are lower layers: a module may import its own layer or lower ones.
LAYERS = {"portal": 0, "mechanisms": 1, "cooperation": 2, "news": 3}
TOP_LAYER = 4

MAX_LINES = 400

#: Known exceptions, each waiting for a module to be split or fixed. The test
#: ``test_pending_exceptions_are_still_needed`` fails once one is fixed, so the list only
#: shrinks.
PENDING_UPWARD: set[str] = set()
PENDING_LONG: set[str] = set()
PENDING_CODES = {"portal/search/management/commands/bench_search.py"}

LANGUAGE_OWNERS = {"portal/i18n.py", "portal/settings.py"}
LANGUAGE_CODE = re.compile(r"^_?(zh[-_]hans|zh|en|ru)$")


def project_modules():
    """Yield (dotted name, path) for every project module that is not a migration."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(ROOT).with_suffix("")
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


def layer(module: str) -> int | None:
    top = module.split(".")[0]
    if top not in LAYERS:
        return None
    if any(module == t or module.startswith(t + ".") for t in TOP):
        return TOP_LAYER
    return LAYERS[top]


def imported_modules(path: Path) -> set[str]:
    """Every project module a file imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # ``from portal import search`` imports the module portal.search.
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if _is_module(f"{node.module}.{alias.name}")
            )
    return {name for name in found if layer(name) is not None}


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def upward_imports() -> set[str]:
    upward = set()
    for module, path in project_modules():
        own = layer(module)
        for target in imported_modules(path):
            if layer(target) > own and not _is_package_alias(target):
                upward.add(f"{module} imports {target}")
    return upward


def test_layers_point_one_way():
    assert sorted(upward_imports() - PENDING_UPWARD) == []


def _is_package_alias(name: str) -> bool:
    # ``from portal import i18n`` also records "portal.i18n"; the bare package "portal" is
    # the core and never counts as upward.
    return name in LAYERS


def test_no_import_cycle_between_apps():
    """The app-level graph (core, mechanisms, cooperation, news, top) has no cycle."""
    edges = {}
    for module, path in project_modules():
        source = layer(module)
        for target in imported_modules(path):
            if f"{module} imports {target}" in PENDING_UPWARD:
                continue
            target_layer = layer(target)
            if target_layer != source and not _is_package_alias(target):
                edges.setdefault(source, set()).add(target_layer)
    for source, targets in edges.items():
        for target in targets:
            assert source not in edges.get(target, set()), (source, target)


def test_the_layer_check_catches_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from cooperation.models import Meeting\nfrom portal import i18n\n")
    imported = imported_modules(module)
    assert "cooperation.models" in imported
    assert layer("cooperation.models") > layer("mechanisms.views")
    assert layer("portal.search.index") == TOP_LAYER
    assert layer("portal.i18n") == 0


@pytest.mark.parametrize("module,path", list(project_modules()), ids=lambda v: str(v))
def test_module_is_at_most_400_lines(module, path):
    if module in PENDING_LONG:
        pytest.skip("pending the search restructuring (issue 14)")
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by concern"


def test_language_codes_are_spelled_only_in_i18n_and_settings():
    offenders = []
    for _module, path in project_modules():
        relative = str(path.relative_to(ROOT))
        if relative in LANGUAGE_OWNERS or relative in PENDING_CODES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_language_code(node):
                offenders.append(f"{relative}:{node.lineno} {node.value!r}")
    assert offenders == []


def test_pending_exceptions_are_still_needed():
    """Remove an entry from the PENDING lists as soon as its module is fixed."""
    assert upward_imports() >= PENDING_UPWARD
    modules = dict(project_modules())
    for module in PENDING_LONG:
        assert len(modules[module].read_text(encoding="utf-8").splitlines()) > MAX_LINES
    for relative in PENDING_CODES:
        tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
        assert any(_is_language_code(node) for node in ast.walk(tree))


def _is_language_code(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(LANGUAGE_CODE.match(node.value))
    )
