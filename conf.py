"""Sphinx configuration of the guide des expertises.

Read the Docs builds with the folder of this file as the source folder, so the
pages live in ``docs/`` and everything else is kept out by ``include_patterns``.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
# The extension is installed by `pip install .`; the source tree wins when present.
sys.path.insert(0, str(ROOT / "_ext"))

project = "Guide des expertises"
author = "L'équipe"
copyright = "2026, L'équipe"
language = "fr"

root_doc = "docs/index"
include_patterns = ["docs/**"]
exclude_patterns = ["docs/_includes/**", "docs/_data/**"]
templates_path = ["_templates"]

extensions = ["jekyll_guide"]

source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]

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
html_sidebars = {"docs/index": []}
html_last_updated_fmt = None
html_search_language = "fr"
