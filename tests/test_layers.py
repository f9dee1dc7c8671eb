"""The package's layers (pyproject.toml's [tool.importlinter]; docs/architecture.md) hold.

Every import counts, the lazy ones inside functions too: grimp, import-linter's graph, reads them all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parents[1]
LAYERS = ("attuned.commands", "attuned.simulation", "attuned.reports", "attuned.pipeline",
          "attuned.notebook", "attuned.model")


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("attuned", cache_dir=None)


def _strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm over the module graph: every group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            groups.append(group)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def test_the_layer_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout, proc.stdout


def test_no_module_imports_itself_through_others():
    cycles = [sorted(group) for group in _strongly_connected(_graph()) if len(group) > 1]
    assert cycles == [], f"import cycles: {cycles}"


def test_every_module_lives_in_a_layer():
    """Besides the layers only the notebooks' interface (the package root), ``python -m attuned``
    and the version: a new module has to choose its layer."""
    graph = _graph()
    loose = sorted(m for m in graph.modules
                   if not m.startswith(tuple(layer + "." for layer in LAYERS)) and m not in LAYERS
                   and m not in {"attuned", "attuned.__main__", "attuned.version"})
    assert loose == []


def test_nothing_below_the_commands_imports_the_package_root():
    """The root is the notebooks' interface, above every layer: a layer importing it would import upwards."""
    importers = _graph().find_modules_that_directly_import("attuned")
    below = {m for m in importers if not m.startswith("attuned.commands.")}
    assert below <= {"attuned.__main__"}, sorted(below)


def test_each_layer_says_what_it_holds():
    for layer in LAYERS:
        init = REPO / Path(*layer.split(".")) / "__init__.py"
        doc = init.read_text(encoding="utf-8")
        assert doc.startswith('"""') and len(doc) > 120, f"{init} needs a docstring saying what lives there"
