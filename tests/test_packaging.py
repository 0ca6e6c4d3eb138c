"""The package as ``pip install jekyll-guide`` gets it: what it requires, what it ships."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
#: What the extension imports; the theme and Read the Docs extras are the `guide` extra.
IMPORTED = {
    "sphinx",
    "myst-parser",
    "markdown-it-py",
    "mdit-py-plugins",
    "docutils",
    "sphinx-design",
    "pyyaml",
    "python-liquid",
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    # no deprecated licence metadata, no data folder left out of the packages
    assert "Deprecat" not in log and "BuildBackendWarning" not in log, log[-3000:]
    (path,) = out.glob("jekyll_guide-*.whl")
    return path


def metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(archive.read(name).decode("utf-8"))


def test_the_wheel_requires_only_what_the_extension_imports(wheel):
    requires = metadata(wheel).get_all("Requires-Dist")
    core = {r.split(">")[0].split("=")[0].strip().lower() for r in requires if "extra ==" not in r}
    assert core == IMPORTED
    guide = [r for r in requires if 'extra == "guide"' in r]
    assert any(r.startswith("pydata-sphinx-theme") for r in guide)


def test_the_licence_is_an_spdx_expression(wheel):
    data = metadata(wheel)
    assert data["License-Expression"] == "MIT"
    with zipfile.ZipFile(wheel) as archive:
        assert any(n.endswith("licenses/LICENSE") for n in archive.namelist())


def test_the_wheel_ships_templates_styles_and_catalogs(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for wanted in (
        "jekyll_guide/locale/fr/LC_MESSAGES/jekyll_guide.mo",
        "jekyll_guide/locale/fr/LC_MESSAGES/jekyll_guide.po",
        "jekyll_guide/templates/jekyll/layout.html",
        "jekyll_guide/templates/init/conf.py_t",
        "jekyll_guide/kramdown/blocks.py",
    ):
        assert wanted in names, wanted
    assert any(n.startswith("jekyll_guide/static/") for n in names)


def test_the_declared_extras(wheel):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert set(project["optional-dependencies"]) >= {"guide", "test", "dev", "bench"}
    installs = json.dumps(yaml.safe_load((ROOT / ".readthedocs.yaml").read_text("utf-8")))
    assert '"guide"' in installs  # Read the Docs builds the guide with its theme


def test_constraints_oldest_pin_every_lower_bound():
    """tests/constraints-oldest.txt (make test-oldest) pins each runtime dependency,
    and each of the guide extra, at exactly the lower bound pyproject.toml declares."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    declared = {}
    for text in [*project["dependencies"], *project["optional-dependencies"]["guide"]]:
        requirement = Requirement(text)
        (bound,) = [s.version for s in requirement.specifier if s.operator == ">="]
        declared[canonicalize_name(requirement.name)] = Version(bound)
    pinned = {}
    for line in (ROOT / "tests" / "constraints-oldest.txt").read_text("utf-8").splitlines():
        if line.split("#", 1)[0].strip():
            requirement = Requirement(line.split("#", 1)[0])
            (pin,) = requirement.specifier
            assert pin.operator == "==", line
            pinned[canonicalize_name(requirement.name)] = Version(pin.version)
    assert pinned == declared
