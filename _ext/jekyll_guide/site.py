"""The Jekyll site around the pages: ``_config.yml``, ``_data/``, defaults.

Loaded once per build (``builder-inited``) and shared by every page read, in
parallel readers too (they are forked after it is loaded).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .liquid import JekyllEnvironment, load_site_config, load_site_data


@dataclass
class SiteContext:
    site_dir: Path
    site: dict[str, Any] = field(default_factory=dict)
    liquid: JekyllEnvironment | None = None
    dependencies: list[str] = field(default_factory=list)

    def defaults_for(self, path: str, front_matter: dict[str, Any]) -> dict[str, Any]:
        """Jekyll's ``defaults:`` whose scope matches ``path`` (relative to the site)."""
        values: dict[str, Any] = {}
        for rule in self.site.get("defaults") or []:
            if not isinstance(rule, dict) or not isinstance(rule.get("values"), dict):
                continue
            scope = rule.get("scope") if isinstance(rule.get("scope"), dict) else {}
            prefix = str(scope.get("path") or "").strip("/")
            if prefix and not (path == prefix or path.startswith(prefix + "/")):
                continue
            wanted_layout = scope.get("layout")
            if wanted_layout and front_matter.get("layout") not in (None, wanted_layout):
                continue
            values.update(rule["values"])
        return values


def load_site_context(app) -> None:
    config = app.config
    site_dir = Path(app.srcdir) / config.jekyll_site_dir
    config_file = site_dir / "_config.yml"
    site = load_site_config(config_file)
    site.update(config.jekyll_site)
    data_dir = site_dir / "_data"
    site["data"] = load_site_data(data_dir)
    dependencies = [str(config_file)] if config_file.is_file() else []
    if data_dir.is_dir():
        dependencies += [str(p) for p in sorted(data_dir.rglob("*")) if p.is_file()]
    app.jekyll_site = SiteContext(
        site_dir=site_dir,
        site=site,
        liquid=JekyllEnvironment(site_dir / "_includes", site),
        dependencies=dependencies,
    )


def site_context(app) -> SiteContext:
    if not hasattr(app, "jekyll_site"):
        load_site_context(app)
    return app.jekyll_site


def site_relative_path(app, docname: str, source_path: str) -> str:
    """The page's path as Jekyll sees it, relative to the site folder."""
    relative = Path(source_path).resolve().relative_to(Path(app.srcdir).resolve())
    site_dir = app.config.jekyll_site_dir.strip("/")
    path = relative.as_posix()
    if site_dir and path.startswith(site_dir + "/"):
        path = path[len(site_dir) + 1 :]
    return posixpath.normpath(path)


def setup_site(app) -> None:
    app.connect("builder-inited", load_site_context)
