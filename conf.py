"""Sphinx configuration of the guide des expertises.

Read the Docs builds with the folder of this file as the source folder, so the
pages live in ``docs/`` and everything else is kept out by ``include_patterns``.
"""

import os
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).parent.resolve()
# The extension is installed by `pip install .`; the source tree wins when present.
sys.path.insert(0, str(ROOT / "_ext"))

project = "Guide des expertises"
author = "L'équipe"
copyright = "2026, L'équipe"
# the project's version (pyproject.toml): the EPUB needs one
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
version = release = PYPROJECT["project"]["version"]
language = "fr"

root_doc = "docs/index"
include_patterns = ["docs/**", "404.md"]  # 404.html must be at the root
exclude_patterns = ["docs/_includes/**", "docs/_data/**", "docs/_static/**"]
templates_path = ["_templates"]

extensions = ["jekyll_guide", "sphinxext.opengraph", "notfound.extension"]

# The Jekyll site: _config.yml, _includes/, _data/ and the header images live in docs/.
jekyll_site_dir = "docs"
jekyll_layouts = {
    "expertises": "jekyll/expertises.html",
    "offres": "jekyll/offres.html",
}
jekyll_cta_url = "/contact.html"

# Read the Docs gives the canonical URL; the sitemap needs it.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
if html_baseurl:
    extensions.append("sphinx_sitemap")
    sitemap_url_scheme = "{link}"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = False  # the summary gives the page its description
# the 404 page is served at any missing URL: its links are absolute
notfound_urls_prefix = urlparse(html_baseurl).path or None

source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist", "smartquotes"]
# kramdown's typographic quotes, done on markdown-it tokens (docutils' own
# smartquotes turns the apostrophe of « l'[intégrateur](…) » into a closing quote)
smartquotes = False

html_theme = "pydata_sphinx_theme"
html_title = "Guide des expertises"
html_static_path = ["docs/_static"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_prev_next": True,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"docs/index": [], "404": []}
html_last_updated_fmt = None
html_search_language = "fr"

# PDF: one part per section of the guide, one chapter per page.
latex_engine = "pdflatex"
latex_toplevel_sectioning = "part"
latex_documents = [
    ("docs/index", "guide-des-expertises.tex", "Guide des expertises", author, "manual"),
]
latex_elements = {
    "papersize": "a4paper",
    "babel": r"\usepackage[french]{babel}",
    "fontpkg": r"\usepackage{tgtermes}\usepackage{tgheros}",
}
