"""Shared fixtures: build small Sphinx projects and the shipped guide itself."""

from __future__ import annotations

import contextlib
import io
import locale
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import warnings
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
    in_process: bool | None = None,
) -> Build:
    """``python -m sphinx`` with these arguments, as a user (or Read the Docs) runs it.

    In this process by default: the same command line (``sphinx.cmd.build.main``
    is what ``python -m sphinx`` runs), without starting Python and importing
    Sphinx again.  In a subprocess (``in_process=False``) where the process is
    the point, and by default for builds given ``env`` (variables the process
    starts with, as Read the Docs sets them) and parallel builds (``-j``: worker
    processes forked from the build's own process, not from pytest).  An
    in-process build given ``env`` has it in ``os.environ`` while it runs.
    """
    outdir = outdir or srcdir / "_build" / builder
    doctrees = outdir.parent / f"doctrees-{outdir.name}"
    arguments = [
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
    run_env = {"PYTHONPATH": str(ROOT / "_ext"), "NO_COLOR": "1", **(env or {})}
    if in_process is None:
        in_process = env is None and not _parallel(extra_args)
    if in_process:
        returncode, stdout, stderr = _build_in_process(arguments, run_env)
        return Build(srcdir, outdir, returncode, stderr, stdout)
    command = [sys.executable, "-m", "sphinx", *arguments]
    run_env = dict(os.environ, **run_env)
    run_env.pop("FORCE_COLOR", None)
    result = subprocess.run(command, capture_output=True, text=True, env=run_env, timeout=600)
    return Build(srcdir, outdir, result.returncode, result.stderr, result.stdout)


def _parallel(arguments: tuple[str, ...]) -> bool:
    return any(argument.startswith(("-j", "--jobs")) for argument in arguments)


def _build_in_process(arguments: list[str], run_env: dict[str, str]) -> tuple[int, str, str]:
    """``sphinx.cmd.build.main(arguments)``; its output captured, the process left as found.

    What a build changes in its process and a subprocess would have thrown away
    is put back: environment, ``sys.argv`` (``python -m sphinx``'s while it
    runs, for its messages), ``sys.path`` (a ``conf.py`` inserts its ``_ext``),
    the working folder, the locale (``main`` sets it from the environment), the
    recursion limit (the extension raises it), the ``sphinx`` logger (the app's
    handlers write to this build's streams) and the global caches of
    :func:`_reset_global_state`.  Sphinx itself restores the docutils directive,
    role and node registries (``docutils_namespace``).
    """
    import sphinx
    from sphinx.cmd.build import main

    with contextlib.suppress(Exception):  # a broken extension is the build's error to report
        import jekyll_guide  # noqa: F401 -- ROOT/_ext's, before a copy's conf.py puts its _ext first

    stdout, stderr = io.StringIO(), io.StringIO()
    sphinx_logger = logging.getLogger("sphinx")
    saved_logger = (sphinx_logger.handlers[:], sphinx_logger.propagate, sphinx_logger.level)
    saved_environ = dict(os.environ)
    saved_argv, saved_path, saved_cwd = sys.argv, sys.path[:], os.getcwd()
    saved_locale = locale.setlocale(locale.LC_ALL)
    saved_recursion = sys.getrecursionlimit()
    _reset_global_state()
    try:
        os.environ.update(run_env)
        os.environ.pop("FORCE_COLOR", None)
        sys.argv = [str(Path(sphinx.__file__).with_name("__main__.py")), *arguments]
        with (
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
            warnings.catch_warnings(),
        ):
            # hidden, as Python hides them outside __main__ (pytest would show them)
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            try:
                returncode = main(arguments)
            except SystemExit as stop:  # argparse refused the arguments
                returncode = stop.code if isinstance(stop.code, int) else stop.code is not None
    finally:
        for name in set(os.environ) - set(saved_environ):
            del os.environ[name]
        for name, value in saved_environ.items():
            if os.environ.get(name) != value:
                os.environ[name] = value
        sys.argv, sys.path[:] = saved_argv, saved_path
        os.chdir(saved_cwd)
        locale.setlocale(locale.LC_ALL, saved_locale)
        sys.setrecursionlimit(saved_recursion)
        sphinx_logger.handlers[:] = saved_logger[0]
        sphinx_logger.propagate, sphinx_logger.level = saved_logger[1:]
        _reset_global_state()
    if returncode == 2 and stderr.getvalue().rstrip().endswith("Interrupted!"):
        raise KeyboardInterrupt  # Ctrl-C stops pytest, as it stopped the subprocess with it
    return int(returncode), stdout.getvalue(), stderr.getvalue()


#: Module-level state of the extension that lives as long as its process.
EXTENSION_STATE = (
    "_counts",  # jekyll_guide.log: warnings counted per (page, kind), capped at 50
    "_SUBFOLDERS_CACHE",  # header image folders walked (also cleared by each read)
)


def _reset_global_state() -> None:
    """What a new process starts without, as ``sphinx.testing`` cleans up after an app.

    Message catalogs (``sphinx.locale.translators``: a second language would only
    be added as a fallback of the first), autodoc's module analyzers, every
    ``functools`` cache of Sphinx and of the extension (Sphinx caches asset
    checksums by path: a rebuild that rewrote a stylesheet would link the old
    checksum) and the extension's own :data:`EXTENSION_STATE`.
    """
    import sphinx.locale
    import sphinx.pycode

    sphinx.locale.translators.clear()
    sphinx.pycode.ModuleAnalyzer.cache.clear()
    for name, module in list(sys.modules.items()):
        if module is None or name.partition(".")[0] not in ("sphinx", "jekyll_guide"):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                value.cache_clear()  # a functools.cache or lru_cache
        if name.startswith("jekyll_guide"):
            for attribute in EXTENSION_STATE:
                getattr(module, attribute, {}).clear()


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
