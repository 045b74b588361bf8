"""The import contracts of ``pyproject.toml`` (``make lint`` runs ``lint-imports``): they
list every domain and interface module of the tree, and an import that breaks a layer
makes the check fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("marketplace", "shops", "orders", "search", "storefront", "livestream")


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def _modules(*patterns: str) -> set[str]:
    found = set()
    for app in APPS:
        for pattern in patterns:
            for path in (ROOT / app).glob(pattern):
                if path.name == "__pycache__" or "migrations" in path.parts:
                    continue
                relative = path.relative_to(ROOT)
                found.add(
                    ".".join(relative.with_suffix("").parts)
                    if path.suffix == ".py"
                    else ".".join(relative.parts)
                )
    return found


def test_the_contracts_name_every_domain_and_interface_module():
    contracts = _contracts()
    domain = set(contracts["domain-no-interfaces"]["source_modules"])
    interfaces = set(contracts["domain-no-interfaces"]["forbidden_modules"])
    selectors = set(contracts["selectors-read"]["source_modules"])
    services = set(contracts["selectors-read"]["forbidden_modules"])

    assert _modules("models.py", "selectors*.py", "selectors", "services*.py", "services") <= domain
    assert _modules("selectors*.py", "selectors") == selectors
    assert _modules("services*.py", "services") == services
    assert _modules("graphql", "views*.py", "views", "forms*.py") == interfaces


@pytest.mark.slow
def test_a_forbidden_import_breaks_the_check(tmp_path):
    """The shops app importing ``orders`` (added on purpose to a copy of the tree) makes
    ``lint-imports`` fail and name the import; the tree as it is passes."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    if not lint_imports.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for app in APPS:
        shutil.copytree(
            ROOT / app,
            tmp_path / app,
            ignore=shutil.ignore_patterns(
                "__pycache__", "templates", "static", "locale", "data", "*.html", "*.css", "*.js"
            ),
        )

    clean = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr

    with (tmp_path / "shops" / "selectors.py").open("a", encoding="utf-8") as selectors:
        selectors.write(
            "\n\ndef _on_purpose() -> None:\n    from orders.models import Order  # noqa: F401\n"
        )
    broken = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "shops never imports storefront or orders BROKEN" in broken.stdout
    assert "shops.selectors -> orders.models" in broken.stdout
