"""The layout rules of docs/architecture.md, checked on the source: no import circles, short modules,
and a domain that never imports the demo generator."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "makerspaces", "suggestions", "demo"]
# About 400 lines: a module short enough to read whole.
MAX_LINES = 420


def project_modules():
    """``{module name: path}`` of every project module outside migrations."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports_of(name, path, modules):
    """The project modules ``name`` imports, at the top or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            # "from . import cache" names a module; "from .models import Space" names its package.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph():
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph):
    """One import circle as a list of module names, or None."""
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph[node]):
            # A package's __init__ re-exporting its own modules is not a circle with them.
            if target.startswith(node + ".") and node in graph:
                continue
            if state.get(target) == "open":
                return trail[trail.index(target) :] + [target]
            if target not in state and (cycle := visit(target, [*trail, target])):
                return cycle
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node, [node])):
            return cycle
    return None


def test_the_checker_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_in_a_circle():
    assert find_cycle(import_graph()) is None


def test_the_domain_never_imports_the_demo_app():
    graph = import_graph()
    offenders = {name: sorted(t for t in targets if t.split(".")[0] == "demo") for name, targets in graph.items()}
    assert {name: targets for name, targets in offenders.items() if targets and not name.startswith("demo")} == {}


@pytest.mark.parametrize("name", sorted(project_modules()))
def test_modules_are_short_enough_to_read_whole(name):
    lines = project_modules()[name].read_text().count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines"
