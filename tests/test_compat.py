"""Every internal ``compat.py`` touches still exists in the installed versions.

These fail loudly on an upstream release that changes one (CI runs them on the
oldest and the newest supported Sphinx and MyST).  The other modules touch no
internal: checked by reading them.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest
from jekyll_guide import compat
from jekyll_guide.parser import JekyllRenderer
from myst_parser.mdit_to_docutils import transforms as myst_transforms
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

PACKAGE = Path(__file__).resolve().parent.parent / "_ext" / "jekyll_guide"
#: Names the package gives Sphinx, docutils, MyST, markdown-it and theme objects.
UPSTREAM_OBJECT = re.compile(
    r"\b(app|env|builder|config|registry|document|settings|state|md|parser|renderer|"
    r"translator|templates|context|theme|token|environment)\b"
)


def test_myst_calls_the_finalise_hook_at_the_end_of_render():
    assert callable(getattr(SphinxRenderer, "_render_finalise", None))
    source = inspect.getsource(SphinxRenderer.render)
    assert "self._render_finalise()" in source


def test_every_render_override_overrides_a_myst_method():
    ours = {name for name in vars(JekyllRenderer) if name.startswith("render_")}
    upstream = {name for name in dir(SphinxRenderer) if name.startswith("render_")}
    overridden = ours & upstream
    assert overridden == set(compat.OVERRIDDEN_RENDER_METHODS), (
        "update compat.OVERRIDDEN_RENDER_METHODS: "
        f"{sorted(overridden ^ set(compat.OVERRIDDEN_RENDER_METHODS))}"
    )
    for name in overridden:  # same call shape: (self, token)
        parameters = list(inspect.signature(getattr(SphinxRenderer, name)).parameters)
        assert parameters[:2] == ["self", "token"], name
    # the others render token types our plugin adds
    assert ours - upstream <= {
        "render_kramdown_toc",
        "render_kramdown_nomarkdown",
        "render_html_element",
    }


def test_priorities_are_relative_to_the_named_upstream_transforms():
    from myst_parser.sphinx_ext.myst_refs import MystReferenceResolver
    from sphinx.transforms import SortIds

    anchors = myst_transforms.ResolveAnchorIds.default_priority
    assert compat.BEFORE_MYST_ANCHOR_LINKS < compat.BEFORE_MYST_ANCHOR_IDS < anchors
    assert compat.BEFORE_MYST_RESOLVER < MystReferenceResolver.default_priority
    assert compat.AFTER_ID_ORDERING > SortIds.default_priority
    explicit = getattr(myst_transforms, "PrioritiseExplicitIds", None)
    if explicit is not None:
        assert compat.AFTER_ID_ORDERING > explicit.default_priority


def test_the_heading_id_trick_still_gives_the_author_id_first(build_project):
    build = build_project({"page.md": "---\ntitle: P\n---\n\n## Étapes\n{: #etapes}\n\nx\n"})
    assert build.returncode == 0, build.warnings
    soup = build.html("page")
    assert soup.find("h2")["id"] == "etapes"  # as kramdown writes it
    assert len(soup.select("#etapes")) == 1


def test_the_internal_attributes_exist():
    from sphinx.environment import BuildEnvironment
    from sphinx.jinja2glue import BuiltinTemplateLoader

    assert "self.toc_secnumbers" in inspect.getsource(BuildEnvironment)
    assert "self.toc_fignumbers" in inspect.getsource(BuildEnvironment)
    assert "self.loaders" in inspect.getsource(BuiltinTemplateLoader.init)


def test_pydata_still_caches_its_sidebar_on_the_app():
    pytest.importorskip("pydata_sphinx_theme")
    from pydata_sphinx_theme import toctree

    source = inspect.getsource(toctree)
    if compat.PYDATA_SIDEBAR_CACHE not in source:
        # pydata < 0.16.1: no cache shared between pages (one per page's context),
        # so nothing to key; anything else would share sidebars across chunks
        per_page = inspect.getsource(toctree.add_toctree_functions)
        assert "def generate_toctree_html" in per_page


def test_no_module_but_compat_touches_a_private_upstream_name():
    """``x._name`` on something that is not ours, or an import of ``_name``."""
    ours = re.compile(r"^_jekyll|^__")
    for module in sorted(PACKAGE.rglob("*.py")):
        if module.name == "compat.py":
            continue
        tree = ast.parse(module.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                if not UPSTREAM_OBJECT.search(ast.unparse(node.value)):
                    continue  # our own objects
                assert ours.match(node.attr) or node.attr == "_value_", (
                    f"{module.relative_to(PACKAGE)}:{node.lineno}: .{node.attr}"
                )
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{module.relative_to(PACKAGE)}:{node.lineno}: {private}"
                assert node.module == "__future__" or not any(
                    part.startswith("_") for part in node.module.split(".")
                ), f"{module.relative_to(PACKAGE)}:{node.lineno}: {node.module}"


def test_no_deprecated_sphinx_api_in_a_build(tmp_path):
    """A deprecation (``RemovedInSphinx11Warning``…) raised from the extension's own
    code fails the build: the next release would remove what it uses."""
    import subprocess
    import sys

    script = (
        "import sys, warnings\n"
        f"sys.path.insert(0, {str(PACKAGE.parent)!r})\n"
        "warnings.filterwarnings('error', module=r'jekyll_guide(\\..*)?$')\n"
        "from sphinx.cmd.build import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    root = PACKAGE.parent.parent
    args = ["-T", "-q", "-b", "html", "-d", str(tmp_path / "dt"), "-D", "language=fr"]
    result = subprocess.run(
        [sys.executable, "-c", script, *args, str(root), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_one_read_chunk_per_process_is_set_and_restored():
    from sphinx import builders
    from sphinx.util import parallel

    pages = [f"p{i}" for i in range(1000)]
    assert len(builders.make_chunks(pages, 2)) > 10  # Sphinx's ~sqrt(5 N) chunks
    compat.one_read_chunk_per_process(True)
    try:
        assert [len(chunk) for chunk in builders.make_chunks(pages, 2)] == [500, 500]
    finally:
        compat.one_read_chunk_per_process(False)
    assert builders.make_chunks is parallel.make_chunks


def test_a_parallel_read_per_process_builds_the_same_pages(build_project, tmp_path):
    files = {f"p{i}.md": f"---\ntitle: P{i}\n---\n\nText {i}\n{{: #t{i}}}\n" for i in range(30)}
    serial = build_project(files, outdir=tmp_path / "serial")
    sphinx_chunks = build_project(files, outdir=tmp_path / "chunks", extra_args=("-j", "2"))
    parallel = build_project(
        files,
        conf="jekyll_parallel_read_per_process = True\n",
        outdir=tmp_path / "parallel",
        extra_args=("-j", "2"),
    )
    assert serial.returncode == sphinx_chunks.returncode == parallel.returncode == 0
    # 30 pages: Sphinx reads 3 chunks of 12; one per process is 2 of 15
    assert "reading sources... [ 33%]" in sphinx_chunks.stdout, sphinx_chunks.stdout
    assert "reading sources... [ 50%]" in parallel.stdout, parallel.stdout
    for name in ("p0", "p29"):
        for build in (serial, parallel):
            assert build.html(name).select_one("#t" + name[1:]).get_text() == f"Text {name[1:]}"
