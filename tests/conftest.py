"""Shared fixtures: build small Sphinx projects and the shipped guide itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

ON_CI = os.environ.get("CI", "").lower() == "true"


def require(available: bool, what: str) -> None:
    """Skip when a system tool is missing — but under CI that is a failure."""
    if available:
        return
    if ON_CI:
        pytest.fail(f"{what} is required under CI (.ci/run installs it)")
    pytest.skip(f"{what} is not installed (apt-get install it, or run .ci/run)")


def require_chromium() -> str:
    path = "/usr/bin/chromium"
    require(Path(path).exists(), "Chromium (/usr/bin/chromium, Debian package 'chromium')")
    return path


def require_latex() -> None:
    require(shutil.which("latexmk") is not None, "TeX Live (latexmk)")


def run_latexmk(outdir: Path, *arguments: str) -> subprocess.CompletedProcess:
    """latexmk in Sphinx's LaTeX output folder, as ``make pdf`` and Read the Docs run it."""
    return subprocess.run(
        [
            "latexmk",
            "-r",
            "latexmkrc",
            "-pdf",
            "-f",
            "-dvi-",
            "-ps-",
            *arguments,
            "-interaction=nonstopmode",
        ],
        cwd=outdir,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=900,
    )


@dataclass
class Build:
    """The result of one sphinx-build run."""

    srcdir: Path
    outdir: Path
    returncode: int
    warnings: str
    stdout: str

    def html(self, docname: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / f"{docname}.html").read_text("utf-8"), "lxml")

    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if "WARNING" in line or "ERROR" in line]


DEFAULT_CONF = """
extensions = ["jekyll_guide"]
language = "fr"
html_theme = "pydata_sphinx_theme"
"""


def sphinx_build(
    srcdir: Path,
    outdir: Path | None = None,
    *,
    builder: str = "html",
    extra_args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Build:
    """Run ``python -m sphinx`` in a subprocess, as a user (or Read the Docs) would."""
    outdir = outdir or srcdir / "_build" / builder
    doctrees = outdir.parent / f"doctrees-{outdir.name}"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-T",
        "--no-color",
        "-b",
        builder,
        "-d",
        str(doctrees),
        *extra_args,
        str(srcdir),
        str(outdir),
    ]
    run_env = dict(os.environ, PYTHONPATH=str(ROOT / "_ext"), NO_COLOR="1", **(env or {}))
    run_env.pop("FORCE_COLOR", None)
    result = subprocess.run(command, capture_output=True, text=True, env=run_env, timeout=600)
    return Build(srcdir, outdir, result.returncode, result.stderr, result.stdout)


def write_files(srcdir: Path, files: dict[str, str | bytes], *, dedent: bool = True) -> None:
    """``{relative path: text or bytes}`` written under ``srcdir`` (text dedented)."""
    for name, content in files.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n") if dedent else content, "utf-8")


@pytest.fixture
def make_project(tmp_path):
    """Write a small project: ``{relative path: text}`` plus an optional conf tail."""

    def make(files: dict[str, str | bytes], conf: str = "") -> Path:
        srcdir = tmp_path / "src"
        srcdir.mkdir(exist_ok=True)
        (srcdir / "conf.py").write_text(DEFAULT_CONF + textwrap.dedent(conf), "utf-8")
        write_files(srcdir, files)
        if "index.md" not in files:
            pages = [name[:-3] for name in files if name.endswith(".md")]
            toctree = "\n".join(pages)
            (srcdir / "index.md").write_text(
                f"---\ntitle: Accueil\n---\n\n```{{toctree}}\n{toctree}\n```\n", "utf-8"
            )
        return srcdir

    return make


@pytest.fixture
def build_project(make_project):
    """Write a project and build it; returns a :class:`Build`."""

    def build(files, conf: str = "", **kwargs) -> Build:
        return sphinx_build(make_project(files, conf), **kwargs)

    return build


RTD_HTML_ARGS = ("-W", "--keep-going", "-D", "language=fr")


@pytest.fixture(scope="session")
def guide_html(tmp_path_factory) -> Build:
    """The shipped guide, built exactly as Read the Docs builds it."""
    outdir = tmp_path_factory.mktemp("guide") / "html"
    return sphinx_build(ROOT, outdir, extra_args=RTD_HTML_ARGS)
