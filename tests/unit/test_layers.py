"""The package's layers import only downward (docs/ARCHITECTURE.md): a module of a lower layer that imports a
higher one fails here, naming the file, the line and both layers."""

from __future__ import annotations

import ast
from pathlib import Path

import app

PACKAGE = Path(app.__file__).parent

# Each layer with the layers it may import (besides itself). The package root's modules (`app`, `app.config`,
# `app.errors`) are below everything but the pure domain, whose types (the taxonomy) the settings hold.
MAY_IMPORT: dict[str, set[str]] = {
    "root": {"domain"},
    "domain": {"root"},
    "geo": set(),
    "store": {"root", "domain"},
    "services": {"root", "domain", "geo", "store"},
    "ingest": {"root", "domain", "geo", "store", "services"},
    "export": {"root", "domain", "geo", "store", "services"},
    "demo": {"root", "domain", "geo", "store", "services", "ingest"},
    "web": {"root", "domain", "geo", "store", "services", "ingest", "export"},
    "cli": {"root", "domain", "geo", "store", "services", "ingest", "export", "demo", "web"},
    "main": {"cli"},
}


def layer_of(module: str) -> str:
    """`app.web.pages.map` → web; `app.config` → root; `app.__main__` → main."""
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    if parts[1] == "__main__":
        return "main"
    if parts[1] in MAY_IMPORT:
        return parts[1]
    return "root"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every `app…` module a file imports, at any depth of the file (imports inside functions count too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "app":
                found += [(node.lineno, f"app.{a.name}") for a in node.names]
            elif node.module.startswith("app."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("app.")]
    return found


def upward_imports(package: Path = PACKAGE) -> list[str]:
    wrong = []
    for path in sorted(package.rglob("*.py")):
        here = layer_of(module_name(path, package))
        for line, target in imported_modules(path):
            there = layer_of(target)
            if there != here and there not in MAY_IMPORT[here]:
                wrong.append(f"{path.relative_to(package.parent)}:{line} ({here}) imports {target} ({there})")
    return wrong


def test_every_layer_imports_only_what_it_may():
    assert upward_imports() == []


def test_a_lower_layer_importing_a_higher_one_is_reported(tmp_path: Path):
    fake = tmp_path / "app"
    (fake / "services").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "services" / "__init__.py").write_text("")
    (fake / "services" / "report.py").write_text("def f():\n    from app.web.api import metrics\n")
    assert upward_imports(fake) == ["app/services/report.py:2 (services) imports app.web.api (web)"]


def test_at_most_five_modules_sit_directly_in_the_package():
    assert len(list(PACKAGE.glob("*.py"))) <= 5


def test_only_the_entry_points_build_default_settings():
    allowed = {"app/config.py", "app/cli/options.py", "app/web/factory.py"}
    builders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Settings" and rel not in allowed:
                builders.append(f"{rel}:{node.lineno}")
    assert builders == []
