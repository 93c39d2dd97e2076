"""The package layout holds: imports point down the layers only, no circle, no module over 450 lines.

docs/architecture.md draws the layers; pyproject.toml's import-linter contract checks the
direction (`make lint` and CI run it), and these tests show that it does, on a copy of the
package with one upward import added.
"""

from __future__ import annotations

import ast
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tools import ROOT

PACKAGE = ROOT / "katalogi"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
MAX_LINES = 450


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(module_name(path) for path in PACKAGE.rglob("*.py") if "vendor" not in path.parts)


def imported_modules(path: Path) -> list[tuple[str, bool]]:
    """The katalogi modules a file imports, each with whether the import is inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(node) for function in ast.walk(tree) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
              for node in ast.walk(function) if node is not function}
    package = module_name(path).split(".") if path.name == "__init__.py" else module_name(path).split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
                names = [f"{base}.{alias.name}" for alias in node.names] + [base]
            elif node.module and node.module.split(".")[0] == "katalogi":
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.split(".")[0] == "katalogi"]
        else:
            continue
        modules = [name for name in names if name in MODULES]
        found += [(module, id(node) in inside) for module in modules[:1] or modules]
    return found


def test_the_layers_contract_is_kept():
    done = subprocess.run([str(LINT_IMPORTS)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    """A content module that imports the build engine: lint-imports names the two and fails."""
    shutil.copytree(PACKAGE, tmp_path / "katalogi", ignore=shutil.ignore_patterns("__pycache__", "vendor", "locale"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    model = tmp_path / "katalogi/content/model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom ..build import engine  # noqa: E402, F401\n",
                     encoding="utf-8")
    done = subprocess.run([str(LINT_IMPORTS)], cwd=tmp_path, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "katalogi.content is not allowed to import katalogi.build" in done.stdout
    assert "katalogi.content.model -> katalogi.build.engine" in done.stdout


def test_no_import_inside_a_function():
    """An import of our own modules inside a function would dodge the contract (heavy libraries may be imported
    where they are used, and are not ours). The command line, above every package, imports a command's package
    when that command runs, so that `build` does not load openpyxl and livereload: nothing is above it to dodge."""
    inside = [(module_name(path), module) for path in PACKAGE.rglob("*.py") if "vendor" not in path.parts
              and path != PACKAGE / "cli.py" for module, in_function in imported_modules(path) if in_function]
    assert inside == []


def test_no_import_circle():
    graph = {module_name(path): {module for module, _ in imported_modules(path)} - {module_name(path)}
             for path in PACKAGE.rglob("*.py") if "vendor" not in path.parts}
    for package in [name for name in graph if (PACKAGE / Path(*name.split(".")[1:]) / "__init__.py").exists()]:
        graph[package] = set()  # a package's __init__ only names it: importing a module of it is not a circle
    circles, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_no_module_is_over_450_lines():
    long = {module_name(path): lines for path in PACKAGE.rglob("*.py") if "vendor" not in path.parts
            and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_package_says_what_it_owns():
    for init in PACKAGE.glob("*/__init__.py"):
        if "vendor" in init.parts:
            continue
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring.splitlines()) == 1, init


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports(module):
    """A name imported from where it no longer lives fails here, not in the one command that uses it."""
    importlib.import_module(module)
