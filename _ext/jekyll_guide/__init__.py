"""Jekyll pages (front matter, kramdown attribute lists, Liquid) in Sphinx.

Add ``"jekyll_guide"`` to ``extensions``; it loads MyST and sphinx-design.
"""

from __future__ import annotations

from .builders import setup_builders
from .callouts import setup_callouts
from .config import setup_config
from .encoding import setup_encoding
from .hero import setup_hero
from .latex import setup_latex
from .layouts import setup_layouts
from .listings import setup_listings
from .log import setup_log
from .navigation import setup_navigation
from .pages import setup_pages
from .parser import setup_parser
from .rawhtml import setup_rawhtml
from .redirects import setup_redirects
from .registry import setup_registry
from .search import setup_search
from .site import setup_site
from .styles import setup_styles

__version__ = "0.1.0"


def setup(app):
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    setup_config(app)
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
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        # 3: one page record per document (registry.load_pages)
        "env_version": 3,
    }
