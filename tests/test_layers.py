"""The package shows its layers: the syntax modules import nothing of Sphinx.

They parse and check (front matter, attribute lists, kramdown, Liquid, URLs, the
page model, the warning kinds); the Sphinx glue around them is thin.  Checked
by importing each one where Sphinx, docutils, MyST and sphinx-design cannot be
imported at all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXT = Path(__file__).resolve().parent.parent / "_ext"
PURE_MODULES = (
    "attributes",
    "frontmatter",
    "kramdown",
    "kramdown.blocks",
    "kramdown.html",
    "kramdown_plugin",
    "kramdown_tokens",
    "limits",
    "liquid",
    "pagemodel",
    "urls",
    "warnings",
)
GLUE = ("sphinx", "docutils", "myst_parser", "sphinx_design", "pydata_sphinx_theme")

BLOCKER = """
import importlib.abc, sys
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {glue!r}:
            raise ImportError(f"a syntax module imported {{name}}")
sys.meta_path.insert(0, Refuse())
sys.path.insert(0, {ext!r})
import jekyll_guide.{module}
"""


@pytest.mark.parametrize("module", PURE_MODULES)
def test_a_syntax_module_imports_no_sphinx(module):
    code = BLOCKER.format(glue=set(GLUE), ext=str(EXT), module=module)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_package_itself_is_glue():
    """``import jekyll_guide`` costs nothing: Sphinx is imported when it loads the extension."""
    code = BLOCKER.format(glue=set(GLUE), ext=str(EXT), module="__init__")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
