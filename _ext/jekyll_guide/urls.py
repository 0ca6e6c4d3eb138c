"""URLs written by page authors: which have a scheme, which may become links.

Pure Python; shared by links, calls to action, raw HTML and Liquid filters so
that one rule decides what a link may point to.
"""

from __future__ import annotations

import re

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_UNSAFE = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


def has_scheme(text: str) -> bool:
    """``https:``, ``mailto:``, ``javascript:``… (not a path)."""
    return _SCHEME.match(text) is not None


def safe_url(url: str) -> str | None:
    """The URL stripped, or ``None`` when it must not become a link (script, data)."""
    url = url.strip()
    if not url or _UNSAFE.match(url):
        return None
    return url
