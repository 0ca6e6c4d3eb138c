"""One way to warn about a page: ``jekyll.<kind>`` at ``file:line``.

Every warning of the extension goes through :func:`warn_at`, so users can
silence a kind with ``suppress_warnings = ["jekyll.<kind>"]``.
"""

from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger("jekyll_guide")


def warn_at(docname: str | None, line: int | None, kind: str, message: str) -> None:
    """Warn about ``docname`` (at 1-based ``line``) with type ``jekyll.<kind>``."""
    location = (docname, line) if docname else None
    logger.warning(message, type="jekyll", subtype=kind, location=location)


def warn_node(node, kind: str, message: str) -> None:
    """Warn at a node's own source and line (right after documents are merged)."""
    logger.warning(message, type="jekyll", subtype=kind, location=node)


def warn_file(path: str, kind: str, message: str, line: int | None = None) -> None:
    """Warn about a file that is not a page (``_config.yml``, an include)."""
    location = f"{path}:{line}" if line else str(path)
    logger.warning(message, type="jekyll", subtype=kind, location=location)
