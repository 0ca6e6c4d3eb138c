"""Jekyll pages (front matter, kramdown attribute lists, Liquid) in Sphinx.

Add ``"jekyll_guide"`` to ``extensions``; it loads MyST and sphinx-design.
"""

from __future__ import annotations

__version__ = "0.1.0"


def setup(app) -> dict:
    from .extension import setup as setup_extension

    return setup_extension(app, __version__)
