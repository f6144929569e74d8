"""The folder tree is the architecture: packages per stage and layer, no cycles, public names.

The layer contracts themselves are `[tool.importlinter]` in pyproject.toml (run by `make lint`
and here); these tests add what import-linter does not say: no module imports another in a
cycle anywhere under ``flashpoint`` (lazy imports inside functions included), other packages
reach a package only through the names its ``__init__`` exports, and every package says what
it does.
"""

from __future__ import annotations

import ast
import importlib
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from .conftest import ROOT

SRC = ROOT / "src" / "flashpoint"
PACKAGES = ("ingest", "actors", "times", "places", "quotes", "events", "corpus", "batch",
            "service", "cli", "evaluation")


def module_graph(src: Path, root: str) -> dict[str, set[str]]:
    """Module -> modules it imports (any ``from``/``import`` anywhere in the file)."""
    mods: dict[str, Path] = {}
    for path in src.rglob("*.py"):
        rel = path.relative_to(src).with_suffix("")
        parts = [root, *rel.parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        is_pkg = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            for target in _targets(node, mod, is_pkg):
                # ``from pkg import name`` may name a submodule or an attribute of pkg.
                best = target if target in mods else target.rsplit(".", 1)[0]
                if best in mods and best != mod:
                    graph[mod].add(best)
    return graph


def _targets(node: ast.AST, mod: str, is_pkg: bool) -> Iterable[str]:
    if isinstance(node, ast.Import):
        yield from (a.name for a in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = mod.split(".") if is_pkg else mod.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        for alias in node.names:
            yield f"{prefix}.{alias.name}"


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        comp.append(top)
                        if top == node:
                            break
                    if len(comp) > 1:
                        found.append(sorted(comp))
    return found


def test_architecture_no_module_imports_another_in_a_cycle() -> None:
    found = cycles(module_graph(SRC, "flashpoint"))
    assert not found, f"import cycles under src/flashpoint: {found}"


def test_architecture_cycle_check_fails_on_an_introduced_cycle(tmp_path: Path) -> None:
    # The check above is only worth something if it sees a cycle when one is introduced:
    # copy the package, make the store import the batch runner back, and look again.
    copy = tmp_path / "flashpoint"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("data", "web", "__pycache__"))
    rows = copy / "corpus" / "rows.py"
    rows.write_text(rows.read_text("utf-8") + "\nfrom .migrations import MIGRATIONS  # noqa\n")
    found = cycles(module_graph(copy, "flashpoint"))
    assert any({"flashpoint.corpus.rows", "flashpoint.corpus.migrations"} <= set(c)
               for c in found), found


@pytest.mark.slow
def test_architecture_import_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip("lint-imports is not installed: run `make install`")
    proc = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def _absolute_imports(path: Path) -> Iterable[tuple[str, list[str]]]:
    """(module, names) of each ``from ... import`` in a file, relative ones made absolute."""
    rel = path.relative_to(SRC)
    here = ["flashpoint", *rel.parts[:-1]]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield module, [a.name for a in node.names]


@pytest.mark.parametrize("package", PACKAGES)
def test_architecture_other_packages_import_only_public_names(package: str) -> None:
    public = set(importlib.import_module(f"flashpoint.{package}").__all__)
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] == package:
            continue
        for module, names in _absolute_imports(path):
            if module.startswith(f"flashpoint.{package}."):
                offenders.append(f"{rel}: from {module} import ...")
            elif module == f"flashpoint.{package}":
                offenders += [f"{rel}: {n} is not in flashpoint.{package}.__all__"
                              for n in names if n not in public]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("package", PACKAGES)
def test_architecture_every_package_says_what_it_does(package: str) -> None:
    mod = importlib.import_module(f"flashpoint.{package}")
    doc = (mod.__doc__ or "").strip()
    assert len(doc.splitlines()) >= 3, f"flashpoint.{package} needs a docstring of a few lines"
    assert hasattr(mod, "__all__"), f"flashpoint.{package} must list its public names"
    for name in mod.__all__:
        assert hasattr(mod, name), f"flashpoint.{package}.__all__ names {name!r}, not defined"


def test_architecture_no_flat_modules_left_at_the_top() -> None:
    top = sorted(p.stem for p in SRC.glob("*.py"))
    assert top == ["__init__", "__main__", "config", "datafiles", "document", "errors", "jsonl",
                   "model", "nlp", "pipeline", "registry", "version"], top
