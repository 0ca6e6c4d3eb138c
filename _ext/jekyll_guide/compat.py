"""Every touch of a MyST, Sphinx or theme internal, in one place.

The rest of the extension uses public APIs: Sphinx events, transforms,
collectors, directives, ``app.set_translator``, MyST's parser class and
``create_md_parser``, markdown-it-py's plugin API, python-liquid's tag and
filter API.  What has no public hook is here, each with the public API that is
missing.  ``tests/test_compat.py`` checks every one against the installed
versions, so an upstream release that changes one fails the tests loudly
instead of changing the guide silently; CI runs them on the oldest and the
newest supported Sphinx and MyST (``make test-oldest``).
"""

from __future__ import annotations

import contextlib
import sys

from docutils import nodes
from myst_parser.mdit_to_docutils import transforms as myst_transforms
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.sphinx_ext.myst_refs import MystReferenceResolver
from sphinx.transforms import SortIds

# ---- MyST --------------------------------------------------------------------


class FinalisingRenderer(SphinxRenderer):
    """MyST's renderer with a hook once the whole page is rendered.

    Missing public API: MyST has no event or method to override after rendering
    (``render()`` ends with the private ``_render_finalise``).  The kramdown
    problems collected while parsing are warned there, after footnotes and
    substitutions are done.
    """

    def _render_finalise(self) -> None:
        super()._render_finalise()
        self.after_render()

    def after_render(self) -> None:
        """Called once the page is rendered."""


#: The ``render_<token type>`` methods of MyST's renderer the Jekyll renderer
#: overrides (public names, but not a documented extension point: a rename
#: upstream would leave the override unused).
OVERRIDDEN_RENDER_METHODS = (
    "render_heading",
    "render_em",
    "render_strong",
    "render_bullet_list",
    "render_ordered_list",
    "render_table",
    "render_table_row",
    "render_footnote_reference",
    "render_hr",
    "render_html_block",
    "render_html_inline",
)

#: Just before MyST's ``ResolveAnchorIds`` (879), which would resolve
#: ``[x](#id)`` to a project-wide label first (ids are page-local in Jekyll).
BEFORE_MYST_ANCHOR_IDS = myst_transforms.ResolveAnchorIds.default_priority - 1
#: After parsing, before ``ResolveAnchorIds`` turns ``#x`` links into
#: cross-references that look like the links written as page names.
BEFORE_MYST_ANCHOR_LINKS = myst_transforms.ResolveAnchorIds.default_priority - 9
#: After Sphinx's ``SortIds`` (261) and MyST's ``PrioritiseExplicitIds`` (262,
#: MyST ≥ 5), which reorder a section's ids.
AFTER_ID_ORDERING = (
    max(
        SortIds.default_priority,
        getattr(myst_transforms, "PrioritiseExplicitIds", SortIds).default_priority,
    )
    + 1
)
#: Before MyST's post-transform resolver (9), which would warn about a link
#: written as a page's URL and write it as ``#target``.
BEFORE_MYST_RESOLVER = MystReferenceResolver.default_priority - 1


@contextlib.contextmanager
def id_kept_free(document: nodes.document, node_id: str | None, holder: nodes.Node):
    """While MyST renders a heading, ``node_id`` is taken, so docutils gives the
    section another implicit id and the author's id can go first afterwards.

    Missing public API: MyST gives no way to choose a heading's section id.
    """
    if node_id:
        document.ids[node_id] = holder
    try:
        yield
    finally:
        if node_id:
            del document.ids[node_id]


def app_of(env):
    """The Sphinx application of a build environment (so of a transform: ``self.env``).

    Missing public API: Sphinx 9 deprecates ``BuildEnvironment.app`` and
    ``SphinxTransform.app`` (removed in Sphinx 11) with no replacement for a
    transform that needs the builder (``get_target_uri``, ``make_refnode``) or
    the extension's state of the build; Sphinx's own post-transforms read
    ``env._app``.  Sphinx 8 has only ``env.app``.
    """
    app = getattr(env, "_app", None)
    return app if app is not None else env.app


# ---- Python ------------------------------------------------------------------

#: Deeply nested pages (lists 100 deep) are pickled and written recursively by
#: Sphinx and docutils: the process-wide limit is raised once, never lowered.
RECURSION_LIMIT = 20_000


def raise_recursion_limit() -> None:
    """Missing public API: Sphinx pickles doctrees recursively, with no option."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))


# ---- Sphinx ------------------------------------------------------------------


def add_template_folder(builder, folder: str) -> bool:
    """Templates searched after the project's and the theme's.

    Missing public API: ``templates_path`` is a config value (changing it makes
    Sphinx see a new configuration on every build); the template bridge's
    ``loaders`` list is internal.
    """
    from sphinx.jinja2glue import SphinxFileSystemLoader

    templates = getattr(builder, "templates", None)
    if templates is None or not isinstance(getattr(templates, "loaders", None), list):
        return False
    templates.loaders.append(SphinxFileSystemLoader(folder))
    return True


def section_numbers(env, docname: str) -> dict:
    """``{"#anchor": (1, 2)}``: the numbers ``:numbered:`` toctrees gave the page.

    Missing public API: ``env.toc_secnumbers`` is an undocumented attribute.
    """
    return env.toc_secnumbers.get(docname, {})


def figure_numbers(env, docname: str) -> dict:
    """``{figtype: {id: numbers}}`` (``env.toc_fignumbers``, undocumented)."""
    return env.toc_fignumbers.get(docname, {})


def one_read_chunk_per_process(active: bool) -> None:
    """Sphinx's parallel read in one chunk per process (``jekyll_parallel_read_per_process``).

    Missing public API: the chunking of ``Builder._read_parallel`` (the
    ``make_chunks`` it calls from its module) has no option; every chunk
    pickles the whole environment back (sphinx-doc/sphinx#10967).  Set while
    the documents are read, restored before they are written (the write phase
    keeps Sphinx's chunks).  The same chunking as a patch of Sphinx itself, for
    upstream: ``benchmarks/upstream/sphinx-read-one-chunk-per-process.patch``.
    """
    from sphinx import builders
    from sphinx.util import parallel

    def per_process(arguments, nproc, maxbatch=10):
        size = max(-(-len(arguments) // max(nproc, 1)), 1)  # ceiling: nproc chunks at most
        return [arguments[i : i + size] for i in range(0, len(arguments), size)]

    builders.make_chunks = per_process if active else parallel.make_chunks


# ---- pydata-sphinx-theme -----------------------------------------------------

#: pydata (0.21 on) caches one resolved sidebar per section on the application
#: object; pages in different chunks of a large section must not share it.
#: Before 0.21 it has no cache, and the attribute set here is not read.
PYDATA_SIDEBAR_CACHE = "_pst_sidebar_toctree_cache"


@contextlib.contextmanager
def pydata_sidebar_cache(app, cache: dict):
    """Missing public API: the theme has no option to key its sidebar cache."""
    previous = app.__dict__.get(PYDATA_SIDEBAR_CACHE)
    setattr(app, PYDATA_SIDEBAR_CACHE, cache)
    try:
        yield
    finally:
        if previous is None:
            app.__dict__.pop(PYDATA_SIDEBAR_CACHE, None)
        else:
            setattr(app, PYDATA_SIDEBAR_CACHE, previous)
