"""One enum of warning kinds, one problem type, every warning through ``log``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from jekyll_guide.warnings import Problem, WarningKind

PACKAGE = Path(__file__).resolve().parent.parent / "_ext" / "jekyll_guide"
WARNING_CALLS = {"warn_at": 2, "warn_node": 1, "warn_file": 1, "warn": 1, "Problem": 0}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("*.py") if p.name != "warnings.py")


def test_every_kind_says_what_it_means_an_example_and_the_fix():
    for kind in WarningKind:
        assert kind.value == kind.name.lower()
        assert kind.meaning.endswith(".") and kind.fix.endswith(".") and kind.example, kind


@pytest.mark.parametrize("module", modules(), ids=lambda p: p.name)
def test_kinds_are_enum_members_not_text(module):
    """A kind written as a string could be a typo no test sees."""
    for node in ast.walk(ast.parse(module.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        position = WARNING_CALLS.get(name)
        if position is None or len(node.args) <= position:
            continue
        kind = node.args[position]
        if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
            assert kind.value not in WarningKind.__members__.values(), (
                f"{module.name}:{node.lineno}: write WarningKind.{kind.value.upper()}"
            )
            assert not re.fullmatch(r"[a-z_]+", kind.value), f"{module.name}:{node.lineno}"


@pytest.mark.parametrize("module", modules(), ids=lambda p: p.name)
def test_only_log_talks_to_sphinx_logging(module):
    if module.name == "log.py":
        return
    text = module.read_text("utf-8")
    assert "getLogger" not in text and "logger." not in text, module.name


def test_one_problem_type():
    """No module defines its own problem record (the kramdown port keeps its own,
    mapped by ``WarningKind.from_kramdown``)."""
    for module in modules():
        tree = ast.parse(module.read_text("utf-8"))
        names = [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        assert not [n for n in names if n.endswith("Problem")], module.name
    assert Problem(WarningKind.LINK, "m").line is None


def test_every_kind_of_the_kramdown_port_is_a_warning_kind():
    kinds = set()
    for module in (PACKAGE / "kramdown").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            name = isinstance(node, ast.Call) and getattr(node.func, "attr", None)
            name = name or (isinstance(node, ast.Call) and getattr(node.func, "id", None))
            if name in ("warn", "error") and node.args:  # the port's two ways to warn
                kinds |= {
                    a.value
                    for a in node.args[:2]
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                }
    assert {"lost-ial", "unclosed-html", "undefined-ald", "table-without-body"} <= kinds
    for kind in kinds:
        assert isinstance(WarningKind.from_kramdown(kind), WarningKind), kind


def test_an_unknown_kind_is_a_bug_not_a_warning():
    from jekyll_guide.log import warn_at

    with pytest.raises(ValueError):
        warn_at("page", 1, "no_such_kind", "message")


def test_warnings_are_typed_in_a_build(build_project):
    """A real warning carries its ``jekyll.<kind>`` type and points at file:line."""
    build = build_project(
        {"page.md": "---\ntitle: P\n---\n\nText\n{: #a refname}\n"},
        conf="suppress_warnings = []\n",
    )
    assert re.search(
        r"page\.md:6: WARNING: .*'refname'.*\[jekyll\.undefined_ald\]", build.warnings
    ), build.warnings
