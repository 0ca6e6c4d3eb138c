"""The extension: composes the ``setup_<component>`` of each module.

Imported by :func:`jekyll_guide.setup` when Sphinx loads the extension, so that
``import jekyll_guide`` (and its syntax modules) needs no Sphinx.
"""

from __future__ import annotations

from .builders import setup_builders
from .callouts import setup_callouts
from .config import setup_config
from .encoding import setup_encoding
from .hero import setup_hero
from .i18n import setup_i18n
from .latex import setup_latex
from .layouts import setup_layouts
from .listings import setup_listings
from .log import setup_log
from .navigation import setup_navigation
from .pages import setup_pages
from .parser import setup_parser
from .rawhtml import setup_rawhtml
from .redirects import setup_redirects
from .reference import setup_reference
from .registry import setup_registry
from .search import setup_search
from .site import setup_site
from .styles import setup_styles


def setup(app, version: str) -> dict:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    setup_config(app)
    setup_i18n(app)
    setup_log(app)
    setup_encoding(app)
    setup_site(app)
    setup_registry(app)
    setup_parser(app)
    setup_rawhtml(app)
    setup_pages(app)
    setup_navigation(app)
    setup_hero(app)
    setup_listings(app)
    setup_layouts(app)
    setup_styles(app)
    setup_callouts(app)
    setup_latex(app)
    setup_builders(app)
    setup_redirects(app)
    setup_search(app)
    setup_reference(app)
    return {
        "version": version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        # 3: one page record per document (registry.load_pages)
        "env_version": 3,
    }
