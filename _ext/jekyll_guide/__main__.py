"""``python -m jekyll_guide init SITE_DIR``: the ``jekyll-guide`` command."""

import sys

from .cli import main

sys.exit(main())
