"""Where a change goes, checked on the source: one-way imports, and one owner for each rule.

    pages → ui → gapmap → db / questionnaires          exports → gapmap → db / questionnaires

- pages and ui never open a database transaction (services in gapmap/ do);
- only `gapmap.privacy` reads an event's privacy terms and decides what an audience sees;
- only `ui.results` touches raw aggregated results, and hands pages the privacy views.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("app.py", "pages", "ui", "gapmap", "db", "exports", "questionnaires")

#: Which top-level packages each layer may import (its own always).
ALLOWED = {
    "pages": {"ui", "gapmap", "exports", "questionnaires"},
    "ui": {"gapmap", "questionnaires", "db"},  # db: only the engine, see below
    "gapmap": {"db", "questionnaires"},
    "exports": {"gapmap", "db", "questionnaires"},
    "db": {"questionnaires"},
    "questionnaires": set(),
    "app.py": {"ui", "gapmap"},
}
#: Command-line entry points are thin wrappers at the top of the stack, like pages.
CLIS = {"db/__main__.py", "exports/__main__.py", "questionnaires/__main__.py"}


def sources(layer: str) -> list[Path]:
    path = ROOT / layer
    return [path] if path.is_file() else sorted(p for p in path.rglob("*.py") if "migrations" not in p.parts)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Line numbers of imports under `if TYPE_CHECKING:` (annotations only, never run)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            lines |= {n.lineno for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))}
    return lines


def imports(path: Path) -> list[str]:
    """Every module `path` imports at run time (absolute names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return found


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("layer", LAYERS)
def test_imports_run_one_way(layer):
    wrong = []
    for path in sources(layer):
        if rel(path) in CLIS:
            continue
        for name in imports(path):
            top = name.split(".")[0]
            if top in {"pages", "ui", "gapmap", "db", "exports", "questionnaires"} and top != layer.split("/")[0] \
                    and top not in ALLOWED[layer]:
                wrong.append(f"{rel(path)} imports {name}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("layer", ["gapmap", "db", "exports", "questionnaires"])
def test_no_streamlit_below_ui(layer):
    wrong = [rel(p) for p in sources(layer) if any(n.split(".")[0] == "streamlit" for n in imports(p))]
    assert not wrong


def test_pages_never_open_a_transaction():
    """Services in gapmap/ own every write (and its audit entry); pages and ui only call them."""
    wrong = [f"{rel(p)}: {n}" for layer in ("pages", "ui", "app.py") for p in sources(layer)
             for n in imports(p) if n.split(".")[0] == "db" and rel(p) != "ui/resources.py"]
    assert not wrong, "\n".join(wrong)
    assert not [rel(p) for p in sources("pages") if "write_session" in p.read_text(encoding="utf-8")]


def test_only_ui_results_holds_raw_results():
    """Pages get results from `ui.results` as privacy views; nothing else in ui/ or pages/ aggregates."""
    wrong = [rel(p) for layer in ("pages", "ui") for p in sources(layer)
             if rel(p) != "ui/results.py" and any(n.startswith("gapmap.aggregation") for n in imports(p))]
    assert not wrong


#: Modules that may mention an event's privacy terms, and why. Everything else asks gapmap.privacy.
PRIVACY_TERMS_ALLOWED = {
    "gapmap/privacy.py": "decides what each audience sees",
    "db/models.py": "the event table's columns",
    "gapmap/event_setup.py": "the organiser's settings model (bounds, defaults)",
    "ui/event_form.py": "the organiser's form that edits the settings",
    "gapmap/demo.py": "the demo event's settings",
    "exports/archive_schema.py": "the bounds an archived event's settings must keep to be restored",
}
PRIVACY_NAMES = {"attribution_policy", "min_group_size", "name_countries", "small_group_text",
                 "whole_results_need_k"}


def _privacy_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and (node.attr in PRIVACY_NAMES or (
                node.attr == "k" and getattr(node.value, "id", "") == "audience")):
            found.append(f"{rel(path)}:{node.lineno} reads .{node.attr}")
        elif isinstance(node, ast.Constant) and node.value == "chatham_house":
            found.append(f"{rel(path)}:{node.lineno} compares with 'chatham_house'")
        elif isinstance(node, ast.keyword) and node.arg in PRIVACY_NAMES:
            found.append(f"{rel(path)}:{node.value.lineno} sets {node.arg}")
    return found


def test_only_gapmap_privacy_reads_the_privacy_terms():
    wrong = [hit for layer in LAYERS for p in sources(layer) if rel(p) not in PRIVACY_TERMS_ALLOWED
             for hit in _privacy_reads(p)]
    assert not wrong, "\n".join(wrong)


def test_the_allowed_list_is_not_stale():
    """Each exception above still needs to be one (an unneeded exception is a hole)."""
    assert all(_privacy_reads(ROOT / path) for path in PRIVACY_TERMS_ALLOWED if path != "gapmap/privacy.py")
