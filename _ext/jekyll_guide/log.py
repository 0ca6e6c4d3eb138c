"""One way to warn: ``jekyll.<kind>`` at ``file:line``.

Every warning of the extension goes through :func:`warn_at` (a page),
:func:`warn_node` (a node) or :func:`warn_file` (a site file), with a
:class:`~.warnings.WarningKind`, so users can silence a kind with
``suppress_warnings = ["jekyll.<kind>"]``.
"""

from __future__ import annotations

from sphinx.util import logging

from .warnings import WarningKind

logger = logging.getLogger("jekyll_guide")

#: Warnings of one kind about one page: a page with 30 000 dead links must not
#: bury the log (and the build's time) under 30 000 lines.
MAX_WARNINGS_PER_KIND = 50
_counts: dict[tuple[str, str], int] = {}


def _shown(page: str | None, kind: WarningKind, location) -> bool:
    """Count the warning; ``False`` once the page has had its share of this kind."""
    if page is None:
        return True
    key = (page, kind)
    count = _counts[key] = _counts.get(key, 0) + 1
    if count == MAX_WARNINGS_PER_KIND + 1:
        logger.warning(
            f"more than {MAX_WARNINGS_PER_KIND} jekyll.{kind} warnings about this page: the "
            "others are not shown (fix these first)",
            type="jekyll",
            subtype=kind,
            location=location,
        )
    return count <= MAX_WARNINGS_PER_KIND


def warn_at(docname: str | None, line: int | None, kind: WarningKind, message: str) -> None:
    """Warn about ``docname`` (at 1-based ``line``) with type ``jekyll.<kind>``."""
    kind = WarningKind(kind)  # a kind no WarningKind names is a bug of the extension
    location = (docname, line) if docname else None
    if _shown(docname, kind, location):
        logger.warning(message, type="jekyll", subtype=kind, location=location)


def warn_node(node, kind: WarningKind, message: str) -> None:
    """Warn at a node's own source and line (right after documents are merged)."""
    kind = WarningKind(kind)
    if _shown(getattr(node, "source", None), kind, node):
        logger.warning(message, type="jekyll", subtype=kind, location=node)


def forget_page_warnings(app, env, docname: str) -> None:
    """A page read again has its share of warnings again."""
    names = (docname, str(env.doc2path(docname)))  # as warn_at and warn_node name it
    for key in [key for key in _counts if key[0] in names]:
        del _counts[key]


def setup_log(app) -> None:
    app.connect("env-purge-doc", forget_page_warnings)


def warn_problems(docname: str | None, problems) -> None:
    """Warn each :class:`~.warnings.Problem` about ``docname``."""
    for problem in problems:
        warn_at(docname, problem.line, problem.kind, problem.message)


def warn_file(path: str, kind: WarningKind, message: str, line: int | None = None) -> None:
    """Warn about a file that is not a page (``_config.yml``, an include)."""
    kind = WarningKind(kind)
    location = f"{path}:{line}" if line else str(path)
    logger.warning(message, type="jekyll", subtype=kind, location=location)
